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
import type { Peer } from '@parley/node'

/** Longer than libp2p's monitor interval and its shortest ping timeout together: under it, a ping to the stopped peer is sent and times out while it is stopped. */
const STALL_MS = 16_000

const pool = peerPool('stalled')

describe('a stalled peer', () => {
  const cluster = new Cluster()
  afterAll(async () => { await Promise.all([cluster.close(), pool.close()]) })

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
