/**
 * Peer routing from a browser (the browser peer's kad-dht client on Parley's DHT): in real
 * Chromium, a browser that knows only a bootstrap Node peer B reaches a Node peer C it was never
 * told the address of. Nothing else could bring it there: the browser and C share no room and no
 * card, and C holds no relay slot (relaySlots 0), so no circuit through B (nor WebRTC signalled
 * over one) reaches it. The DHT's answer is C's own WebSocket address, so the connection is
 * direct, not `/p2p-circuit`. The Node peers are in-process Parley peers with real LevelDB, on
 * 127.0.0.1 with `lanDht` (their DHT serves loopback addresses, as a network on one machine needs).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodePeer, type NodePeerInit } from '@parley/node/node'
import { afterAll, describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'
import { call, openHarness } from './support/harness.js'
import { until } from '../support/poll.js'
import type { Peer } from '@parley/node'

const web = pageUnderTest('test/harness')
const dirs: string[] = []
const running: Peer[] = []

async function start (init: Partial<NodePeerInit> = {}): Promise<Peer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-dht-'))
  dirs.push(dataDir)
  const { peer } = await createNodePeer({ listen: ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'], mdns: false, allowLoopback: true, lanDht: true, ...init, dataDir })
  await peer.start()
  running.push(peer)
  return peer
}

afterAll(async () => {
  await Promise.allSettled(running.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

describe('peer routing in the browser', () => {
  it('finds a Node peer it was never told the address of through the DHT of its bootstrap peer, and connects to it directly', async () => {
    const b = await start({ nick: 'bootstrap' })
    const ws = b.addrs().find((a) => a.includes('/ws/')) ?? ''
    const c = await start({ nick: 'carol', bootstrap: [b.addrs()[0]], relaySlots: 0 })
    expect(c.addrs().some((a) => a.includes('/p2p-circuit'))).toBe(false)

    const { page } = await web.chromium.newPage()
    await openHarness(page, web.url)
    await call(page, 'start', { peers: [ws] })
    await until('the browser to connect to b', async () => (await call(page, 'connections', b.peerId)).some((x) => x.direct), 20_000)
    expect(await call(page, 'connections', c.peerId)).toEqual([])

    const conn = await call(page, 'reach', c.peerId, 45_000)
    expect(conn).toMatchObject({ peer: c.peerId, transport: 'ws', direct: true })
    expect(conn.remoteAddr).not.toContain('/p2p-circuit')
    expect(conn.remoteAddr.startsWith(c.addrs().find((a) => a.includes('/ws/'))?.replace(/\/p2p\/.*$/, '') ?? '-')).toBe(true)
    expect(await call(page, 'ping', c.peerId, 10_000)).toBeGreaterThanOrEqual(0)
  })
})
