import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json } from './harness.js'
import { until } from '../support/poll.js'

describe('offline DMs through a mailbox', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('holds 20 DMs for an offline recipient after the sender left, and hands them over once, without seeing plaintext', async () => {
    const m = await cluster.start(undefined, ['--mailbox'])
    const a = await cluster.start(undefined, ['--bootstrap', m.addr])
    const bDir = await cluster.dir()
    let b = await cluster.start(bDir, ['--bootstrap', m.addr, '--bootstrap', a.addr])
    const bId = b.peerId
    await m.ok({ cmd: 'contact-add', peer: bId, petname: 'b' })
    await b.ok({ cmd: 'contact-add', peer: a.peerId, petname: 'a' })
    await until('B to reach A and M', async () => ((await b.ok({ cmd: 'peers' })).peers as Json[]).length >= 2, 20_000)
    await b.ok({ cmd: 'mailbox-use', peers: [m.peerId] })
    await until('A to learn B\'s mailbox', async () => ((await a.ok({ cmd: 'mailboxes-of', peer: bId })).mailboxes as string[]).includes(m.peerId), 20_000)

    await b.ok({ cmd: 'quit' })
    await b.exited
    const texts = Array.from({ length: 20 }, (_, i) => `while you were away ${i}`)
    const ids: string[] = []
    for (const text of texts) ids.push((await a.ok({ cmd: 'dm', to: bId, text })).message.id)
    await until('M to hold 20 items for B', async () => ((await m.ok({ cmd: 'mailbox' })).held[bId] ?? 0) === 20, 30_000)
    expect((await a.ok({ cmd: 'outbox' })).pending).toBe(20)
    await a.ok({ cmd: 'quit' })
    await a.exited

    b = await cluster.start(bDir, ['--bootstrap', m.addr])
    await until('B to receive the 20 DMs', () => b.events.filter((e) => e.event === 'dm').length >= 20, 30_000)
    const history = ((await b.ok({ cmd: 'dm-history', peer: a.peerId, limit: 100 })).messages as Json[])
    expect(history.map((x) => x.id)).toEqual(ids)
    expect(b.events.filter((e) => e.event === 'dm')).toHaveLength(20)
    await until('M to drop what B acknowledged', async () => ((await m.ok({ cmd: 'mailbox' })).held[bId] ?? 0) === 0, 20_000)
    const mailboxSaw = JSON.stringify(m.events) + m.stderr
    for (const text of texts) expect(mailboxSaw).not.toContain(text)
    expect(((await m.ok({ cmd: 'dm-history', peer: a.peerId })).messages as Json[])).toEqual([])
  })
})
