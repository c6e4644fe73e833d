/**
 * The one place the pubsub implementation is chosen. Parley uses
 * `@libp2p/gossipsub` (the libp2p maintainers' home of the ChainSafe
 * implementation, released for libp2p 3); switch back here when
 * `@chainsafe/libp2p-gossipsub` supports libp2p 3.
 */
import { blake2b256 } from '@parley/crypto'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { createPeerScoreParams, createPeerScoreThresholds, createTopicScoreParams, type PeerScoreParams, type PeerScoreThresholds, type TopicScoreParams } from '@libp2p/gossipsub/score'
import type { GossipSubComponents } from '@libp2p/gossipsub'
import type { Connection, PeerId } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export type { GossipSub }
export { TopicValidatorResult } from '@libp2p/gossipsub'

/**
 * How long gossipsub remembers the id of a message it has seen, to drop duplicates: the ids held
 * are the message rate times this, whatever else happens. Stays above TWIN_FRESH_MS
 * (archive/twin-watch.ts), which relies on a replayed event being dropped as seen.
 */
export const GOSSIP_SEEN_TTL_MS = 120_000
/** Heartbeats a whole message stays in gossipsub's message cache (served on IWANT). */
export const GOSSIP_HISTORY_LENGTH = 5
/** Of those, the heartbeats whose ids are advertised (IHAVE). */
export const GOSSIP_HISTORY_GOSSIP = 3

/** Options of {@link parleyPubsub}. */
export interface PubsubInit {
  /** Heartbeat interval in ms (gossipsub's default 1000; tests may shorten it). */
  heartbeatIntervalMs?: number
}

/**
 * The gossipsub message id: BLAKE2b-256 of the topic, a zero byte, and the
 * data. Gossipsub marks an id as seen before the topic's validator runs, so
 * an id of the data alone would let a neighbour who relays an envelope on
 * another topic first (where it is rejected) make us drop it as a duplicate
 * on its real topic. A topic never holds a zero byte (room names are
 * normalised), so topic and data cannot be shifted into one another. This is
 * gossip's id only; the stored message id stays the hash of the envelope.
 */
export function parleyMsgId (topic: string, data: Uint8Array): Uint8Array<ArrayBuffer> {
  const t = new TextEncoder().encode(topic)
  const bytes = new Uint8Array(t.length + 1 + data.length)
  bytes.set(t)
  bytes.set(data, t.length + 1)
  return blake2b256(bytes) as Uint8Array<ArrayBuffer>
}

/**
 * Gossipsub as Parley runs it: StrictNoSign (our envelope carries the
 * author's signature), a content-hash message id bound to its topic
 * ({@link parleyMsgId}), and peer scoring on.
 */
export function parleyPubsub (init: PubsubInit = {}): (components: GossipSubComponents) => GossipSub {
  return gossipsub({
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: (msg) => parleyMsgId(msg.topic, msg.data),
    emitSelf: false,
    allowPublishToZeroTopicPeers: true,
    heartbeatInterval: init.heartbeatIntervalMs ?? 1000,
    // gossipsub's defaults, named here: what it keeps per message lasts this long, however many there are.
    seenTTL: GOSSIP_SEEN_TTL_MS,
    mcacheLength: GOSSIP_HISTORY_LENGTH,
    mcacheGossip: GOSSIP_HISTORY_GOSSIP,
    // Room members reach each other through a relay too (net/contact-dialler.ts).
    runOnLimitedConnection: true,
    scoreParams: parleyScoreParams(),
    scoreThresholds: parleyScoreThresholds()
  })
}

/** Peer score parameters; room topics are added as they are joined ({@link setTopicScore}). */
export function parleyScoreParams (): PeerScoreParams {
  return createPeerScoreParams({
    // Many honest peers share loopback or a NAT address; colocation is not evidence of Sybils here.
    IPColocationFactorWeight: 0,
    // Behaviour penalties (gossipsub's own, and ours for forged sync history: {@link penalise})
    // fade with a half-life of about 35 s instead of gossipsub's default of under a second.
    behaviourPenaltyDecay: 0.98,
    topics: {}
  })
}

