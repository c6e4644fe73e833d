/**
 * Attacks on `/parley/sync/1.0.0` from a raw libp2p node against a real
 * `parley --json` peer: a table whose peeling never ends, a stream that
 * switches rooms, and pushes of forged envelopes.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { lpStream, pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, randomBytes, ready, sign, SIGNATURE_LABELS } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { SyncReply, SyncRequest } from '../../packages/node/src/pb/sync.js'
import { CELL_BYTES, HASH_COUNT, Iblt, MAX_IBLT_CELLS, shortIdOf } from '../../packages/node/src/sync/iblt.js'
import { MAX_FETCH_IDS, SYNC_PROTOCOL } from '../../packages/node/src/sync/room-sync.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'

const topicOf = (room: string): string => `/parley/room/1/${room}`

/** A table of `cells` cells whose only non-empty cell is one of x's cells: count -1, key x, check(x). */
function neverEndingTable (cells: number): Uint8Array {
  const bytes = new Iblt(cells)
  bytes.insert(shortIdOf(randomBytes(32)))
  const out = bytes.encode()
  const view = new DataView(out.buffer)
  let kept = false
  for (let at = 4; at < out.length; at += CELL_BYTES) {
    if (view.getInt32(at) === 0) continue
    if (kept) out.fill(0, at, at + CELL_BYTES)
    else view.setInt32(at, -1)
    kept = true
  }
  return out
}

/** A well-formed envelope whose signature does not verify. */
function forgedEnvelope (room: string): Uint8Array<ArrayBuffer> {
  const mallory = generateIdentity()
  const payload = RoomEvent.encode({ room, sentAt: BigInt(Date.now()), nick: 'm', kind: RoomEvent.Kind.TEXT, text: 'forged', replyTo: '', target: '', reaction: '', nonce: randomBytes(8) as Uint8Array<ArrayBuffer> })
  const signature = sign(mallory, SIGNATURE_LABELS.roomMessage, payload)
  signature[0] ^= 1
  return Envelope.encode({ payload, signature: signature as Uint8Array<ArrayBuffer>, author: mallory.publicKey as Uint8Array<ArrayBuffer> })
}

const request = (room: string, fields: Partial<SyncRequest> = {}): SyncRequest => ({ room, since: 0n, count: 0, cells: 0, fetch: [], push: [], ...fields })

/** The name of the error a read fails with (the victim resets the stream), or 'no error'. */
async function refused (pb: ReturnType<typeof pbStream>): Promise<string> {
  try {
    await pb.read(SyncReply)
    return 'no error'
  } catch (err) {
    return (err as Error).name
  }
}
const STREAM_RESET = 'StreamResetError'

const historyOf = async (p: ParleyProcess, room: string): Promise<Json[]> => (await p.ok({ cmd: 'history', room, limit: 500 })).messages as Json[]

