/**
 * `/parley/private-sync/1.0.0`: history sync of private rooms, between two members.
 *
 * The same reconciliation as public rooms (room-sync.ts, reconcile.ts, the IBLT of iblt.ts, the
 * same window, limits, rate and table budget), on the same wire messages (pb/sync.proto:
 * `SyncRequest.room` is the room id in hex, `log` is ignored), under its own protocol id so that
 * nothing of a private room passes through the public rooms' code. What differs:
 *
 * - Only members are answered. A request from a peer that is not a member of the room now (by our
 *   member list), for a room we did not join, or for one that does not exist, gets the same
 *   answer: the stream ends unanswered (the initiator sees PrivateSyncRefusedError). A removed
 *   member learns nothing after its removal, and a stranger who saw the topic learns nothing.
 * - What travels is the sealed message as its author published it (StoredPrivateMessage.sealed),
 *   never the decrypted copy: the receiver opens it with its own keyring and checks it exactly as
 *   a gossiped post (AEAD under the epoch key, the author's signature over the message id, the
 *   body's limits, the author a member), so a member cannot make another believe a post someone
 *   else never wrote. Posts stored before sealed bytes were kept are not served.
 * - The set both sides reconcile is the window's posts whose authors are members now, so a
 *   removed member's old posts (which a member refuses) are never fetched again and again.
 *
 * A reply or push holding a post that does not open, is forged, breaks a body limit or was not
 * asked for ends the sync, stores nothing of it, and the peer is left alone for PENALTY_MS and
 * loses gossipsub score. A post under an epoch we lack or by a non-member is refused without
 * penalty (an honest member may not have the latest re-key yet) and the others are stored; a push
 * holding one also ends the stream.
 */
import { fromHex } from '@parley/crypto'
import { protobufFramed } from '../net/length-prefix.js'
import { named } from '../errors.js'
import { openStream } from '../net/contact-dialler.js'
import { SyncReply, SyncRequest } from '../pb/sync.js'
import { IbltDecodeError, InvalidSyncMessageError, SyncRoomChangedError } from './errors.js'
import { HASH_COUNT, Iblt, MAX_IBLT_CELLS, shortIdKey, shortIdOf } from './iblt.js'
import { MAX_ROUNDS, MIN_DIFFERENCE, SyncSet } from './reconcile.js'
import { SyncGuard } from './sync-guard.js'
import {
  INBOUND_SYNCS_PER_MINUTE, INBOUND_TABLE_CELLS_PER_MINUTE, MAX_ENVELOPES_BYTES, MAX_ENVELOPES_PER_MESSAGE, MAX_FETCH_IDS,
  MAX_REQUESTS_PER_STREAM, MAX_SYNC_MESSAGE_BYTES, PENALTY_MS, SCORE_PENALTY, SYNC_TIMEOUT_MS, SYNC_WINDOW_MS, type SyncResult
} from './room-sync.js'
import type { PeerId, Stream, Connection } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export const PRIVATE_SYNC_PROTOCOL = '/parley/private-sync/1.0.0'
/** Bytes of a short id on the wire. */
const SHORT_ID_BYTES = 8
/**
 * Decode errors of protons: a message that breaks a limit or does not parse (a truncated field is
 * a RangeError from its reader), as opposed to a stream that ended.
 */
const DECODE_ERRORS = new Set(['MaxLengthError', 'MaxSizeError', 'ParseError', 'RangeError'])

/** The peer ended a private sync unanswered: it is not in the room, or does not count us as a member (the two look the same, on purpose). */
export class PrivateSyncRefusedError extends named('PrivateSyncRefusedError') {}

/** What the private sync reads and writes of the private rooms (PrivateRooms implements it). */
export interface PrivateHistory {
  /** Whether we joined `room` and list `peer` (not us) as a member of it now; false for a room we do not know. */
  isMember: (room: string, peer: string) => boolean
  /** Hex ids of the room's stored posts sent at or after `since` whose authors are members now. */
  ids: (room: string, since: number) => Promise<string[]>
  /** The sealed bytes of stored posts, in order (undefined for one stored before sealed bytes were kept). */
  sealed: (room: string, ids: string[]) => Promise<Array<Uint8Array | undefined>>
  /**
   * Opens and checks every post before storing any; stores and shows the new ones. Throws, having
   * stored nothing, when one does not open, is forged, breaks a body limit or (with `wanted`) has a
   * short id not in it. Returns the short-id keys of the posts it opened, how many of those it kept
   * were sent at least LEARNED_MIN_AGE_MS ago, and how many it refused (an epoch we lack, a non-member).
   */
  receive: (room: string, sealed: Uint8Array[], wanted?: Set<string>) => Promise<{ received: string[], settled: number, refused: number }>
}