/**
 * Score thresholds: one invalid message (-20 in a room topic) already puts a
 * peer below the gossip threshold; a few more below publish and graylist.
 */
export function parleyScoreThresholds (): PeerScoreThresholds {
  return createPeerScoreThresholds({
    gossipThreshold: -10,
    publishThreshold: -50,
    graylistThreshold: -80,
    acceptPXThreshold: 10,
    opportunisticGraftThreshold: 2
  })
}

/**
 * Score parameters of a room topic: invalid messages (validator REJECT) cost
 * heavily and decay slowly, so a peer that forwards forgeries drops below the
 * gossip and publish thresholds; delivery-based penalties stay off because
 * rooms are often quiet.
 */
export function roomTopicScore (): TopicScoreParams {
  return createTopicScoreParams({
    topicWeight: 1,
    timeInMeshWeight: 0.01,
    timeInMeshQuantum: 1000,
    timeInMeshCap: 100,
    firstMessageDeliveriesWeight: 1,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 50,
    meshMessageDeliveriesWeight: 0,
    meshFailurePenaltyWeight: 0,
    invalidMessageDeliveriesWeight: -20,
    invalidMessageDeliveriesDecay: 0.9
  })
}

/** Registers a topic's score parameters on a running gossipsub. */
export function setTopicScore (pubsub: GossipSub, topic: string, params: TopicScoreParams): void {
  const router = pubsub as unknown as { score?: { params: { topics: Record<string, TopicScoreParams> } } }
  if (router.score !== undefined) router.score.params.topics[topic] = params
}

/** A peer's current gossipsub score (0 when unknown). */
export function peerScore (pubsub: GossipSub, peerId: string): number {
  const router = pubsub as unknown as { getScore?: (id: string) => number }
  return router.getScore?.(peerId) ?? 0
}

/**
 * Adds a behaviour penalty to a peer (P7 of the gossipsub v1.1 score: the
 * score drops by 10 × penalty², decaying as set in {@link parleyScoreParams}).
 * For misbehaviour gossipsub cannot see, such as forged envelopes pushed
 * over history sync. A penalty of 1 puts a peer below the gossip threshold,
 * 3 below the graylist threshold.
 */
export function penalise (pubsub: GossipSub, peerId: string, penalty: number): void {
  const router = pubsub as unknown as { score?: { addPenalty?: (id: string, penalty: number, label: string) => void } }
  router.score?.addPenalty?.(peerId, penalty, 'parley_sync')
}

/** How long after a connection closes gossipsub is re-attached to the peer's remaining one (its own close handling runs first). */
const REATTACH_DELAY_MS = 100

/**
 * Keeps gossipsub talking to a peer when the connection its streams ran on closes while another
 * stays open. Gossipsub opens its streams on the first connection to a peer (often a relayed one,
 * `runOnLimitedConnection`) and never moves them, so two peers that met through a relay and then
 * connected directly (DCUtR, WebRTC) would fall silent to each other when the relay went. Here the
 * router is told of the open connection again, as libp2p's topology does for a new one: it re-adds
 * the peer if it dropped it and opens a fresh outbound stream, which resends our subscriptions.
 */
export function keepPubsubAcrossConnections (libp2p: Libp2p<{ pubsub: GossipSub }>): void {
  const router = libp2p.services.pubsub as unknown as { onPeerConnected: (peer: PeerId, connection: Connection) => void }
  libp2p.addEventListener('connection:close', (evt) => {
    const peer = evt.detail.remotePeer
    setTimeout(() => {
      const open = libp2p.getConnections(peer).find((c) => c.status === 'open')
      if (open !== undefined && typeof router.onPeerConnected === 'function') router.onPeerConnected(peer, open)
    }, REATTACH_DELAY_MS)
  })
}
