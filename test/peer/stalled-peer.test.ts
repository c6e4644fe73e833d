/**
 * A peer whose process stops for longer than libp2p's connection monitor allowed a ping (5 s, at
 * a 10 s interval) keeps its connections and gets the room's next message: the connection watch
 * (net/connection-watch.ts) waits a minute for an answer. SIGSTOP is the saturated machine made
 * exact: the process runs nothing, while the kernel keeps its sockets open and receiving.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster } from './harness.js'
import { peerPool } from '../support/in-process.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'
import type { Peer } from '@parley/node'
import type { StreamHandler } from '@libp2p/interface'
import type { Registrar } from '@libp2p/interface-internal'

/** Longer than libp2p's monitor interval and its shortest ping timeout together: under it, a ping to the stopped peer is sent and times out while it is stopped. */
const STALL_MS = 16_000

/** Longer than libp2p's default identify timeout (5 s), well under ours (IDENTIFY_TIMEOUT_MS). */
const IDENTIFY_STALL_MS = 8_000

const pool = peerPool('stalled')

/** Makes a raw node answer identify only after `ms`, as a peer whose event loop stalls would. */
function slowIdentify (raw: RawNode, ms: number): void {
  const registrar = (raw as unknown as { components: { registrar: Registrar } }).components.registrar
  const protocol = raw.getProtocols().find((p) => p.endsWith('/id/1.0.0'))
  if (protocol === undefined) throw new Error('the raw node serves no identify')
  const answer: StreamHandler = registrar.getHandler(protocol).handler
  registrar.getHandler(protocol).handler = (stream, connection) => {
    setTimeout(() => { void answer(stream, connection) }, ms)
  }
}

describe('a stalled peer', () => {
  const cluster = new Cluster()
  const raws: RawNode[] = []
  afterAll(async () => { await Promise.all([cluster.close(), pool.close(), ...raws.map(async (r) => r.stop())]) })

  it('attaches gossipsub to a connection whose identify answer takes 8 s (libp2p gave up after 5 s, and never again)', async () => {
    const a: Peer = await pool.start()
    await a.rooms.join('slow-identify')
    // The raw node never identifies a itself, so it opens no gossipsub stream to a (which would make
    // a open its own at once): only a's identify of it can.
    const raw = await rawNode({ identify: { runOnConnectionOpen: false } })
    raws.push(raw)
    slowIdentify(raw, IDENTIFY_STALL_MS)
    raw.services.pubsub.subscribe('/parley/room/1/slow-identify')
    await a.dial(raw.getMultiaddrs()[0].toString())
    // a's subscriptions reach the raw node only over a's own gossipsub stream, which a opens once
    // its identify of the raw node completes (libp2p's topologies wait for it).
    await until('the raw node to see a subscribed', () => raw.services.pubsub.getSubscribers('/parley/room/1/slow-identify').some((p) => p.equals(a.libp2p.peerId)), 30_000)
    expect(a.libp2p.getConnections().filter((c) => c.remotePeer.equals(raw.peerId)).length).toBeGreaterThan(0)
  })

  it('keeps its connection through a 16 s stop and receives the room message sent after it', async () => {
    const b = await cluster.start()
    const a: Peer = await pool.start()
    await a.dial(b.addr)
    await Promise.all([a.rooms.join('stall'), b.ok({ cmd: 'join', room: 'stall' })])
    // The mesh forms over a heartbeat or two: the first message is repeated until it arrives.
    await until('a first message to reach b', async () => {
      await a.rooms.send('stall', 'before')
      return b.events.some((e) => e.event === 'message' && e.text === 'before')
    }, 20_000, 500)
    const before = a.libp2p.getConnections().filter((c) => c.remotePeer.toString() === b.peerId).map((c) => c.id)
    expect(before.length).toBeGreaterThan(0)
    const closed: string[] = []
    a.libp2p.addEventListener('connection:close', (evt) => { if (evt.detail.remotePeer.toString() === b.peerId) closed.push(evt.detail.id) })

    b.child.kill('SIGSTOP')
    try {
      await new Promise((resolve) => setTimeout(resolve, STALL_MS))
    } finally {
      b.child.kill('SIGCONT')
    }

    const sent = await a.rooms.send('stall', 'after')
    await b.waitFor((e) => e.event === 'message' && e.id === sent.id, 20_000, 'the message sent after the stop')
    expect(closed).toEqual([])
    expect(a.libp2p.getConnections().filter((c) => c.remotePeer.toString() === b.peerId && c.status === 'open').map((c) => c.id)).toEqual(before)
  })
})