/** What {@link PrivateSync} needs from the peer. */
export interface PrivateSyncComponents {
  libp2p: Libp2p
  history: PrivateHistory
  /** A sync completed. */
  onSync?: (result: SyncResult) => void
  /** A sync with `peer` (ours or theirs) brought in posts of `room` that had settled. */
  onLearned?: (room: string, peer: string) => void
  onError: (error: Error) => void
  windowMs?: number
}

interface Local { set: SyncSet, where: Map<string, string> }

/** See the module comment. */
export class PrivateSync {
  readonly #c: PrivateSyncComponents
  readonly #guard: SyncGuard
  readonly #running = new Set<string>()
  /** Window reads run one at a time (as in room-sync.ts): inbound streams cannot pile them up. */
  #reads: Promise<unknown> = Promise.resolve()

  constructor (components: PrivateSyncComponents) {
    this.#c = components
    this.#guard = new SyncGuard(components.libp2p, { syncsPerMinute: INBOUND_SYNCS_PER_MINUTE, cellsPerMinute: INBOUND_TABLE_CELLS_PER_MINUTE, penaltyMs: PENALTY_MS, scorePenalty: SCORE_PENALTY })
  }

  async start (): Promise<void> {
    await this.#c.libp2p.handle(PRIVATE_SYNC_PROTOCOL, (stream, connection) => { void this.#respond(stream, connection) }, { maxInboundStreams: 8, runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    await this.#c.libp2p.unhandle(PRIVATE_SYNC_PROTOCOL)
  }

  #since (): number {
    return Date.now() - (this.#c.windowMs ?? SYNC_WINDOW_MS)
  }

  /** Whether a peer served or pushed forged posts recently. */
  isPenalised (peer: string): boolean {
    return this.#guard.isPenalised(peer)
  }

