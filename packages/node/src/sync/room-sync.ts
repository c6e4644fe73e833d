/**
 * `/parley/sync/1.0.0`: room history reconciliation between two peers.
 *
 * The initiator asks for the responder's IBLT of the room's messages in a
 * window (default: the last SYNC_WINDOW_MS), peels the difference against
 * its own (reconcile.ts), fetches what it lacks and pushes what the
 * responder lacks. Every envelope that arrives is verified exactly as a
 * gossipsub message is (signature, room, limits, clock skew); one that fails
 * ends the sync with that peer, which is then left alone for a while
 * (PENALTY_MS) and loses gossipsub score. The same holds for a table that
 * is not the difference of two sets (iblt.ts, IbltDecodeError) and for
 * pushes of invalid envelopes to a responder. A stream serves one room: a
 * request naming another ends it (SyncRoomChangedError).
 */
import { fromHex, toHex } from '@parley/crypto'
import { protobufFramed } from '../net/length-prefix.js'
import { openStream } from '../net/contact-dialler.js'
import { roomConversation, roomEventsConversation } from '../constants.js'
import { openEvent, RoomEvent, type VerifiedEvent } from '../envelope.js'
import { SyncReply, SyncRequest } from '../pb/sync.js'
import { StoredMessage } from '../pb/room.js'
import { normaliseRoomName } from '../room-name.js'
import { parseOwnedRoom } from '../communities/owned-room.js'
import { roomLogConversation } from '../communities/policy.js'
import { IbltDecodeError, InvalidSyncMessageError, SyncRoomChangedError } from './errors.js'
import { HASH_COUNT, Iblt, MAX_IBLT_CELLS, shortIdKey, shortIdOf } from './iblt.js'
import { MAX_ROUNDS, MIN_DIFFERENCE, SyncSetBuilder, type SyncSet } from './reconcile.js'
import { SyncGuard } from './sync-guard.js'
import type { Rooms } from '../rooms.js'
import type { ProfileStore } from '../store/index.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export const SYNC_PROTOCOL = '/parley/sync/1.0.0'
/** How far back a sync reaches by default. */
export const SYNC_WINDOW_MS = 7 * 24 * 3600 * 1000
/** Largest sync message on the wire. */
export const MAX_SYNC_MESSAGE_BYTES = 2 * 1024 * 1024
/** Most envelope bytes in one reply or push. */
export const MAX_ENVELOPES_BYTES = 512 * 1024
/** Most short ids in one fetch. */
export const MAX_FETCH_IDS = 2048
/** Most envelopes in one request's push or one reply (protons decode limit; MAX_ENVELOPES_BYTES bounds them in bytes first). */
export const MAX_ENVELOPES_PER_MESSAGE = 8192
/**
 * Decode errors of protons: a message that breaks a limit or does not parse (a field that claims
 * more bytes than its frame holds is a RangeError from protons' reader), as opposed to a stream
 * that ended.
 */
const DECODE_ERRORS = new Set(['MaxLengthError', 'MaxSizeError', 'ParseError', 'RangeError'])
/**
 * Window reads (the set one side reconciles) that run at once: anti-entropy, onward rounds and
 * inbound streams otherwise read the same window side by side, and a busy room's peak memory
 * grew with their number (the soak benchmark). A read asked for while the same room's waits joins it.
 */
export const MAX_CONCURRENT_WINDOW_READS = 1
/**
 * A message a sync brought in that is younger than this (by its sentAt) was most likely still on
 * its way by gossip: it does not count as learned, so it starts no onward round. In a busy room
 * nearly every sync otherwise fetched messages in flight and started one, and syncs fed syncs.
 */
export const LEARNED_MIN_AGE_MS = 5_000
/** Bytes of a short id on the wire. */
const SHORT_ID_BYTES = 8
/** Most requests on one inbound stream. */
export const MAX_REQUESTS_PER_STREAM = 256
/** Timeout of every read and write. */
export const SYNC_TIMEOUT_MS = 10_000
/** Inbound syncs a peer may start per minute. */
export const INBOUND_SYNCS_PER_MINUTE = 30
/**
 * IBLT cells one peer may have us build and send per minute: room for two
 * reconciliations at the largest table (an honest one asks tables that double,
 * so they add up to under twice the last). Without it a 12-byte request for the
 * largest table, repeated on every stream, turned us into a 100 MB amplifier.
 */
export const INBOUND_TABLE_CELLS_PER_MINUTE = 4 * MAX_IBLT_CELLS
/** How long a peer that served forged history is ignored. */
export const PENALTY_MS = 10 * 60 * 1000
/** Gossipsub behaviour penalty for forged history (pubsub.ts penalise: 2 → score -40, below the gossip threshold). */
export const SCORE_PENALTY = 2

