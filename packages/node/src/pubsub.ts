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

export type { GossipSub }
export { TopicValidatorResult } from '@libp2p/gossipsub'

/** Options of {@link parleyPubsub}. */
export interface PubsubInit {
  /** Heartbeat interval in ms (gossipsub's default 1000; tests may shorten it). */
  heartbeatIntervalMs?: number
}

/**
 * Gossipsub as Parley runs it: StrictNoSign (our envelope carries the
 * author's signature), a content-hash message id (BLAKE2b-256 of the data,
 * which is our message id), and peer scoring on.
 */
export function parleyPubsub (init: PubsubInit = {}): (components: GossipSubComponents) => GossipSub {
  return gossipsub({
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: (msg) => blake2b256(msg.data),
    emitSelf: false,
    allowPublishToZeroTopicPeers: true,
    heartbeatInterval: init.heartbeatIntervalMs ?? 1000,
    scoreParams: parleyScoreParams(),
    scoreThresholds: parleyScoreThresholds()
  })
}

/** Peer score parameters; room topics are added as they are joined ({@link setTopicScore}). */
export function parleyScoreParams (): PeerScoreParams {
  return createPeerScoreParams({
    // Many honest peers share loopback or a NAT address; colocation is not evidence of Sybils here.
    IPColocationFactorWeight: 0,
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
