/**
 * Public rooms between two real peers in this process (libp2p on 127.0.0.1,
 * LevelDB in temp dirs), for what the process tests cannot time precisely:
 * bursts of events that change one message at once.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tcp } from '@libp2p/tcp'
import { createPeer, roomTopic, type Peer, type RoomMessage } from '@parley/node'
import { generateIdentity, ready } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodePeer, openNodeProfileStore } from '../src/node/index.js'
import { sealEvent, RoomEvent } from '../src/envelope.js'
import { until } from '../../../test/support/poll.js'
import { PRESENCE_INTERVAL_MS } from '../src/constants.js'

const ROOM = 'burst'

async function stored (peer: Peer, id: string): Promise<RoomMessage | undefined> {
  return (await peer.rooms.history(ROOM, { limit: 500 })).messages.find((m) => m.id === id)
}

describe('public rooms in one process', () => {
  const dirs: string[] = []
  let a: Peer
  let b: Peer

  const dataDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-rooms-'))
    dirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    await ready()
    a = (await createNodePeer({
      dataDir: await dataDir(), listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true, pubsub: { heartbeatIntervalMs: 100 }
    })).peer
    await a.start()
    // B is composed from the isomorphic core alone: the caller picks the transport and the store.
    b = await createPeer({
      identity: generateIdentity(),
      store: await openNodeProfileStore(await dataDir()),
      nick: 'bob',
      bootstrap: [a.addrs()[0]],
      pubsub: { heartbeatIntervalMs: 100 },
      libp2p: { transports: [tcp()], addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] } }
    })
    await b.start()
    await Promise.all([a.rooms.join(ROOM), b.rooms.join(ROOM)])
    // Gossipsub flood-publishes to every known subscriber, so knowing the subscription is enough.
    const subscribers = (p: Peer): number => p.libp2p.services.pubsub.getSubscribers(roomTopic(ROOM)).length
    await until('each peer to see the other subscribed', () => subscribers(a) > 0 && subscribers(b) > 0)
  })

  afterAll(async () => {
    await Promise.all([a, b].map(async (p) => p?.stop()))
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('applies an edit that follows its message at once', async () => {
    const edited = new Promise<void>((resolve) => {
      b.addEventListener('edit', () => { resolve() }, { once: true })
    })
    const sent = await a.rooms.send(ROOM, 'draft')
    await a.rooms.edit(ROOM, sent.id, 'final')
    await edited
    expect(await stored(b, sent.id)).toMatchObject({ text: 'final', edited: true })
  })

  it('keeps every reaction of a burst, on the reacting peer and on the author\'s', async () => {
    const sent = await a.rooms.send(ROOM, 'react to me')
    await until('the message at B', async () => (await stored(b, sent.id)) !== undefined)
    const reactions = Array.from({ length: 30 }, (_, i) => `r${i}`)
    await Promise.all(reactions.map(async (r) => { await b.rooms.react(ROOM, sent.id, r) }))
    const held = async (p: Peer): Promise<string[]> => ((await stored(p, sent.id))?.reactions ?? []).map((r) => r.reaction).sort()
    expect(await held(b)).toEqual([...reactions].sort())
    await until('every reaction at A', async () => (await held(a)).length === reactions.length)
    expect(await held(a)).toEqual([...reactions].sort())
  })

  it('lets old messages (as sync brings) neither bring back an old nick, nor make their author look absent, nor list long-gone authors', async () => {
    await until('bob among the members at A', () => a.rooms.members(ROOM).some((m) => m.peerId === b.peerId && m.nick === 'bob'))
    const presence: string[] = []
    a.addEventListener('presence', (evt) => { presence.push(evt.detail.member.nick) })
    const lastWeek = sealEvent(b.identity, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'from last week', nick: 'old-bob' }, Date.now() - 7 * 24 * 3600_000)
    const aMinuteAgo = sealEvent(b.identity, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'a minute ago', nick: 'older-bob' }, Date.now() - 60_000)
    const stranger = sealEvent(generateIdentity(), { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'long gone', nick: 'carol' }, Date.now() - 7 * 24 * 3600_000)
    for (const old of [lastWeek, aMinuteAgo, stranger]) await a.rooms.receive(ROOM, old)
    expect((await stored(a, lastWeek.id))?.nick).toBe('old-bob')
    expect((await stored(a, stranger.id))?.text).toBe('long gone')
    expect(a.rooms.members(ROOM).find((m) => m.peerId === b.peerId)).toMatchObject({ nick: 'bob' })
    expect(a.rooms.members(ROOM).map((m) => m.nick)).not.toContain('carol')
    expect(presence).toEqual([])
  })

  it('announces presence at every call in a small room, and once a second per member in a large one', async () => {
    const room = 'crowd'
    await a.rooms.join(room)
    const t = Date.now()
    expect(a.rooms.presenceDue(room, t + 1000)).toBe(false)
    expect(a.rooms.presenceDue(room, t + PRESENCE_INTERVAL_MS)).toBe(true)
    for (let i = 0; i < 150; i++) await a.rooms.receive(room, sealEvent(generateIdentity(), { room, kind: RoomEvent.Kind.TEXT, text: 'here', nick: `m${i}` }))
    // 150 others and us (our own presence counts): every 151 s, so the calls a minute apart find it due at the third.
    expect(a.rooms.presenceDue(room, t + PRESENCE_INTERVAL_MS)).toBe(false)
    expect(a.rooms.presenceDue(room, t + 2 * PRESENCE_INTERVAL_MS)).toBe(false)
    expect(a.rooms.presenceDue(room, t + 3 * PRESENCE_INTERVAL_MS)).toBe(true)
    expect(a.rooms.members(room)).toHaveLength(151)
    await a.rooms.leave(room)
  })

  it('stores a burst of texts received at once together, in order, each shown once, with an edit among them applied to the text before it', async () => {
    const now = Date.now()
    const texts = Array.from({ length: 40 }, (_, i) => sealEvent(b.identity, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: `burst ${i}`, nick: 'bob' }, now - 1000 + i))
    const edit = sealEvent(b.identity, { room: ROOM, kind: RoomEvent.Kind.EDIT, target: texts[9].id, text: 'burst 9, edited', nick: 'bob' }, now - 500)
    const shown: string[] = []
    const onMessage = (evt: CustomEvent<RoomMessage>): void => { if (evt.detail.text.startsWith('burst')) shown.push(evt.detail.text) }
    a.addEventListener('message', onMessage)
    // Not awaited one by one: the first waits for the store, the rest queue and go as one append (the edit between them alone).
    const arrivals = [...texts.slice(0, 10), edit, texts[3], ...texts.slice(10), texts[25]]
    await Promise.all(arrivals.map(async (v) => a.rooms.receive(ROOM, v)))
    a.removeEventListener('message', onMessage)
    expect(shown).toEqual(texts.map((_, i) => `burst ${i}`))
    expect((await stored(a, texts[9].id))?.text).toBe('burst 9, edited')
    const page = (await a.rooms.history(ROOM, { limit: 500 })).messages.filter((m) => m.text.startsWith('burst'))
    expect(page.map((m) => m.id)).toEqual(texts.map((t) => t.id))
  })
})