/** The outcome of one sync, reported as a 'sync' event. */
export interface SyncResult {
  room: string
  peer: string
  fetched: number
  pushed: number
  /** Bytes sent and received on the sync stream (protobuf messages). */
  bytes: number
}

/** What the sync service needs from the peer. */
export interface RoomSyncComponents {
  libp2p: Libp2p
  store: ProfileStore
  rooms: Rooms
  onSync: (result: SyncResult) => void
  /** A sync with `peer` (ours or theirs) stored messages of `room` we lacked. */
  onLearned?: (room: string, peer: string) => void
  onError: (error: Error) => void
  windowMs?: number
}

/** A window's ids, each tagged with its conversation's place in `conversations` (no object per message: see SyncSetBuilder). */
interface Local { set: SyncSet, conversations: string[] }

export class RoomSync {
  readonly #c: RoomSyncComponents
  readonly #guard: SyncGuard
  readonly #running = new Set<string>()
  /** Window reads running now, and those waiting for a turn (one per room and set: later askers join it). */
  #reading = 0
  readonly #turns: Array<() => void> = []
  readonly #queued = new Map<string, Promise<Local>>()

  constructor (components: RoomSyncComponents) {
    this.#c = components
    this.#guard = new SyncGuard(components.libp2p, { syncsPerMinute: INBOUND_SYNCS_PER_MINUTE, cellsPerMinute: INBOUND_TABLE_CELLS_PER_MINUTE, penaltyMs: PENALTY_MS, scorePenalty: SCORE_PENALTY })
  }

  async start (): Promise<void> {
    await this.#c.libp2p.handle(SYNC_PROTOCOL, (stream, connection) => { void this.#respond(stream, connection) }, { maxInboundStreams: 8, runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    await this.#c.libp2p.unhandle(SYNC_PROTOCOL)
  }

  #since (): number {
    return Date.now() - (this.#c.windowMs ?? SYNC_WINDOW_MS)
  }

  /** Whether a peer served forged history recently. */
  isPenalised (peer: string): boolean {
    return this.#guard.isPenalised(peer)
  }

