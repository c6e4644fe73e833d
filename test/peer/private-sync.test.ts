/**
 * History sync of private rooms (sync/private-sync.ts) among real in-process peers on 127.0.0.1
 * with real LevelDB: a newcomer and a member back from being offline catch up; a stranger who
 * knows the room id, and a member removed since, get nothing (a member's request right after is
 * answered: the canary); a member serving forged posts has them refused and nothing is stored.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { lpStream, pbStream } from '@libp2p/utils'
import { concat, fromHex, generateIdentity, openRoomMessage, randomBytes, ready, sealRoomMessage, toHex, type RoomKeyring } from '@parley/crypto'
import type { Peer, PrivateMessage } from '@parley/node'
import type { Libp2p, PeerId } from '@libp2p/interface'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sodium } from '../../packages/crypto/src/sodium.js'
import { PrivateRoomBody, StoredPrivateMessage } from '../../packages/node/src/pb/private-room.js'
import { SyncReply, SyncRequest } from '../../packages/node/src/pb/sync.js'
import { PRIVATE_SYNC_PROTOCOL } from '../../packages/node/src/sync/private-sync.js'
import { encodeGaps } from '../../packages/node/src/store/gaps.js'
import { Peers, storedRoom } from './attack-private-support.js'
import { rawNode, type RawNode } from '../support/raw-node.js'
import { until } from '../support/poll.js'

/** One raw request on the private sync protocol: the reply, or the name of the error reading it. */
async function ask (from: Libp2p, to: PeerId, request: Partial<SyncRequest>): Promise<{ reply?: SyncReply, error?: string }> {
  const stream = await from.dialProtocol(to, PRIVATE_SYNC_PROTOCOL)
  const pb = pbStream(stream)
  await pb.write({ room: '', since: 0n, count: 0, cells: 0, fetch: [], push: [], ...request }, SyncRequest)
  try {
    return { reply: await pb.read(SyncReply, { signal: AbortSignal.timeout(10_000) }) }
  } catch (err) {
    return { error: (err as Error).name }
  } finally {
    stream.abort(new Error('done'))
  }
}

const shortId = (id: string): Uint8Array<ArrayBuffer> => fromHex(id).slice(0, 8)
const loopback = (p: Peer): string => p.addrs().find((a) => a.includes('127.0.0.1')) ?? ''

/** What a peer showed and what it reported as errors, by name. */
function watch (p: Peer): { shown: PrivateMessage[], errors: string[] } {
  const seen = { shown: [] as PrivateMessage[], errors: [] as string[] }
  p.addEventListener('private-message', (e) => { seen.shown.push(e.detail) })
  p.addEventListener('error', (e) => { seen.errors.push(e.detail.error.name) })
  return seen
}

/** A payload sealed with `inner` (author | signature | payload) chosen by the caller, under the keyring's current epoch. */
function sealRaw (keyring: RoomKeyring, inner: Uint8Array): Uint8Array {
  const epoch = new Uint8Array(4)
  new DataView(epoch.buffer).setUint32(0, keyring.currentEpoch)
  const nonce = randomBytes(24)
  const ad = concat(new TextEncoder().encode('parley/room/v1'), keyring.roomId, epoch)
  return concat(new Uint8Array([2]), epoch, nonce, sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(inner, ad, null, nonce, keyring.epochKey(keyring.currentEpoch)))
}

