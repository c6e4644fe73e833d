/**
 * One member of the room benchmark's network: a bare gossipsub node (default
 * options) or a Parley peer in a room. Both publish numbered 200-byte
 * messages and report every message they receive by its number.
 */
import { join } from 'node:path'
import { blake2b256, toHex } from '@parley/crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { createRawNode, tcpAddr } from './raw-node.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Libp2p } from 'libp2p'

export const MESSAGE_BYTES = 200
const now = (): number => performance.timeOrigin + performance.now()
const RAW_TOPIC = '/parley-bench/room/1'
/** The room every Parley node of the benchmarks joins. */
export const ROOM = 'bench'

export interface RoomNode {
  readonly peerId: string
  readonly addr: string
  dial: (addr: string) => Promise<void>
  join: () => Promise<void> | void
  /** Connections, topic subscribers known, and mesh peers in the topic. */
  state: () => { connections: number, subscribers: number, mesh: number }
  publish: (seq: number) => Promise<void>
  /** Called with the number of every message received from another node. */
  onReceive: (seq: number) => void
  /** Called with the duration of a named step of Parley's path (Parley nodes only). */
  onStep: (step: string, ms: number) => void
  /** How this node sees another peer: its gossipsub score and whether it is in our mesh of the topic. */
  view: (peerId: string) => { score: number, inMesh: boolean }
  /** Why each of this node's connections closed, since it started (see {@link watchCloses}). */
  closes: () => CloseRecord[]
  stop: () => Promise<void>
}

/** One closed connection: who closed it, with what error, and how long it had been open. */
export interface CloseRecord {
  /** 'monitor' (libp2p's connection monitor aborted it), 'watch' (Parley's connection watch), 'local' (another part of this node), 'remote'. */
  by: 'monitor' | 'watch' | 'local' | 'remote'
  error: string
  ageMs: number
}

/**
 * Records why every connection of `node` closes. The close event is dispatched synchronously from
 * the call that closed it, so the stack at that moment names the closer (libp2p's connection
 * monitor aborts a connection whose ping timed out from connection-monitor.js, Parley's connection
 * watch from connection-watch.js).
 */
export function watchCloses (node: Libp2p): () => CloseRecord[] {
  const records: CloseRecord[] = []
  node.addEventListener('connection:open', (evt) => {
    const conn = evt.detail
    conn.addEventListener('close', (close) => {
      const limit = Error.stackTraceLimit
      Error.stackTraceLimit = 60
      const stack = new Error('close').stack ?? ''
      Error.stackTraceLimit = limit
      const by = stack.includes('connection-monitor') ? 'monitor' : stack.includes('connection-watch') ? 'watch' : close.local === true ? 'local' : 'remote'
      const error = close.error === undefined ? 'none' : `${close.error.name}: ${close.error.message.slice(0, 80)}`
      records.push({ by, error, ageMs: Math.round(Date.now() - conn.timeline.open) })
    })
  })
  return () => records
}

const meshOf = (pubsub: GossipSub, topic: string): string[] => (pubsub as unknown as { getMeshPeers: (t: string) => string[] }).getMeshPeers(topic)

function gossipState (libp2p: Libp2p, pubsub: GossipSub, topic: string): { connections: number, subscribers: number, mesh: number } {
  const mesh = meshOf(pubsub, topic)
  return { connections: libp2p.getConnections().length, subscribers: pubsub.getSubscribers(topic).length, mesh: mesh.length }
}

/** A bare gossipsub node with default options. */
export async function rawRoomNode (): Promise<RoomNode> {
  const node = await createRawNode('gossip')
  const pubsub = node.services.pubsub as GossipSub
  const self: RoomNode = {
    peerId: node.peerId.toString(),
    addr: tcpAddr(node),
    dial: async (addr) => { await node.dial(multiaddr(addr)) },
    join: () => { pubsub.subscribe(RAW_TOPIC) },
    state: () => gossipState(node, pubsub, RAW_TOPIC),
    publish: async (seq) => {
      const data = new Uint8Array(MESSAGE_BYTES)
      new DataView(data.buffer).setUint32(0, seq)
      await pubsub.publish(RAW_TOPIC, data)
    },
    onReceive: () => {},
    onStep: () => {},
    view: (peerId) => ({ score: 0, inMesh: meshOf(pubsub, RAW_TOPIC).includes(peerId) }),
    closes: watchCloses(node),
    stop: async () => { await node.stop() }
  }
  pubsub.addEventListener('message', (evt) => {
    if (evt.detail.topic === RAW_TOPIC) self.onReceive(new DataView(evt.detail.data.buffer, evt.detail.data.byteOffset).getUint32(0))
  })
  return self
}

/**
 * A Parley peer (createNodePeer, as `parley` runs it) with its profile in `dataDir`. Parley's
 * modules are loaded here, not when the worker starts: they mend libp2p's libraries as they load
 * (libp2p-runtime.ts), and a worker hosting the raw baseline must run those libraries as released.
 */
export async function parleyRoomNode (dataDir: string): Promise<RoomNode> {
  const [{ roomTopic }, { createNodePeer }] = await Promise.all([import('@parley/node'), import('@parley/node/node')])
  const { peer } = await createNodePeer({ dataDir: join(dataDir, 'profile'), listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  await peer.start()
  const pubsub = peer.libp2p.services.pubsub
  const topic = roomTopic(ROOM)
  let sending = 0
  const self: RoomNode = {
    peerId: peer.peerId,
    addr: tcpAddr(peer.libp2p),
    dial: async (addr) => { await peer.dial(addr) },
    join: async () => { await peer.rooms.join(ROOM) },
    state: () => gossipState(peer.libp2p, pubsub, topic),
    publish: async (seq) => {
      sending = now()
      await peer.rooms.send(ROOM, `${seq} `.padEnd(MESSAGE_BYTES, '.'))
    },
    onReceive: () => {},
    onStep: () => {},
    view: (peerId) => ({ score: peer.peerScore(peerId), inMesh: meshOf(pubsub, topic).includes(peerId) }),
    closes: watchCloses(peer.libp2p),
    stop: async () => { await peer.stop() }
  }
  // Two steps of Parley's path, timed from outside: the author's work before gossipsub has the
  // message (seal, sign, store), and a receiver's after gossipsub delivers it (store, then show).
  const publish = pubsub.publish.bind(pubsub)
  pubsub.publish = async (...args) => {
    if (sending > 0) self.onStep('author: send → handed to gossipsub', now() - sending)
    sending = 0
    return publish(...args)
  }
  const history = peer.store.history
  const append = history.append.bind(history)
  history.append = async (records) => {
    const start = now()
    const added = await append(records)
    self.onStep('store append (history)', now() - start)
    return added
  }
  const delivered = new Map<string, number>()
  pubsub.addEventListener('message', (evt) => {
    if (evt.detail.topic === topic) delivered.set(toHex(blake2b256(evt.detail.data)), now())
  })
  peer.addEventListener('message', (evt) => {
    if (evt.detail.room !== ROOM || evt.detail.from === peer.peerId) return
    const at = delivered.get(evt.detail.id)
    delivered.delete(evt.detail.id)
    if (at !== undefined) self.onStep('receiver: gossipsub delivery → shown', now() - at)
    self.onReceive(Number.parseInt(evt.detail.text, 10))
  })
  return self
}
