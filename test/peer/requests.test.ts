/**
 * Message requests end to end between `parley --json` processes: a DM from
 * someone who is not a contact is held apart (no `dm` event, no read
 * receipt), accepting it delivers the backlog in order and enables receipts,
 * deleting or blocking drops it, and a requester is bounded.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

/** The per-requester bound (MAX_REQUEST_MESSAGES in packages/node/src/dm/constants.ts). */
const MAX_REQUEST_MESSAGES = 10

async function connected (a: ParleyProcess, b: ParleyProcess): Promise<void> {
  await until('a connection', async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).some((p) => p.peerId === b.peerId), 20_000)
}

describe('message requests over --json', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('holds a stranger\'s DMs as a request; accepting delivers the backlog in order and enables receipts', async () => {
    const stranger = await cluster.start(undefined, ['--nick', 'sam'])
    const b = await cluster.start(undefined, ['--nick', 'bea', '--bootstrap', stranger.addr])
    await connected(stranger, b)
    const sent: Json[] = []
    for (const text of ['hello bea', 'it is sam', 'from the meetup']) sent.push((await stranger.ok({ cmd: 'dm', to: b.peerId, text })).message)
    await b.waitFor((e) => e.event === 'request' && e.count === 3, 30_000, 'the request with three DMs')
    // Stored (the sender's outbox empties), but shown apart: no `dm` event, not a contact.
    await until('the stranger\'s outbox to empty', async () => (await stranger.ok({ cmd: 'outbox' })).pending === 0, 20_000)
    expect(b.events.some((e) => e.event === 'dm')).toBe(false)
    const [request] = (await b.ok({ cmd: 'requests' })).requests as Json[]
    expect(request).toMatchObject({ peer: stranger.peerId, nick: 'sam', count: 3, preview: 'from the meetup' })
    expect(request.fingerprint).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/)
    expect(((await b.ok({ cmd: 'contacts' })).contacts as Json[]).some((c) => c.peerId === stranger.peerId)).toBe(false)
    expect(((await b.ok({ cmd: 'dm-history', peer: stranger.peerId })).messages as Json[]).map((m) => m.text)).toEqual(['hello bea', 'it is sam', 'from the meetup'])
    // Nothing goes back until accepted: no read receipt, no typing.
    expect((await b.send({ cmd: 'read', peer: stranger.peerId, target: sent[0].id })).error.name).toBe('NotAContactError')
    expect((await b.send({ cmd: 'typing', to: stranger.peerId })).error.name).toBe('NotAContactError')

    const accepted = await b.ok({ cmd: 'request-accept', peer: stranger.peerId })
    expect(accepted.contact).toMatchObject({ peerId: stranger.peerId, blocked: false })
    for (const m of sent) await b.waitFor((e) => e.event === 'dm' && e.id === m.id, 20_000, 'the backlog as DMs')
    expect(b.events.filter((e) => e.event === 'dm').map((e) => e.id)).toEqual(sent.map((m) => m.id))
    expect((await b.ok({ cmd: 'requests' })).requests).toEqual([])
    expect(((await b.ok({ cmd: 'dm-history', peer: stranger.peerId })).messages as Json[]).map((m) => m.id)).toEqual(sent.map((m) => m.id))
    await b.ok({ cmd: 'read', peer: stranger.peerId, target: sent[0].id })
    await stranger.waitFor((e) => e.event === 'dm-receipt' && e.id === sent[0].id && e.status === 'read', 20_000, 'the read receipt')
    // And the conversation goes on both ways.
    const reply = (await b.ok({ cmd: 'dm', to: stranger.peerId, text: 'hi sam' })).message
    await stranger.waitFor((e) => e.event === 'dm' && e.id === reply.id, 20_000, 'the reply')
    const more = (await stranger.ok({ cmd: 'dm', to: b.peerId, text: 'great' })).message
    await b.waitFor((e) => e.event === 'dm' && e.id === more.id, 20_000, 'a DM after the accept')
  })

  it('accepts a request when the requester is added as a contact', async () => {
    const b = await cluster.start()
    const s = await cluster.start(undefined, ['--bootstrap', b.addr])
    await connected(s, b)
    const sent = (await s.ok({ cmd: 'dm', to: b.peerId, text: 'add me' })).message
    await b.waitFor((e) => e.event === 'request' && e.peer === s.peerId, 30_000, 'the request')
    await b.ok({ cmd: 'contact-add', peer: s.peerId, petname: 'sid' })
    await b.waitFor((e) => e.event === 'dm' && e.id === sent.id, 20_000, 'the held DM as a DM')
    expect((await b.ok({ cmd: 'requests' })).requests).toEqual([])
    expect(((await b.ok({ cmd: 'dm-history', peer: s.peerId })).messages as Json[]).map((m) => m.id)).toEqual([sent.id])
  })

  it('drops a request when it is deleted or blocked; a blocked stranger\'s later DMs make none', async () => {
    const b = await cluster.start()
    const c = await cluster.start(undefined, ['--bootstrap', b.addr])
    const d = await cluster.start(undefined, ['--bootstrap', b.addr])
    await connected(c, b)
    await connected(d, b)
    await c.ok({ cmd: 'dm', to: b.peerId, text: 'spam one' })
    await d.ok({ cmd: 'dm', to: b.peerId, text: 'may I?' })
    await b.waitFor((e) => e.event === 'request' && e.peer === c.peerId, 30_000, 'c\'s request')
    await b.waitFor((e) => e.event === 'request' && e.peer === d.peerId, 30_000, 'd\'s request')
    await b.ok({ cmd: 'request-delete', peer: d.peerId })
    await b.ok({ cmd: 'block', peer: c.peerId })
    expect((await b.ok({ cmd: 'requests' })).requests).toEqual([])
    expect((await b.ok({ cmd: 'dm-history', peer: c.peerId })).messages).toEqual([])
    expect((await b.ok({ cmd: 'dm-history', peer: d.peerId })).messages).toEqual([])
    await c.ok({ cmd: 'dm', to: b.peerId, text: 'spam two' })
    await until('c to be refused', () => c.stderr.includes('DmRefusedError'), 30_000)
    // A deleted (not blocked) requester may ask again: its next DM is a new request, and the canary.
    await d.ok({ cmd: 'dm', to: b.peerId, text: 'sorry, again' })
    await b.waitFor((e) => e.event === 'request' && e.peer === d.peerId && e.preview === 'sorry, again', 30_000, 'd\'s new request')
    expect(((await b.ok({ cmd: 'requests' })).requests as Json[]).map((r) => [r.peer, r.count])).toEqual([[d.peerId, 1]])
    expect(b.events.some((e) => e.event === 'dm')).toBe(false)
  })

  it('holds at most MAX_REQUEST_MESSAGES from a flooding stranger; the rest stay in its outbox, delivered once accepted', async () => {
    const b = await cluster.start()
    const flooder = await cluster.start(undefined, ['--bootstrap', b.addr])
    await connected(flooder, b)
    const ids: string[] = []
    for (let i = 0; i < 30; i++) ids.push((await flooder.ok({ cmd: 'dm', to: b.peerId, text: `flood ${i} ${'x'.repeat(100)}` })).message.id)
    await b.waitFor((e) => e.event === 'request' && e.count === MAX_REQUEST_MESSAGES, 60_000, 'a full request')
    await until('the flooder to be refused', () => flooder.stderr.includes('DmRefusedError'), 30_000)
    const [request] = (await b.ok({ cmd: 'requests' })).requests as Json[]
    expect(request.count).toBe(MAX_REQUEST_MESSAGES)
    expect(((await b.ok({ cmd: 'dm-history', peer: flooder.peerId })).messages as Json[]).map((m) => m.id)).toEqual(ids.slice(0, MAX_REQUEST_MESSAGES))
    // The last held DM leaves the flooder's outbox when its ack arrives, just after B's event.
    await until('the rest to wait in the outbox', async () => (await flooder.ok({ cmd: 'outbox' })).pending === 30 - MAX_REQUEST_MESSAGES, 20_000)
    // Nothing was lost: accepted, the rest follows in order.
    await b.ok({ cmd: 'request-accept', peer: flooder.peerId })
    await until('all 30 DMs', async () => ((await b.ok({ cmd: 'dm-history', peer: flooder.peerId, limit: 100 })).messages as Json[]).length === 30, 60_000)
    expect(((await b.ok({ cmd: 'dm-history', peer: flooder.peerId, limit: 100 })).messages as Json[]).map((m) => m.id)).toEqual(ids)
  })
})