describe('private-room history sync', () => {
  const peers = new Peers()
  const raws: RawNode[] = []
  let ann: Peer
  let ben: Peer
  let benSeen: ReturnType<typeof watch>
  let annSeen: ReturnType<typeof watch>
  let room: string
  let cat: Peer
  let catDir: string

  beforeAll(async () => {
    await ready()
    ann = await peers.peer('ann')
    ben = await peers.peer('ben')
    benSeen = watch(ben)
    annSeen = watch(ann)
    await ben.dial(loopback(ann))
    room = await ann.privateRooms.create('plans')
  }, 30_000)

  afterAll(async () => {
    await Promise.allSettled(raws.map(async (r) => r.stop()))
    await peers.close()
    await rm(catDir, { recursive: true, force: true })
  })

  it('brings a newcomer what was posted before its subscription reached the poster, and shows each post once', async () => {
    await ann.privateRooms.invite(room, ben.peerId)
    await until('ben\'s invite', () => ben.privateRooms.invites().some((i) => i.room === room), 20_000)
    // Posted while ben is invited but not subscribed: gossip cannot carry it to ben.
    const early = await ann.privateRooms.send(room, 'before you joined')
    await ben.privateRooms.accept(room)
    await until('the early post at ben', async () => (await ben.privateRooms.history(room)).messages.some((m) => m.id === early.id), 20_000)
    const live = await ann.privateRooms.send(room, 'now that you are here')
    await until('the live post at ben', () => benSeen.shown.some((m) => m.id === live.id), 20_000)
    // A sync that completes after both posts arrived (one already running with ann is skipped, so
    // until one of ours completes): neither post is stored or shown again.
    await until('a sync of ben\'s with ann to complete', async () => (await ben.privateRooms.resync(room)).some((r) => r.peer === ann.peerId), 20_000)
    expect(benSeen.shown.filter((m) => m.room === room).map((m) => m.text)).toEqual(['before you joined', 'now that you are here'])
    expect((await ben.privateRooms.history(room)).messages.map((m) => m.text)).toEqual(['before you joined', 'now that you are here'])
  }, 30_000)

  it('brings a member that was offline what was posted meanwhile, once it is back', async () => {
    catDir = await mkdtemp(join(tmpdir(), 'parley-private-sync-'))
    cat = await peers.peer('cat', catDir)
    await cat.dial(loopback(ann))
    await ann.privateRooms.invite(room, cat.peerId)
    await until('cat\'s invite', () => cat.privateRooms.invites().some((i) => i.room === room), 20_000)
    await cat.privateRooms.accept(room)
    await until('ann\'s posts at cat', async () => (await cat.privateRooms.history(room)).messages.length === 2, 20_000)
    await cat.stop()
    const away = [await ann.privateRooms.send(room, 'while cat was away'), await ben.privateRooms.send(room, 'ben too')]
    cat = await peers.peer('cat', catDir)
    // As `parley repair` would mark them had it lost them: the sync that brings them back drops the marker.
    const conversation = `private:${room}`
    await cat.store.kv('settings').put(`gap:${conversation}`, encodeGaps([{ from: away[0].sentAt, to: away[1].sentAt, missing: 2, ids: away.map((m) => m.id) }]))
    const refilled: Array<{ conversation: string, refilled: number, missing: number }> = []
    cat.addEventListener('gap-refilled', (e) => { refilled.push(e.detail) })
    expect(await cat.gaps(conversation)).toHaveLength(1)
    await cat.dial(loopback(ben))
    await until('both posts at cat', async () => {
      const ids = (await cat.privateRooms.history(room)).messages.map((m) => m.id)
      return away.every((m) => ids.includes(m.id))
    }, 20_000)
    // One event, or two when a push and a fetch each brought one back.
    await until('the gap marker to go', () => refilled.reduce((n, r) => n + r.refilled, 0) === 2, 20_000)
    expect(refilled.at(-1)).toEqual(expect.objectContaining({ conversation, missing: 0 }))
    expect(await cat.gaps(conversation)).toEqual([])
    expect((await cat.privateRooms.history(room)).messages.map((m) => [m.text, m.from])).toEqual([
      ['before you joined', ann.peerId], ['now that you are here', ann.peerId], ['while cat was away', ann.peerId], ['ben too', ben.peerId]
    ])
  }, 40_000)

  it('answers a stranger who knows the room id exactly as for a room that does not exist: nothing; a member\'s request right after is answered', async () => {
    const stranger = await rawNode()
    raws.push(stranger)
    await stranger.dial(multiaddr(loopback(ann)))
    const [post] = (await ann.privateRooms.history(room)).messages
    const request = { room, cells: 30, fetch: [shortId(post.id)] }
    const known = await ask(stranger, ann.libp2p.peerId, request)
    const unknown = await ask(stranger, ann.libp2p.peerId, { ...request, room: toHex(randomBytes(32)) })
    expect(known).toEqual({ error: 'UnexpectedEOFError' })
    expect(unknown).toEqual(known)
    // A member's garbage ends its stream with a typed error; its next honest request is answered.
    const garbage = lpStream(await ben.libp2p.dialProtocol(ann.libp2p.peerId, PRIVATE_SYNC_PROTOCOL))
    await garbage.write(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]))
    await until('ann to refuse the garbage', () => annSeen.errors.includes('InvalidSyncMessageError'), 20_000)
    const member = await ask(ben.libp2p, ann.libp2p.peerId, request)
    const { keyring } = await storedRoom(ben, room)
    expect(member.reply?.count).toBeGreaterThanOrEqual(4)
    expect(member.reply?.envelopes.map((e) => toHex(openRoomMessage(keyring, e).id))).toEqual([post.id])
  }, 20_000)

  it('does not offer a post stored before sealed bytes were kept (a sync around it still completes)', async () => {
    const id = toHex(randomBytes(32))
    const body: PrivateRoomBody = { text: 'stored by an older version', nick: 'ann', sentAt: BigInt(Date.now() - 60_000), nonce: randomBytes(8) as Uint8Array<ArrayBuffer>, file: new Uint8Array(), mentions: [], holds: [] }
    const value = StoredPrivateMessage.encode({ author: ann.identity.publicKey as Uint8Array<ArrayBuffer>, body })
    await ann.store.history.append([{ conversation: `private:${room}`, id, timestamp: Number(body.sentAt), value }])
    expect((await ask(ben.libp2p, ann.libp2p.peerId, { room, fetch: [shortId(id)] })).reply?.envelopes).toEqual([])
    await until('a sync of ben\'s with ann to complete', async () => (await ben.privateRooms.resync(room)).some((r) => r.peer === ann.peerId), 20_000)
    expect((await ben.privateRooms.history(room, { limit: 500 })).messages.map((m) => m.id)).not.toContain(id)
  }, 30_000)

  it('refuses a member\'s forged posts (a non-member\'s, a bad author signature) by name and stores none', async () => {
    const mallory = await peers.peer('mallory')
    await mallory.dial(loopback(ann))
    await mallory.dial(loopback(ben))
    await ann.privateRooms.invite(room, mallory.peerId)
    await until('mallory\'s invite', () => mallory.privateRooms.invites().some((i) => i.room === room), 20_000)
    await mallory.privateRooms.accept(room)
    await until('ben sees mallory on the topic', async () => (await ben.privateRooms.resync(room)).some((r) => r.peer === mallory.peerId), 20_000)
    const keyring = (await storedRoom(mallory, room)).keyring
    const body = (text: string): PrivateRoomBody => ({ text, nick: 'ann', sentAt: BigInt(Date.now() - 60_000), nonce: randomBytes(8) as Uint8Array<ArrayBuffer>, file: new Uint8Array(), mentions: [], holds: [] })
    /** Stores a post in mallory's history claiming ann wrote it, whatever the sealed bytes say. */
    const plant = async (id: string, b: PrivateRoomBody, sealed: Uint8Array): Promise<void> => {
      const value = StoredPrivateMessage.encode({ author: ann.identity.publicKey as Uint8Array<ArrayBuffer>, body: b, sealed: sealed as Uint8Array<ArrayBuffer> })
      await mallory.store.history.append([{ conversation: `private:${room}`, id, timestamp: Number(b.sentAt), value }])
    }

    // Signed by someone who is not a member, stored as if ann wrote it.
    const strangers = body('from a stranger')
    const sealed = sealRoomMessage(generateIdentity(), keyring, PrivateRoomBody.encode(strangers))
    await plant(toHex(openRoomMessage(keyring, sealed).id), strangers, sealed)
    await ben.privateRooms.resync(room)
    await until('ben to refuse the stranger\'s post', () => benSeen.errors.includes('NotMemberError'), 20_000)

    // Ann's key, someone else's signature.
    const forged = body('forged in ann\'s name')
    const forgery = sealRaw(keyring, concat(ann.identity.publicKey, randomBytes(64), PrivateRoomBody.encode(forged)))
    await plant(toHex(randomBytes(32)), forged, forgery)
    await ben.privateRooms.resync(room)
    await until('ben to refuse the forgery', () => benSeen.errors.includes('InvalidRoomMessageError'), 20_000)
    // Pushed rather than served: refused the same way (a penalised pusher is not heard at all).
    expect((await ask(mallory.libp2p, ann.libp2p.peerId, { room, push: [forgery as Uint8Array<ArrayBuffer>] })).reply).toBeUndefined()
    await until('ann to refuse the pushed forgery', () => annSeen.errors.includes('InvalidRoomMessageError'), 20_000)
    for (const p of [ann, ben]) {
      const texts = (await p.privateRooms.history(room, { limit: 500 })).messages.map((m) => m.text)
      expect(texts).not.toContain('from a stranger')
      expect(texts).not.toContain('forged in ann\'s name')
    }
    expect([...benSeen.shown, ...annSeen.shown].map((m) => m.text)).not.toContain('forged in ann\'s name')
  }, 40_000)

  it('gives a removed member nothing of the epochs after its removal; a member\'s request right after gets the post', async () => {
    await cat.dial(loopback(ann))
    await ann.privateRooms.remove(room, cat.peerId)
    await until('ben to get the new epoch', () => ben.privateRooms.list().some((r) => r.room === room && r.epoch === 1), 20_000)
    const after = await ann.privateRooms.send(room, 'after cat left')
    const request = { room, cells: 30, fetch: [shortId(after.id)] }
    expect(await ask(cat.libp2p, ann.libp2p.peerId, request)).toEqual({ error: 'UnexpectedEOFError' })
    expect((await cat.privateRooms.history(room, { limit: 500 })).messages.map((m) => m.id)).not.toContain(after.id)
    const member = await ask(ben.libp2p, ann.libp2p.peerId, request)
    const { keyring } = await storedRoom(ben, room)
    const served = member.reply?.envelopes.map((e) => openRoomMessage(keyring, e)) ?? []
    expect(served.map((o) => [toHex(o.id), o.epoch])).toEqual([[after.id, 1]])
  }, 30_000)
})
