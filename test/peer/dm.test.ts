import { afterAll, describe, expect, it } from 'vitest'
import type { ParleyProcess} from './harness.js';
import { Cluster, type Json } from './harness.js'
import { until } from '../support/poll.js'
import { rawNode } from '../support/raw-node.js'

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

describe('direct messages between parley --json processes', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('delivers a DM end to end with a delivery receipt, a reply and a read receipt', async () => {
    const a = await cluster.start(undefined, ['--nick', 'alice'])
    const b = await cluster.start(undefined, ['--nick', 'bob', '--bootstrap', a.addr])
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    await until('a connection', async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).some((p) => p.peerId === b.peerId), 20_000)
    const sent = (await a.ok({ cmd: 'dm', to: b.peerId, text: 'hi bob' })).message
    const got = await b.waitFor((e) => e.event === 'dm' && e.id === sent.id)
    expect(got).toMatchObject({ peer: a.peerId, from: a.peerId, nick: 'alice', text: 'hi bob', outgoing: false })
    await a.waitFor((e) => e.event === 'dm-receipt' && e.id === sent.id && e.status === 'delivered')
    const reply = (await b.ok({ cmd: 'dm', to: a.peerId, text: 'hi alice' })).message
    await a.waitFor((e) => e.event === 'dm' && e.id === reply.id && e.text === 'hi alice')
    await b.ok({ cmd: 'read', peer: a.peerId, target: sent.id })
    await a.waitFor((e) => e.event === 'dm-receipt' && e.id === sent.id && e.status === 'read')
    expect((await dmHistory(a, b.peerId)).map((m) => m.text)).toEqual(['hi bob', 'hi alice'])
    expect((await a.ok({ cmd: 'outbox' })).pending).toBe(0)
  })

  it('applies edits, deletes and reactions from the author, and keeps sessions across a restart of the sender', async () => {
    const aDir = await cluster.dir()
    let a = await cluster.start(aDir)
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    await until('a connection', async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).length > 0, 20_000)
    const first = (await a.ok({ cmd: 'dm', to: b.peerId, text: 'frist' })).message
    await b.waitFor((e) => e.event === 'dm' && e.id === first.id)
    await a.ok({ cmd: 'dm-edit', peer: b.peerId, target: first.id, text: 'first' })
    await b.ok({ cmd: 'dm-react', peer: a.peerId, target: first.id, reaction: '🎉' })
    const doomed = (await a.ok({ cmd: 'dm', to: b.peerId, text: 'oops' })).message
    await a.ok({ cmd: 'dm-delete', peer: b.peerId, target: doomed.id })
    await until('the edit and the delete', async () => {
      const history = await dmHistory(b, a.peerId)
      return history.some((m) => m.id === first.id && m.text === 'first' && m.edited) && history.some((m) => m.id === doomed.id && m.deleted)
    }, 20_000)
    // The author's own copy changes too, and both sides hear of every change as a dm-update.
    const mine = await dmHistory(a, b.peerId)
    expect(mine.find((m) => m.id === first.id)).toMatchObject({ text: 'first', edited: true })
    expect(mine.find((m) => m.id === doomed.id)).toMatchObject({ text: '', deleted: true })
    await a.waitFor((e) => e.event === 'dm-update' && e.id === first.id && (e.reactions as Json[]).some((r) => r.from === b.peerId && r.reaction === '🎉'))
    await b.waitFor((e) => e.event === 'dm-update' && e.id === first.id && (e.reactions as Json[]).length === 1)
    await a.waitFor((e) => e.event === 'dm-update' && e.id === doomed.id && e.deleted === true)
    await a.ok({ cmd: 'quit' })
    await a.exited
    a = await cluster.start(aDir, ['--bootstrap', b.addr])
    const after = (await a.ok({ cmd: 'dm', to: b.peerId, text: 'after my restart' })).message
    await b.waitFor((e) => e.event === 'dm' && e.id === after.id)
    const back = (await b.ok({ cmd: 'dm', to: a.peerId, text: 'welcome back' })).message
    await a.waitFor((e) => e.event === 'dm' && e.id === back.id)
  })

  it('shows both sides the same safety number and a third peer a different one', async () => {
    const [a, b, c] = [await cluster.start(), await cluster.start(), await cluster.start()]
    const ab = (await a.ok({ cmd: 'safety-number', peer: b.peerId })).safetyNumber
    expect(ab).toMatch(/^[0-9]{60}$/)
    expect((await b.ok({ cmd: 'safety-number', peer: a.peerId })).safetyNumber).toBe(ab)
    expect((await c.ok({ cmd: 'safety-number', peer: b.peerId })).safetyNumber).not.toBe(ab)
    expect((await a.ok({ cmd: 'verify', peer: b.peerId })).contact.verified).toBe(true)
    expect(((await a.ok({ cmd: 'contacts' })).contacts as Json[]).find((x) => x.peerId === b.peerId)?.verified).toBe(true)
    expect((await a.send({ cmd: 'safety-number', peer: 'not-a-peer' })).error.name).toBe('InvalidPeerIdError')
  })

  it('keeps DMs for an offline contact in the outbox and delivers them when it comes online', async () => {
    const a = await cluster.start()
    const bDir = await cluster.dir()
    const bFirst = await cluster.start(bDir)
    const bId = bFirst.peerId
    await bFirst.ok({ cmd: 'contact-add', peer: a.peerId })
    await bFirst.ok({ cmd: 'quit' })
    await bFirst.exited
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await a.ok({ cmd: 'dm', to: bId, text: `offline ${i}` })).message.id)
    expect((await a.ok({ cmd: 'outbox' })).pending).toBe(5)
    const b = await cluster.start(bDir, ['--bootstrap', a.addr])
    await until('the five DMs', async () => (await dmHistory(b, a.peerId)).length === 5, 30_000)
    expect((await dmHistory(b, a.peerId)).map((m) => m.id)).toEqual(ids)
    await until('an empty outbox', async () => (await a.ok({ cmd: 'outbox' })).pending === 0, 20_000)
  })

  it('refuses DMs from a blocked contact and hides nothing else', async () => {
    const a = await cluster.start()
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    const c = await cluster.start(undefined, ['--bootstrap', b.addr])
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    await b.ok({ cmd: 'contact-add', peer: c.peerId })
    await b.ok({ cmd: 'block', peer: a.peerId })
    await until('a connection', async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).length > 0, 20_000)
    await until('c to reach b', async () => ((await c.ok({ cmd: 'peers' })).peers as Json[]).length > 0, 20_000)
    await a.ok({ cmd: 'dm', to: b.peerId, text: 'let me in' })
    // B refused A's attempt (A heard only a generic refusal, not that it is blocked) before the canary goes.
    await until('A to hear a refusal', () => a.stderr.includes('DmRefusedError'), 30_000)
    expect(a.stderr).not.toMatch(/block/i)
    await a.ok({ cmd: 'dm', to: b.peerId, text: 'let me in, again' })
    // The canary: another contact's DM, sent after, arrives and is shown.
    const canary = (await c.ok({ cmd: 'dm', to: b.peerId, text: 'canary' })).message
    await b.waitFor((e) => e.event === 'dm' && e.id === canary.id, 30_000, 'the canary')
    expect(b.events.filter((e) => e.event === 'dm').map((e) => e.text)).toEqual(['canary'])
    expect(b.events.some((e) => e.event === 'request')).toBe(false)
    expect((await b.ok({ cmd: 'dm-history', peer: a.peerId })).messages).toEqual([])
    expect((await b.ok({ cmd: 'requests' })).requests).toEqual([])
    expect((await a.ok({ cmd: 'outbox' })).pending).toBe(2)
    // Unblocked, A's outbox (kept, not lost) is delivered on the next retry.
    await b.ok({ cmd: 'unblock', peer: a.peerId })
    await until('A\'s DMs after the unblock', async () => ((await b.ok({ cmd: 'dm-history', peer: a.peerId })).messages as Json[]).length === 2, 40_000)
  })

  it('delivers 1,000 DMs exactly once and in order while the recipient is killed and restarted twice', async () => {
    const a = await cluster.start()
    const bDir = await cluster.dir()
    let b = await cluster.start(bDir, ['--bootstrap', a.addr])
    const bId = b.peerId
    await b.ok({ cmd: 'contact-add', peer: a.peerId })
    const sent: string[] = []
    const sending = (async () => {
      for (let i = 0; i < 1000; i++) sent.push((await a.ok({ cmd: 'dm', to: bId, text: `m${i}` })).message.id)
    })()
    for (let restart = 0; restart < 2; restart++) {
      await until('some DMs before the kill', () => b.events.filter((e) => e.event === 'dm').length > 50, 30_000)
      await b.kill('SIGKILL')
      b = await cluster.start(bDir, ['--bootstrap', a.addr])
    }
    await sending
    await until('the outbox to drain', async () => (await a.ok({ cmd: 'outbox' })).pending === 0, 60_000)
    const history = await dmHistory(b, a.peerId)
    expect(history).toHaveLength(1000)
    expect(history.map((m) => m.id)).toEqual(sent)
  })
})

