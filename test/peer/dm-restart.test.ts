/**
 * The sender killed mid-outbox delivers everything once after a restart,
 * without reusing a message key; and blocking hides a contact's room
 * messages (stored, not shown) until it is unblocked.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

async function dmHistory (p: ParleyProcess, peer: string): Promise<Json[]> {
  const out: Json[] = []
  let before: string | null = null
  do {
    const page: Json = await p.ok({ cmd: 'dm-history', peer, limit: 500, before })
    out.unshift(...(page.messages as Json[]))
    before = page.before
  } while (before !== null)
  return out
}

describe('a sender killed mid-outbox', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('delivers every DM it accepted exactly once, in order, after a SIGKILL and restart, reusing no message key', async () => {
    const aDir = await cluster.dir()
    let a = await cluster.start(aDir)
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    const accepted: string[] = []
    // Commands stream in without waiting; every one answered ok was written to the outbox.
    const writes = Array.from({ length: 400 }, async (_, i) => {
      const reply = await a.send({ cmd: 'dm', to: b.peerId, text: `m${i}` }, 60_000).catch(() => undefined)
      if (reply?.ok === true) accepted.push(reply.message.id)
    })
    await until('some DMs before the kill', () => b.events.filter((e) => e.event === 'dm').length > 20, 60_000)
    await a.kill('SIGKILL')
    await Promise.all(writes)
    const pendingAtKill = accepted.length - b.events.filter((e) => e.event === 'dm').length
    expect(pendingAtKill).toBeGreaterThan(0)
    a = await cluster.start(aDir, ['--bootstrap', b.addr])
    await until('the outbox to drain after the restart', async () => (await a.ok({ cmd: 'outbox' })).pending === 0, 90_000)
    const history = await dmHistory(b, a.peerId)
    const ids = history.map((m) => m.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of accepted) expect(ids).toContain(id)
    // In the order they were written (the outbox and history both order by send time).
    const sentAt = history.map((m) => m.sentAt as number)
    expect([...sentAt].sort((x, y) => x - y)).toEqual(sentAt)
    expect(b.events.filter((e) => e.event === 'dm')).toHaveLength(ids.length)
    // A reused message key would be refused as a duplicate (or fail to authenticate) at B.
    expect(b.stderr).not.toMatch(/DuplicateMessageError|MessageAuthenticationError/)
  }, 300_000)
})

describe('blocking a contact in a public room', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('hides its room messages (history and events) and shows them again after unblock', async () => {
    const a = await cluster.start(undefined, ['--nick', 'annoying'])
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    for (const p of [a, b]) await p.ok({ cmd: 'join', room: 'tea' })
    await until('A in B\'s member list', async () => ((await b.ok({ cmd: 'members', room: 'tea' })).members as Json[]).some((m) => m.peerId === a.peerId), 60_000)
    const before = (await a.ok({ cmd: 'send', room: 'tea', text: 'before the block' })).message
    await b.waitFor((e) => e.event === 'message' && e.id === before.id, 60_000, 'a message before the block')
    await b.ok({ cmd: 'block', peer: a.peerId })
    const hidden = (await a.ok({ cmd: 'send', room: 'tea', text: 'while blocked' })).message
    // Make sure B holds it: a completed sync with A pulls whatever gossip has not brought yet.
    await until('a sync of B with A', async () => ((await b.ok({ cmd: 'resync', room: 'tea' })).results as Json[]).some((r) => r.peer === a.peerId), 30_000)
    // The canary: B's own message, after the hidden one, is shown; A's are not.
    const canary = (await b.ok({ cmd: 'send', room: 'tea', text: 'canary' })).message
    const shown = (await b.ok({ cmd: 'history', room: 'tea' })).messages as Json[]
    expect(shown.map((m) => m.id)).toEqual([canary.id])
    expect(b.events.some((e) => e.event === 'message' && e.id === hidden.id)).toBe(false)
    await b.ok({ cmd: 'unblock', peer: a.peerId })
    await until('the hidden message after the unblock', async () => ((await b.ok({ cmd: 'history', room: 'tea' })).messages as Json[]).some((m) => m.id === hidden.id), 30_000)
    const after = ((await b.ok({ cmd: 'history', room: 'tea' })).messages as Json[]).map((m) => m.id)
    expect(after).toEqual(expect.arrayContaining([before.id, hidden.id, canary.id]))
  }, 240_000)
})
