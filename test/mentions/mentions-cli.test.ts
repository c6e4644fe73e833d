import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { until } from '../support/poll.js'

const mentionOf = (p: ParleyProcess, id: string): Json | undefined => p.events.find((e) => e.event === 'mention' && e.id === id)
const messageOf = (p: ParleyProcess, id: string): Json | undefined => p.events.find((e) => e.event === 'message' && e.id === id)

describe('mentions carry the key, not the nick (parley --json processes)', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('notifies the mentioned key only: a nickname squatter is not notified, nor is anyone by an @nick without a key; the list survives a restart', async () => {
    const alice = await cluster.start(undefined, ['--nick', 'alice'])
    const bobDir = await cluster.dir()
    const bob = await cluster.start(bobDir, ['--nick', 'bob', '--bootstrap', alice.addr])
    const mallory = await cluster.start(undefined, ['--nick', 'bob', '--bootstrap', alice.addr])
    for (const p of [alice, bob, mallory]) await p.ok({ cmd: 'join', room: 'busy' })
    // Nothing waits for the mesh: what gossip misses, the sync on subscription brings (and it notifies the same way).

    // Alice picks the real bob's key; mallory shows the same nick and must not be notified.
    const toBob = (await alice.ok({ cmd: 'send', room: 'busy', text: '@bob the build is green', mentions: [bob.peerId] })).message as Json
    expect(toBob.mentions).toEqual([bob.peerId])
    // Mallory, squatting bob's nick, writes "@bob" without a key: bob is not notified.
    const squat = (await mallory.ok({ cmd: 'send', room: 'busy', text: '@bob look here' })).message as Json
    // Canaries, sent after: a real mention of mallory, and mallory's real mention of bob.
    const canaryMallory = (await alice.ok({ cmd: 'send', room: 'busy', text: '@bob (the other one)', mentions: [mallory.peerId] })).message as Json
    const canaryBob = (await mallory.ok({ cmd: 'send', room: 'busy', text: '@bob hello', mentions: [bob.peerId] })).message as Json

    const got = await bob.waitFor((e) => e.event === 'mention' && e.id === toBob.id, 40_000, 'bob\'s mention')
    expect(got).toMatchObject({ conversation: 'room:busy', from: alice.peerId, nick: 'alice', text: '@bob the build is green', sentAt: toBob.sentAt })
    await bob.waitFor((e) => e.event === 'mention' && e.id === canaryBob.id, 40_000, 'the canary mention of bob')
    await until('bob to hold mallory\'s squat', () => messageOf(bob, squat.id) !== undefined, 40_000)
    await mallory.waitFor((e) => e.event === 'mention' && e.id === canaryMallory.id, 40_000, 'the canary mention of mallory')
    await until('mallory to hold alice\'s mention of bob', () => messageOf(mallory, toBob.id) !== undefined, 40_000)
    expect(mentionOf(mallory, toBob.id)).toBeUndefined()
    expect(mentionOf(bob, squat.id)).toBeUndefined()
    expect(mentionOf(bob, canaryMallory.id)).toBeUndefined()
    expect((await alice.send({ cmd: 'dm', to: bob.peerId, text: 'x', mentions: [42] })).error?.name).toBe('InvalidMentionError')
    // Our own message mentioning ourselves is no notification.
    const own = (await alice.ok({ cmd: 'send', room: 'busy', text: 'note to @alice', mentions: [alice.peerId] })).message as Json
    expect(mentionOf(alice, own.id)).toBeUndefined()

    const listed = (await bob.ok({ cmd: 'mentions' })).mentions as Json[]
    expect(listed.map((m) => m.id).toSorted()).toEqual([toBob.id, canaryBob.id].toSorted())
    await bob.ok({ cmd: 'quit' })
    await bob.exited
    const again = await cluster.start(bobDir)
    expect(((await again.ok({ cmd: 'mentions', limit: 10 })).mentions as Json[]).map((m) => m.id).toSorted()).toEqual([toBob.id, canaryBob.id].toSorted())
  })

  it('refuses bad mentions with typed errors before anything is sent', async () => {
    const p = await cluster.start()
    await p.ok({ cmd: 'join', room: 'checks' })
    const err = async (cmd: Json): Promise<string> => (await p.send(cmd)).error?.name
    expect(await err({ cmd: 'send', room: 'checks', text: 'x', mentions: ['nope'] })).toBe('InvalidMentionError')
    expect(await err({ cmd: 'send', room: 'checks', text: 'x', mentions: 'nope' })).toBe('InvalidMentionError')
    expect(await err({ cmd: 'send', room: 'checks', text: 'x', mentions: [p.peerId, p.peerId] })).toBe('InvalidMentionError')
    expect(await err({ cmd: 'send', room: 'checks', text: 'x', mentions: Array.from({ length: 33 }, () => p.peerId) })).toBe('TooManyMentionsError')
    expect(await err({ cmd: 'mentions', limit: 0 })).toBe('BadCommandError')
    expect((await p.ok({ cmd: 'mentions' })).mentions).toEqual([])
    expect((await p.ok({ cmd: 'history', room: 'checks' })).messages).toEqual([])
  })
})