describe('the DM protocol under bad input', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('refuses garbage, oversized and replayed frames from a raw libp2p node and keeps serving honest peers', async () => {
    const { multiaddr } = await import('@multiformats/multiaddr')
    const { lpStream, pbStream } = await import('@libp2p/utils')
    const crypto = await import('@parley/crypto')
    const { DmFrame, DmAck, DmPayload, PrekeyResponse } = await import('../../packages/node/src/pb/dm.js')
    await crypto.ready()
    const b = await cluster.start()
    const mallory = crypto.generateIdentity()
    const raw = await rawNode({ identity: mallory })
    try {
      const target = multiaddr(b.addr)
      const exchange = async (bytes: Uint8Array): Promise<string> => {
        const stream = await raw.dialProtocol(target, '/parley/dm/1.0.0')
        const lp = lpStream(stream, { maxDataLength: 200 * 1024 })
        await lp.write(bytes)
        try {
          const ack = DmAck.decode((await lp.read()).subarray())
          // The reason never goes on the wire: only a generic code.
          expect(ack.error).toBe('')
          return ack.ok ? 'ok' : ack.code === DmAck.Code.RESTART_SESSION ? 'restart' : 'refused'

        } catch (err) {
          return `reset: ${(err as Error).name}`
        }
      }
      expect(await exchange(new TextEncoder().encode('garbage'))).toMatch(/refused|reset/)
      // No session with Mallory yet: the frame cannot be a normal message of one.
      expect(await exchange(DmFrame.encode({ ciphertext: new Uint8Array(100).fill(7) }))).toBe('restart')
      expect(await exchange(new Uint8Array(70 * 1024))).toMatch(/reset/)
      // A real session, then the same frame twice: the second is a replay.
      const prekeys = pbStream(await raw.dialProtocol(target, '/parley/prekey/1.0.0'))
      const bundle = crypto.decodePrekeyBundle((await prekeys.read(PrekeyResponse)).bundle)
      const session = crypto.initiateSession(mallory, bundle)
      const payload = DmPayload.encode({ id: 'ab'.repeat(32), kind: DmPayload.Kind.TEXT, sentAt: BigInt(Date.now()), nick: 'm', text: 'once', target: '', reaction: '', replyTo: '' })
      const frame = DmFrame.encode({ ciphertext: session.encrypt(payload) as Uint8Array<ArrayBuffer> })
      expect(await exchange(frame)).toBe('ok')
      expect(await exchange(frame)).toBe('refused')
      // A frame sealed by another identity, sent over Mallory's connection: its sender is not the stream's peer.
      const eve = crypto.generateIdentity()
      const eveBundle = crypto.decodePrekeyBundle((await pbStream(await raw.dialProtocol(target, '/parley/prekey/1.0.0')).read(PrekeyResponse)).bundle)
      const forged = DmFrame.encode({ ciphertext: crypto.initiateSession(eve, eveBundle).encrypt(payload) as Uint8Array<ArrayBuffer> })
      expect(await exchange(forged)).toBe('refused')
      // Mallory is no contact of B: its DM is a message request, held once.
      await b.waitFor((e) => e.event === 'request' && e.preview === 'once')
      expect(b.events.filter((e) => e.event === 'request' && e.preview === 'once')).toHaveLength(1)
      expect(((await b.ok({ cmd: 'dm-history', peer: raw.peerId.toString() })).messages as Json[]).map((m) => m.text)).toEqual(['once'])
      expect(b.events.some((e) => e.event === 'dm')).toBe(false)
      const honest = await cluster.start(undefined, ['--bootstrap', b.addr])
      await b.ok({ cmd: 'contact-add', peer: honest.peerId })
      await until('a connection', async () => ((await honest.ok({ cmd: 'peers' })).peers as Json[]).length > 0, 20_000)
      const sent = (await honest.ok({ cmd: 'dm', to: b.peerId, text: 'still fine' })).message
      await b.waitFor((e) => e.event === 'dm' && e.id === sent.id)
      expect(b.child.exitCode).toBeNull()
    } finally {
      await raw.stop()
    }
  })
})