  async #local (room: string, since: number): Promise<Local> {
    const read = this.#reads.then(async () => this.#c.history.ids(room, since))
    this.#reads = read.catch(() => {})
    const where = new Map<string, string>()
    const ids: Array<{ id: Uint8Array }> = []
    for (const hex of await read) {
      const id = fromHex(hex)
      where.set(shortIdKey(shortIdOf(id)), hex)
      ids.push({ id })
    }
    return { set: new SyncSet(ids), where }
  }

  /** Sealed posts for short ids, up to MAX_ENVELOPES_BYTES (old records without sealed bytes are skipped). */
  async #envelopes (room: string, local: Local, shortKeys: string[]): Promise<Array<Uint8Array<ArrayBuffer>>> {
    const ids = shortKeys.map((k) => local.where.get(k)).filter((id): id is string => id !== undefined)
    const out: Array<Uint8Array<ArrayBuffer>> = []
    let bytes = 0
    for (const sealed of await this.#c.history.sealed(room, ids)) {
      if (sealed === undefined) continue
      if (bytes + sealed.length > MAX_ENVELOPES_BYTES) break
      out.push(sealed as Uint8Array<ArrayBuffer>)
      bytes += sealed.length
    }
    return out
  }

  /** Stores what a peer sent; a forgery penalises it and is thrown. */
  async #receive (peer: string, room: string, sealed: Uint8Array[], wanted?: Set<string>): Promise<{ received: string[], settled: number, refused: number }> {
    try {
      return await this.#c.history.receive(room, sealed, wanted)
    } catch (err) {
      this.#guard.penalise(peer)
      throw err
    }
  }

  async #respond (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (!this.#guard.allowInbound(peer)) {
      stream.abort(new InvalidSyncMessageError(this.isPenalised(peer) ? 'peer is penalised' : 'sync rate limit'))
      return
    }
    const pb = protobufFramed(stream, { maxDataLength: MAX_SYNC_MESSAGE_BYTES })
    let served: { room: string, local: Local } | undefined
    try {
      for (let i = 0; i < MAX_REQUESTS_PER_STREAM; i++) {
        const request = await pb.read(SyncRequest, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS), limits: { fetch: MAX_FETCH_IDS, push: MAX_ENVELOPES_PER_MESSAGE } }).catch((err: Error) => {
          if (DECODE_ERRORS.has(err.name)) throw new InvalidSyncMessageError(`request does not decode: ${err.name}`)
          return undefined
        })
        if (request === undefined) break
        const { room } = request
        if (served !== undefined && served.room !== room) throw new SyncRoomChangedError('a private sync stream serves one room')
        // Checked on every request, so a removal mid-stream ends it. A stranger, a removed member
        // and a room we do not know all get this same end, with nothing said.
        if (!this.#c.history.isMember(room, peer)) break
        if (request.fetch.some((id) => id.length !== SHORT_ID_BYTES)) throw new InvalidSyncMessageError(`a short id is ${SHORT_ID_BYTES} bytes`)
        served ??= { room, local: await this.#local(room, Math.max(Number(request.since), this.#since())) }
        const { local } = served
        if (request.push.length > 0) {
          const { settled, refused } = await this.#receive(peer, room, request.push)
          if (settled > 0) this.#c.onLearned?.(room, peer)
          // An honest pusher offers its members' posts only; one whose list lags behind ours is not
          // penalised, but its stream ends, so refused posts (each a signature check) cannot pile up.
          if (refused > 0) throw new InvalidSyncMessageError(`a push held ${refused} posts we refuse`)
        }
        const cells = Math.min(Math.max(request.cells, HASH_COUNT), MAX_IBLT_CELLS)
        if (request.cells > 0) this.#guard.spendTableCells(peer, cells, local.set.size + request.count, 'posts')
        const reply: SyncReply = {
          count: local.set.size,
          table: (request.cells > 0 ? local.set.table(cells).encode() : new Uint8Array()) as Uint8Array<ArrayBuffer>,
          envelopes: await this.#envelopes(room, local, request.fetch.map((id) => shortIdKey(shortIdOf(id))))
        }
        await pb.write(reply, SyncReply, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
      }
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
      this.#c.onError(err as Error)
    }
  }

  /** Reconciles a private room with one of its members; undefined when `peer` is not a member (by our list), is penalised, or a sync with it runs. */
  async syncWith (peerId: PeerId, room: string): Promise<SyncResult | undefined> {
    const peer = peerId.toString()
    const key = `${peer} ${room}`
    if (!this.#c.history.isMember(room, peer) || this.isPenalised(peer) || this.#running.has(key)) return undefined
    this.#running.add(key)
    try {
      return await this.#initiate(peerId, room)
    } finally {
      this.#running.delete(key)
    }
  }

  async #initiate (peerId: PeerId, room: string): Promise<SyncResult> {
    const peer = peerId.toString()
    const since = this.#since()
    const local = await this.#local(room, since)
    const stream = await openStream(this.#c.libp2p, peerId, PRIVATE_SYNC_PROTOCOL, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
    const pb = protobufFramed(stream, { maxDataLength: MAX_SYNC_MESSAGE_BYTES })
    let bytes = 0
    const exchange = async (request: Partial<SyncRequest>): Promise<SyncReply> => {
      const full: SyncRequest = { room, since: BigInt(since), count: local.set.size, cells: 0, fetch: [], push: [], ...request }
      bytes += SyncRequest.encode(full).length
      await pb.write(full, SyncRequest, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS) })
      const reply = await pb.read(SyncReply, { signal: AbortSignal.timeout(SYNC_TIMEOUT_MS), limits: { envelopes: MAX_ENVELOPES_PER_MESSAGE } }).catch((err: Error) => {
        throw err.name === 'UnexpectedEOFError' ? new PrivateSyncRefusedError(`${peer} did not answer for private room ${room}`) : err
      })
      bytes += SyncReply.encode(reply).length
      return reply
    }
    try {
      const { fetched, pushed, settled } = await this.#reconcile(peer, room, local, exchange)
      await stream.close()
      const result = { room, peer, fetched, pushed, bytes }
      if (settled > 0) this.#c.onLearned?.(room, peer)
      this.#c.onSync?.(result)
      return result
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  /** Peels their table against ours; a table of another size or not a set difference penalises the peer. */
  #peel (peer: string, local: Local, table: Uint8Array, asked: number): ReturnType<SyncSet['differenceWith']> {
    try {
      const theirs = Iblt.decodeBytes(table)
      if (theirs.cellCount !== new Iblt(asked).cellCount) throw new IbltDecodeError(`asked for ${asked} cells, got ${theirs.cellCount}`)
      return local.set.differenceWith(theirs)
    } catch (err) {
      this.#guard.penalise(peer)
      throw err
    }
  }

  /** Tables until the difference peels, then fetches, then pushes (as room-sync.ts). */
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
      const reply = await exchange({ fetch: batch.map((key) => fromHex(key) as Uint8Array<ArrayBuffer>) })
      const got = await this.#receive(peer, room, reply.envelopes, new Set(batch))
      // A reply is capped in bytes: ask again for the rest, as long as each reply makes progress.
      if (got.received.length === 0) break
      fetched += got.received.length
      settled += got.settled
      const received = new Set(got.received)
      wanted = wanted.filter((k) => !received.has(k))
    }
    let pushed = 0
    const pending = difference.onlyOurs.map(shortIdKey)
    while (pending.length > 0) {
      const envelopes = await this.#envelopes(room, local, pending.splice(0, MAX_FETCH_IDS))
      if (envelopes.length === 0) continue
      await exchange({ push: envelopes })
      pushed += envelopes.length
    }
    return { fetched, pushed, settled }
  }
}
