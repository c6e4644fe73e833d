/**
 * Two peers in one process: changes to one stored DM that land at the same time (the delivery
 * receipt, the author's own edit and reaction, the contact's reaction) all survive, whatever order
 * they finish in; and a burst of DMs is paced below the recipient's rate limit, never refused.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DM_WINDOW_FRAMES, DmPayload, type Peer } from '@parley/node'
import { createNodePeer } from '@parley/node/node'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'

const dirs: string[] = []
const peers: Peer[] = []

/** Makes each peer the other's contact (a non-contact's DMs would be held as a message request). */
async function befriend (a: Peer, b: Peer): Promise<void> {
  await a.contacts.add(b.peerId)
  await b.contacts.add(a.peerId)
}

async function peer (nick: string): Promise<Peer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-dm-updates-'))
  dirs.push(dataDir)
  const { peer: p } = await createNodePeer({ dataDir, nick, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  await p.start()
  peers.push(p)
  return p
}

afterAll(async () => {
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

describe('concurrent changes to a stored DM', () => {
  it('keeps every delivery receipt, edit and reaction when they race', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    // Widen the window between reading a stored DM and writing it back: each read waits a few ms,
    // so a receipt and an edit of the same message overlap unless the peer orders them.
    const history = a.store.history
    const read = history.get.bind(history)
    history.get = async (conversation, id) => {
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 10))
      return read(conversation, id)
    }
    await befriend(a, b)
    await a.dial(b.addrs().find((x) => x.includes('127.0.0.1')) ?? '')
    const ids: string[] = []
    for (let i = 0; i < 25; i++) {
      const sent = await a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: `draft ${i}` })
      ids.push(sent.id)
      // Not awaited together with delivery: the receipt and these changes land in any order.
      await a.dms.send(b.peerId, { kind: DmPayload.Kind.EDIT, target: sent.id, text: `final ${i}` })
      await a.dms.send(b.peerId, { kind: DmPayload.Kind.REACTION, target: sent.id, reaction: '✓' })
    }
    await until('the outbox to empty', async () => (await a.dms.pending()) === 0, 30_000)
    for (const id of ids) await b.dms.send(a.peerId, { kind: DmPayload.Kind.REACTION, target: id, reaction: '👀' })
    await until('the reactions to be delivered', async () => (await b.dms.pending()) === 0, 30_000)
    await until('the reactions to arrive', async () => {
      const { messages } = await a.dms.history(b.peerId, { limit: 100 })
      return messages.filter((m) => m.reactions.length === 2).length === ids.length
    }, 30_000)
    const mine = (await a.dms.history(b.peerId, { limit: 100 })).messages
    const theirs = (await b.dms.history(a.peerId, { limit: 100 })).messages
    expect(mine.map((m) => [m.text, m.edited, m.delivered, m.reactions.map((r) => r.reaction).sort()])).toEqual(
      ids.map((_, i) => [`final ${i}`, true, true, ['✓', '👀'].sort()]))
    expect(theirs.map((m) => [m.text, m.edited, m.reactions.map((r) => r.reaction).sort()])).toEqual(
      ids.map((_, i) => [`final ${i}`, true, ['✓', '👀'].sort()]))
  })

  it('refuses an edit, delete or reaction of a message the conversation does not have, and an edit of someone else\'s', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    await befriend(a, b)
    await a.dial(b.addrs().find((x) => x.includes('127.0.0.1')) ?? '')
    const mine = await a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'mine' })
    await until('the DM', async () => (await b.dms.history(a.peerId)).messages.length === 1, 20_000)
    for (const kind of [DmPayload.Kind.EDIT, DmPayload.Kind.DELETE, DmPayload.Kind.REACTION]) {
      await expect(a.dms.send(b.peerId, { kind, target: 'f'.repeat(64), text: 'x', reaction: '👍' })).rejects.toMatchObject({ name: 'UnknownMessageError' })
      await expect(a.dms.send(b.peerId, { kind, target: '', text: 'x', reaction: '👍' })).rejects.toMatchObject({ name: 'UnknownMessageError' })
    }
    await expect(b.dms.send(a.peerId, { kind: DmPayload.Kind.EDIT, target: mine.id, text: 'not yours' })).rejects.toMatchObject({ name: 'NotAuthorError' })
    await expect(b.dms.send(a.peerId, { kind: DmPayload.Kind.DELETE, target: mine.id })).rejects.toMatchObject({ name: 'NotAuthorError' })
    await b.dms.send(a.peerId, { kind: DmPayload.Kind.REACTION, target: mine.id, reaction: '👍' })
    expect(await a.dms.pending()).toBe(0)
  })
})

describe('a burst of DMs', () => {
  // Several windows' worth, queued faster than they go: the outcome (in order, nothing refused,
  // nothing left for the retry round), not the speed (the dm bench's).
  it('of many windows is delivered in order, none refused, without waiting for a retry round', async () => {
    const a = await peer('ann')
    const b = await peer('ben')
    const refused: string[] = []
    b.addEventListener('error', (evt) => { refused.push(evt.detail.error.name) })
    await befriend(a, b)
    await a.dial(b.addrs().find((x) => x.includes('127.0.0.1')) ?? '')
    const count = DM_WINDOW_FRAMES * 8
    await Promise.all(Array.from({ length: count }, async (_, i) => a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: `burst ${i}` })))
    await until('the burst to be delivered', async () => (await a.dms.pending()) === 0, 45_000)
    const got: string[] = []
    let before: string | null = null
    do {
      const page: { messages: Array<{ text: string }>, before: string | null } = await b.dms.history(a.peerId, { limit: 500, before })
      got.unshift(...page.messages.map((m) => m.text))
      before = page.before
    } while (before !== null)
    expect(got).toEqual(Array.from({ length: count }, (_, i) => `burst ${i}`))
    // Nothing refused, so nothing waited for a retry round.
    expect(refused.filter((name) => name === 'RateLimitedError')).toEqual([])
  })
})