describe('attacks on history sync', () => {
  const cluster = new Cluster()
  const raws: RawNode[] = []
  beforeAll(async () => { await ready() })
  afterAll(async () => {
    await Promise.all(raws.map(async (r) => r.stop()))
    await cluster.close()
  })

  it('survives a table whose peeling never ends: the round fails with IbltDecodeError, the peer answers, and syncs with an honest peer afterwards', async () => {
    const room = 'never-ending'
    const raw = await rawNode()
    raws.push(raw)
    let served = 0
    await raw.handle(SYNC_PROTOCOL, async (stream) => {
      const pb = pbStream(stream)
      try {
        while (true) {
          const req = await pb.read(SyncRequest)
          const cells = Math.ceil(Math.max(req.cells, HASH_COUNT) / HASH_COUNT) * HASH_COUNT
          served++
          await pb.write({ count: 1, table: neverEndingTable(cells) as Uint8Array<ArrayBuffer>, envelopes: [] }, SyncReply)
        }
      } catch {
        stream.abort(new Error('done'))
      }
    })
    raw.services.pubsub.subscribe(topicOf(room))
    const a = await cluster.start()
    const c = await cluster.start()
    await Promise.all([a.ok({ cmd: 'join', room }), c.ok({ cmd: 'join', room })])
    for (let i = 0; i < 10; i++) await c.ok({ cmd: 'send', room, text: `honest ${i}` })

    await raw.dial(multiaddr(a.addr))
    await until('A to ask the attacker for a table', () => served > 0, 20_000)
    await until('A to report IbltDecodeError', () => /IbltDecodeError/.test(a.stderr), 20_000)
    // Alive and answering (before the fix the peel loop never returned and the process ran out of memory).
    expect((await a.ok({ cmd: 'whoami' })).peerId).toBe(a.peerId)

    await a.ok({ cmd: 'dial', addr: c.addr })
    // C's subscription starts a sync at once; if that one fails (a loaded machine), the next
    // anti-entropy round (30 s) picks C, never the penalised attacker.
    await until('A to sync from the honest peer', async () => (await historyOf(a, room)).length === 10, 75_000)
    expect((await historyOf(a, room)).map((m) => m.text).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `honest ${i}`).sort())
    // The attacker is left alone now: a resync reaches the honest peer only.
    const again = (await a.ok({ cmd: 'resync', room })).results as Json[]
    expect(again.map((r) => r.peer)).toEqual([c.peerId])
  }, 150_000)

  it('serves one room per stream: a request for another room on the same stream ends it', async () => {
    const raw = await rawNode()
    raws.push(raw)
    const a = await cluster.start()
    await Promise.all([a.ok({ cmd: 'join', room: 'first' }), a.ok({ cmd: 'join', room: 'second' })])
    for (let i = 0; i < 3; i++) await a.ok({ cmd: 'send', room: 'first', text: `first ${i}` })
    await a.ok({ cmd: 'send', room: 'second', text: 'second' })
    await raw.dial(multiaddr(a.addr))
    const target = peerIdFromString(a.peerId)

    const pb = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    await pb.write(request('first', { cells: 30 }), SyncRequest)
    expect((await pb.read(SyncReply)).count).toBe(3)
    await pb.write(request('second', { cells: 30 }), SyncRequest)
    // Before the fix this reply came back with the first room's table and count.
    expect(await refused(pb)).toBe(STREAM_RESET)
    await until('A to report SyncRoomChangedError', () => /SyncRoomChangedError/.test(a.stderr), 10_000)

    // Canary: the second room on its own stream is served, with its own count.
    const fresh = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    await fresh.write(request('second', { cells: 30 }), SyncRequest)
    expect((await fresh.read(SyncReply)).count).toBe(1)
  })

  it('is no amplifier: a tiny request for a huge table is refused, and a peer\'s table cells per minute are bounded', async () => {
    const raw = await rawNode()
    raws.push(raw)
    const a = await cluster.start()
    const room = 'amplifier'
    await a.ok({ cmd: 'join', room })
    await a.ok({ cmd: 'send', room, text: 'one' })
    await raw.dial(multiaddr(a.addr))
    const target = peerIdFromString(a.peerId)

    // 12 bytes asking for the largest table for two sets of one message: no difference could need it.
    const huge = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    await huge.write(request(room, { count: 0, cells: MAX_IBLT_CELLS }), SyncRequest)
    expect(await refused(huge)).toBe(STREAM_RESET)
    await until('A to report SyncBudgetError', () => /SyncBudgetError/.test(a.stderr), 10_000)

    // Claiming a huge set of its own gets the largest tables, but only up to the minute's budget.
    const claimed = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    let tables = 0
    for (let i = 0; i < 10; i++) {
      await claimed.write(request(room, { count: 10_000_000, cells: MAX_IBLT_CELLS }), SyncRequest)
      if (await claimed.read(SyncReply).then(() => true, () => false)) tables++
      else break
    }
    expect(tables).toBe(4)
    expect((await a.ok({ cmd: 'whoami' })).peerId).toBe(a.peerId)
  })

  it('starts at most one sync per peer and room for subscriptions, however often a peer toggles its subscription', async () => {
    const raw = await rawNode()
    raws.push(raw)
    const opened: string[] = []
    await raw.handle(SYNC_PROTOCOL, async (stream) => {
      const pb = pbStream(stream)
      try {
        const req = await pb.read(SyncRequest)
        opened.push(req.room)
        await pb.write({ count: 0, table: new Iblt(Math.max(req.cells, HASH_COUNT)).encode() as Uint8Array<ArrayBuffer>, envelopes: [] }, SyncReply)
        await stream.close()
      } catch {
        stream.abort(new Error('done'))
      }
    })
    const a = await cluster.start()
    await Promise.all([a.ok({ cmd: 'join', room: 'toggled' }), a.ok({ cmd: 'join', room: 'canary' })])
    await raw.dial(multiaddr(a.addr))
    for (let i = 0; i < 20; i++) {
      raw.services.pubsub.subscribe(topicOf('toggled'))
      await new Promise((resolve) => setTimeout(resolve, 50))
      raw.services.pubsub.unsubscribe(topicOf('toggled'))
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    // Canary: subscriptions travel in order on one stream, so when A syncs the canary room it has seen every toggle.
    raw.services.pubsub.subscribe(topicOf('canary'))
    await until('A to sync the canary room', () => opened.includes('canary'), 20_000)
    // One for the subscriptions; the 30 s anti-entropy round may add one more in the meantime (20 without the limit).
    expect(opened.filter((r) => r === 'toggled').length).toBeLessThanOrEqual(2)
  })

  it('penalises a peer that pushes invalid envelopes: stream closed, later streams refused, gossipsub score below zero', async () => {
    const room = 'pushy'
    const raw = await rawNode()
    raws.push(raw)
    raw.services.pubsub.subscribe(topicOf(room))
    const a = await cluster.start()
    await a.ok({ cmd: 'join', room })
    await a.ok({ cmd: 'send', room, text: 'hello' })
    await raw.dial(multiaddr(a.addr))
    const target = peerIdFromString(a.peerId)
    const score = async (): Promise<number> => (await a.ok({ cmd: 'peer-score', peer: raw.peerId.toString() })).score
    await until('the connection', async () => (await a.ok({ cmd: 'peers' })).peers.length > 0, 10_000)

    // Baseline: the same request without a push is served.
    const before = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    await before.write(request(room, { cells: 30 }), SyncRequest)
    expect((await before.read(SyncReply)).count).toBe(1)
    await before.unwrap().close()
    expect(await score()).toBeGreaterThanOrEqual(0)

    const pushing = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    await pushing.write(request(room, { cells: 30, push: [forgedEnvelope(room)] }), SyncRequest)
    expect(await refused(pushing)).toBe(STREAM_RESET)
    await until('A to report the forged push', () => /InvalidEnvelopeError/.test(a.stderr), 10_000)
    // Gossipsub caches scores for a heartbeat or so.
    await until('the pusher\'s gossipsub score to drop below zero', async () => (await score()) < 0, 10_000)

    // A penalised peer's stream is reset at once: before our request is written (StreamStateError) or after it.
    const after = pbStream(await raw.dialProtocol(target, SYNC_PROTOCOL))
    const outcome = await after.write(request(room, { cells: 30 }), SyncRequest).then(async () => refused(after), (err: Error) => err.name)
    expect([STREAM_RESET, 'StreamStateError']).toContain(outcome)
    expect((await historyOf(a, room)).map((m) => m.text)).toEqual(['hello'])
  })

  it('refuses a table of another size than it asked for, and a request over the fetch limit', async () => {
    const room = 'wrong-size'
    const raw = await rawNode()
    raws.push(raw)
    let served = 0
    await raw.handle(SYNC_PROTOCOL, async (stream) => {
      const pb = pbStream(stream)
      try {
        await pb.read(SyncRequest)
        served++
        // The largest table there is, whatever was asked for: 1.5 MiB to peel.
        await pb.write({ count: 0, table: new Iblt(MAX_IBLT_CELLS).encode() as Uint8Array<ArrayBuffer>, envelopes: [] }, SyncReply)
      } catch {
        stream.abort(new Error('done'))
      }
    })
    raw.services.pubsub.subscribe(topicOf(room))
    const a = await cluster.start()
    await a.ok({ cmd: 'join', room })
    await raw.dial(multiaddr(a.addr))
    await until('A to ask the attacker for a table', () => served > 0, 20_000)
    await until('A to refuse the oversized table', () => /IbltDecodeError: asked for \d+ cells, got 98304/.test(a.stderr), 20_000)

    // Another node: the first one is penalised now, and its streams are refused before they are read.
    const other = await rawNode()
    raws.push(other)
    await other.dial(multiaddr(a.addr))
    const pb = pbStream(await other.dialProtocol(peerIdFromString(a.peerId), SYNC_PROTOCOL))
    await pb.write(request(room, { fetch: Array.from({ length: MAX_FETCH_IDS + 1 }, () => randomBytes(8) as Uint8Array<ArrayBuffer>) }), SyncRequest)
    expect(await refused(pb)).toBe(STREAM_RESET)
    await until('A to refuse the oversized fetch', () => /InvalidSyncMessageError: request does not decode: MaxLengthError/.test(a.stderr), 10_000)
    const short = pbStream(await other.dialProtocol(peerIdFromString(a.peerId), SYNC_PROTOCOL))
    await short.write(request(room, { fetch: [new Uint8Array(3)] }), SyncRequest)
    expect(await refused(short)).toBe(STREAM_RESET)
    await until('A to refuse a short id of 3 bytes', () => /InvalidSyncMessageError: a short id is 8 bytes/.test(a.stderr), 10_000)
    // A whole frame whose first field claims more bytes than the frame holds: a decode error too, named.
    const third = await rawNode()
    raws.push(third)
    await third.dial(multiaddr(a.addr))
    const truncatedStream = await third.dialProtocol(peerIdFromString(a.peerId), SYNC_PROTOCOL)
    await lpStream(truncatedStream).write(Uint8Array.of(0x0a, 0x05, 0x61))
    expect(await refused(pbStream(truncatedStream))).toBe(STREAM_RESET)
    await until('A to refuse a truncated request', () => /InvalidSyncMessageError: request does not decode: RangeError/.test(a.stderr), 10_000)
    expect((await a.ok({ cmd: 'whoami' })).peerId).toBe(a.peerId)
  })
})