  /**
   * The set one side reconciles: a room's messages and events in the window, or (`log`) an owned
   * room's whole moderation log. What the room's rules hide now stays out, so it spreads no further.
   */
  async #local (room: string, since: number, log = false): Promise<Local> {
    const key = `${log ? 'log' : 'messages'} ${room}`
    const queued = this.#queued.get(key)
    if (queued !== undefined) return queued
    const read = (async () => {
      await this.#turn()
      this.#queued.delete(key)
      try {
        return await this.#readLocal(room, since, log)
      } finally {
        // The turn passes to the next waiting read, or the slot is freed.
        const next = this.#turns.shift()
        if (next !== undefined) next()
        else this.#reading--
      }
    })()
    this.#queued.set(key, read)
    return read
  }

  /** Waits for a window-read slot (taken at once when one is free; a finishing read hands its slot on). */
  async #turn (): Promise<void> {
    if (this.#reading < MAX_CONCURRENT_WINDOW_READS) {
      this.#reading++
      return
    }
    await new Promise<void>((resolve) => this.#turns.push(resolve))
  }

  async #readLocal (room: string, since: number, log: boolean): Promise<Local> {
    const conversations = log ? [roomLogConversation(room)] : [roomConversation(room), roomEventsConversation(room)]
    const set = new SyncSetBuilder()
    for (const [tag, conversation] of conversations.entries()) {
      if (parseOwnedRoom(room) === undefined) {
        // An open room has no rules that hide anything: its ids alone (keys only, in a clear profile).
        for await (const id of this.#c.store.history.ids(conversation, { from: since })) set.add(fromHex(id), tag)
        continue
      }
      for await (const r of this.#c.store.history.range(conversation, { from: log ? 0 : since })) {
        if (!this.#c.rooms.excluded(room, conversation, r.id, r.value)) set.add(fromHex(r.id), tag)
      }
    }
    return { set: set.build(), conversations }
  }

  async #envelope (ref: { conversation: string, id: string }): Promise<Uint8Array | undefined> {
    const record = await this.#c.store.history.get(ref.conversation, ref.id)
    if (record === undefined) return undefined
    return ref.conversation.endsWith('/events') || ref.conversation.endsWith('/mod') ? record.value : StoredMessage.decode(record.value).envelope
  }

  /** Envelopes for short ids, up to MAX_ENVELOPES_BYTES. */
  async #envelopes (local: Local, shortKeys: string[]): Promise<Uint8Array[]> {
    const out: Uint8Array[] = []
    let bytes = 0
    for (const key of shortKeys) {
      const id = local.set.idOf(key)
      const ref = id === undefined ? undefined : { conversation: local.conversations[local.set.tagOf(key) ?? 0], id: toHex(id) }
      const envelope = ref === undefined ? undefined : await this.#envelope(ref)
      if (envelope === undefined) continue
      if (bytes + envelope.length > MAX_ENVELOPES_BYTES) break
      out.push(envelope)
      bytes += envelope.length
    }
    return out
  }

  /**
   * Verifies and stores envelopes: moderation actions first (the rules before what they govern),
   * then texts, then the edits, deletes and reactions that target them; returns their short ids.
   */
  async #store (room: string, envelopes: Uint8Array[], wanted?: Set<string>): Promise<{ ids: string[], settled: number }> {
    const verified: VerifiedEvent[] = envelopes.map((bytes) => {
      const v = openEvent(bytes, room)
      if (wanted !== undefined && !wanted.has(shortIdKey(shortIdOf(fromHex(v.id))))) throw new InvalidSyncMessageError('peer sent a message that was not asked for')
      return v
    })
    const order = (kind: RoomEvent.Kind): number => kind === RoomEvent.Kind.MODERATION ? 0 : kind === RoomEvent.Kind.TEXT ? 1 : 2
    verified.sort((a, b) => order(a.event.kind) - order(b.event.kind) || Number(a.event.sentAt - b.event.sentAt))
    for (const v of verified) await this.#c.rooms.receive(room, v)
    const settled = Date.now() - LEARNED_MIN_AGE_MS
    return { ids: verified.map((v) => shortIdKey(shortIdOf(fromHex(v.id)))), settled: verified.filter((v) => Number(v.event.sentAt) <= settled).length }
  }

  async #respond (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (!this.#guard.allowInbound(peer)) {
      stream.abort(new InvalidSyncMessageError(this.isPenalised(peer) ? 'peer is penalised' : 'sync rate limit'))
      return
    }
    const pb = protobufFramed(stream, { maxDataLength: MAX_SYNC_MESSAGE_BYTES })
    let served: { room: string, log: boolean, local: Local } | undefined
    try {
      for (let i = 0; i < MAX_REQUESTS_PER_STREAM; i++) {
        const request = await pb.read(SyncRequest, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS), limits: { fetch: MAX_FETCH_IDS, push: MAX_ENVELOPES_PER_MESSAGE } }).catch((err: Error) => {
          if (DECODE_ERRORS.has(err.name)) throw new InvalidSyncMessageError(`request does not decode: ${err.name}`)
          return undefined
        })
        if (request === undefined) break
        const room = normaliseRoomName(request.room)
        if (served !== undefined && served.room !== room) throw new SyncRoomChangedError(`a stream for ${served.room} asked for ${room}`)
        if (!this.#c.rooms.list().includes(room)) throw new InvalidSyncMessageError(`not in room ${room}`)
        if (request.fetch.length > MAX_FETCH_IDS) throw new InvalidSyncMessageError(`fetch of ${request.fetch.length} ids exceeds ${MAX_FETCH_IDS}`)
        if (request.fetch.some((id) => id.length !== SHORT_ID_BYTES)) throw new InvalidSyncMessageError(`a short id is ${SHORT_ID_BYTES} bytes`)
        // A stream may move on from the log to the messages once, never back (each set is read once).
        const log = request.log === true && parseOwnedRoom(room) !== undefined
        if (served !== undefined && served.log !== log) {
          if (!served.log) throw new InvalidSyncMessageError('a stream reconciles the log before the messages, not after')
          served = undefined
        }
        served ??= { room, log, local: await this.#local(room, Math.max(Number(request.since), this.#since()), log) }
        const { local } = served
        if (request.push.length > 0) {
          try {
            const { settled } = await this.#store(room, request.push)
            if (settled > 0) this.#c.onLearned?.(room, peer)
          } catch (err) {
            this.#guard.penalise(peer)
            throw err
          }
        }
        const cells = Math.min(Math.max(request.cells, HASH_COUNT), MAX_IBLT_CELLS)
        if (request.cells > 0) this.#guard.spendTableCells(peer, cells, local.set.size + Number(request.count))
        const reply: SyncReply = {
          count: local.set.size,
          table: (request.cells > 0 ? local.set.table(cells).encode() : new Uint8Array()) as Uint8Array<ArrayBuffer>,
          envelopes: await this.#envelopes(local, request.fetch.map((id) => shortIdKey(shortIdOf(id)))) as Array<Uint8Array<ArrayBuffer>>
        }
        await pb.write(reply, SyncReply, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
      }
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
      this.#c.onError(err as Error)
    }
  }

  /** Reconciles one room with one peer. */
  async syncWith (peerId: PeerId, name: string): Promise<SyncResult | undefined> {
    const room = normaliseRoomName(name)
    const peer = peerId.toString()
    const key = `${peer} ${room}`
    if (this.isPenalised(peer) || this.#running.has(key)) return undefined
    this.#running.add(key)
    try {
      return await this.#initiate(peerId, room)
    } finally {
      this.#running.delete(key)
    }
  }

  /**
   * Peels the responder's table against ours. A table of another size than
   * asked for, or one that is not a set difference (IbltDecodeError), is a
   * failed round: the error ends this sync and the peer is penalised.
   */
  #peel (peer: string, local: Local, bytes: Uint8Array, asked: number): ReturnType<SyncSet['differenceWith']> {
    try {
      const theirs = Iblt.decodeBytes(bytes)
      if (theirs.cellCount !== new Iblt(asked).cellCount) throw new IbltDecodeError(`asked for ${asked} cells, got ${theirs.cellCount}`)
      return local.set.differenceWith(theirs)
    } catch (err) {
      this.#guard.penalise(peer)
      throw err
    }
  }

  /** An owned room's log first, then its messages; an open room's messages. */
  async #initiate (peerId: PeerId, room: string): Promise<SyncResult> {
    const peer = peerId.toString()
    const since = this.#since()
    const stream = await openStream(this.#c.libp2p, peerId, SYNC_PROTOCOL, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
    const pb = protobufFramed(stream, { maxDataLength: MAX_SYNC_MESSAGE_BYTES })
    let bytes = 0
    let fetched = 0
    let pushed = 0
    let settled = 0
    try {
      for (const log of parseOwnedRoom(room) === undefined ? [false] : [true, false]) {
        const local = await this.#local(room, since, log)
        const exchange = async (request: Partial<SyncRequest>): Promise<SyncReply> => {
          const full: SyncRequest = { room, since: BigInt(log ? 0 : since), count: local.set.size, cells: 0, fetch: [], push: [], ...(log ? { log } : {}), ...request }
          bytes += SyncRequest.encode(full).length
          await pb.write(full, SyncRequest, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
          const reply = await pb.read(SyncReply, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS), limits: { envelopes: MAX_ENVELOPES_PER_MESSAGE } })
          bytes += SyncReply.encode(reply).length
          return reply
        }
        const part = await this.#reconcile(peer, room, local, exchange)
        fetched += part.fetched
        settled += part.settled
        pushed += part.pushed
      }
      await stream.close()
      const result = { room, peer, fetched, pushed, bytes }
      if (settled > 0) this.#c.onLearned?.(room, peer)
      this.#c.onSync(result)
      return result
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  /** One set's round trips: tables until the difference peels, then fetches, then pushes. */
  async #reconcile (peer: string, room: string, local: Local, exchange: (request: Partial<SyncRequest>) => Promise<SyncReply>): Promise<{ fetched: number, pushed: number, settled: number }> {
    let cells = Iblt.cellsFor(MIN_DIFFERENCE)
    let difference
    for (let round = 0; round < MAX_ROUNDS && difference === undefined; round++) {
      const reply = await exchange({ cells })
      difference = this.#peel(peer, local, reply.table, cells)
      cells = Math.min(MAX_IBLT_CELLS, Math.max(cells * 2, Iblt.cellsFor(Math.abs(reply.count - local.set.size))))
    }
    if (difference === undefined) throw new InvalidSyncMessageError('the difference did not decode within the round limit')
    let fetched = 0
    let settled = 0
    let wanted = difference.onlyTheirs.map(shortIdKey)
    while (wanted.length > 0) {
      const batch = wanted.slice(0, MAX_FETCH_IDS)
      const reply = await exchange({ fetch: batch.map(shortIdBytes) })
      let got: string[]
      try {
        const stored = await this.#store(room, reply.envelopes, new Set(batch))
        got = stored.ids
        settled += stored.settled
      } catch (err) {
        this.#guard.penalise(peer)
        throw err
      }
      // A reply is capped in bytes: ask again for the rest, as long as each reply makes progress.
      if (got.length === 0) break
      fetched += got.length
      const received = new Set(got)
      wanted = wanted.filter((k) => !received.has(k))
    }
    let pushed = 0
    const pending = difference.onlyOurs.map(shortIdKey)
    while (pending.length > 0) {
      const envelopes = await this.#envelopes(local, pending.splice(0, MAX_FETCH_IDS))
      if (envelopes.length === 0) continue
      await exchange({ push: envelopes as Array<Uint8Array<ArrayBuffer>> })
      pushed += envelopes.length
    }
    return { fetched, pushed, settled }
  }
}

/** The 8 wire bytes of a short id key (16 hex digits). */
function shortIdBytes (key: string): Uint8Array<ArrayBuffer> {
  return fromHex(key) as Uint8Array<ArrayBuffer>
}
