import { afterAll, describe, expect, it } from 'vitest'
import { Cluster } from './harness.js'
import { until } from '../support/poll.js'

const isSize = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n > 0

describe('parley --json stats', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('reports memory, connections, open streams by protocol, the store and the process in the documented shape', async () => {
    const a = await cluster.start()
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    await a.waitFor((e) => e.event === 'connect' && e.peerId === b.peerId, 30_000, 'b to connect')
    await a.ok({ cmd: 'join', room: 'stats' })
    for (let i = 0; i < 3; i++) await a.ok({ cmd: 'send', room: 'stats', text: `m${i}` })
    // Gossipsub's streams open once identify has run: wait until the connection carries one.
    await until('a gossipsub stream on the connection', async () => Object.keys((await a.ok({ cmd: 'stats' })).streams as Record<string, number>).some((p) => p.startsWith('/meshsub/')), 20_000)
    const stats = await a.ok({ cmd: 'stats', gc: true })
    for (const key of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'fds', 'at']) expect(isSize(stats[key]), key).toBe(true)
    expect(stats.connections).toBeGreaterThanOrEqual(1)
    expect(Object.values(stats.streams as Record<string, number>).reduce((n, x) => n + x, 0)).toBe(stats.openStreams)
    expect(Object.keys(stats.streams).some((p) => p.startsWith('/meshsub/'))).toBe(true)
    expect(stats.db.entries).toBeGreaterThanOrEqual(3)
    expect(isSize(stats.db.bytes) || stats.db.bytes === 0).toBe(true)
    // V8's share: its heap pages are part of the RSS, the young generation and the code part of its heap.
    for (const key of ['physical', 'newSpace', 'code', 'malloced']) expect(isSize(stats.v8[key]), `v8.${key}`).toBe(true)
    expect(stats.v8.physical).toBeLessThan(stats.rss)
    expect(stats.v8.newSpace + stats.v8.code).toBeLessThan(stats.v8.physical)
    expect(stats.resources).toEqual(expect.objectContaining({ TCPServerWrap: expect.any(Number) }))
    // This process runs without --expose-gc: no collection was possible, and the reply says so.
    expect(stats.gc).toBe(false)
    await a.ok({ cmd: 'send', room: 'stats', text: 'one more' })
    expect((await a.ok({ cmd: 'stats' })).db.entries).toBeGreaterThan(stats.db.entries)
  }, 90_000)
})
