import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

describe('room edits, deletes, reactions, nicks and presence between two peers', () => {
  const cluster = new Cluster()
  let a: ParleyProcess
  let b: ParleyProcess

  beforeAll(async () => {
    a = await cluster.start(undefined, ['--nick', 'alice'])
    b = await cluster.start(undefined, ['--nick', 'bob', '--bootstrap', a.addr])
    await Promise.all([a.ok({ cmd: 'join', room: 'events' }), b.ok({ cmd: 'join', room: 'events' })])
  })

  afterAll(async () => { await cluster.close() })

  /**
   * Sends once from `from` and waits for it at `to`. Nothing is re-sent: a
   * message published before the subscription is known must still arrive,
   * by history sync when the peers see each other's subscription.
   */
  async function deliver (from: ParleyProcess, to: ParleyProcess, text: string): Promise<Json> {
    const sent = (await from.ok({ cmd: 'send', room: 'events', text })).message as Json
    await to.waitFor((e) => e.event === 'message' && e.id === sent.id, 45_000, `"${text}" to arrive`)
    return sent
  }

  it('honours edits and deletes from the author only, and reactions from anyone', async () => {
    const original = await deliver(a, b, 'first draft')
    await a.ok({ cmd: 'edit', room: 'events', target: original.id, text: 'final text' })
    await b.waitFor((e) => e.event === 'edit' && e.id === original.id && e.text === 'final text')
    expect((await b.send({ cmd: 'edit', room: 'events', target: original.id, text: 'hijack' })).error.name).toBe('NotAuthorError')
    await b.ok({ cmd: 'react', room: 'events', target: original.id, reaction: '👍' })
    await a.waitFor((e) => e.event === 'reaction' && e.id === original.id && e.from === b.peerId)
    const reply = await deliver(b, a, 'a reply')
    expect((await b.ok({ cmd: 'send', room: 'events', text: 'replying', replyTo: original.id })).message.replyTo).toBe(original.id)
    await a.ok({ cmd: 'delete', room: 'events', target: original.id })
    await b.waitFor((e) => e.event === 'delete' && e.id === original.id)
    const history = (await b.ok({ cmd: 'history', room: 'events' })).messages as Json[]
    const stored = history.find((m) => m.id === original.id) as Json
    expect(stored).toMatchObject({ deleted: true, edited: true, text: '', reactions: [{ from: b.peerId, reaction: '👍' }] })
    expect(history.some((m) => m.id === reply.id)).toBe(true)
    expect((await a.send({ cmd: 'delete', room: 'events', target: reply.id })).error.name).toBe('NotAuthorError')
  })

  it('shows members with nick and short fingerprint, and a changed nick', async () => {
    await until('bob in the member list', async () => ((await a.ok({ cmd: 'members', room: 'events' })).members as Json[]).some((m) => m.peerId === b.peerId), 20_000)
    const bob = ((await a.ok({ cmd: 'members', room: 'events' })).members as Json[]).find((m) => m.peerId === b.peerId) as Json
    expect(bob.nick).toBe('bob')
    expect(bob.fingerprint).toBe((await b.ok({ cmd: 'whoami' })).fingerprint)
    await b.ok({ cmd: 'nick', nick: 'robert' })
    await a.waitFor((e) => e.event === 'presence' && e.member.peerId === b.peerId && e.member.nick === 'robert')
  })
})

describe('a passphrase-sealed profile', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('keeps its PeerId with the right passphrase and refuses a wrong one without touching the data', async () => {
    const dir = await cluster.dir()
    const right = join(await cluster.dir(), 'passphrase')
    await writeFile(right, 'correct horse\n')
    const first = await cluster.start(dir, ['--passphrase-file', right])
    await first.ok({ cmd: 'quit' })
    await first.exited
    const wrong = spawnSync(process.execPath, [CLI, '--json', '--data-dir', dir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'],
      { encoding: 'utf8', input: '', env: { ...process.env, PARLEY_PASSPHRASE: 'battery staple' } })
    expect(wrong.status).toBe(5)
    expect(wrong.stderr).toContain('WrongPassphraseError')
    const none = spawnSync(process.execPath, [CLI, '--json', '--data-dir', dir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'], { encoding: 'utf8', input: '' })
    expect(none.stderr).toContain('PassphraseRequiredError')
    const again = await cluster.start(dir, ['--passphrase-file', right])
    expect(again.peerId).toBe(first.peerId)
  })
})
