/**
 * The sending side of `/parley/dm/1.0.0`: delivers each contact's outbox in
 * order over one stream with a window of frames in flight (outbound.ts), or
 * leaves it at the contact's mailboxes while it is offline.
 *
 * The outbox keeps plaintext payloads, encrypted when they leave and anew on
 * every retry, so a retry after a crash never reuses a message key; the
 * recipient de-duplicates on the payload id. The DMs that fit in the window
 * are sealed in order, the session state after them is stored (one write),
 * and then they leave. Each ack takes the DMs it covers out of the outbox (one
 * batch). A refusal keeps the DM and every one after it for a later retry;
 * RESTART_SESSION drops the session used, and the next attempt starts a new one.
 *
 * While a contact's stream is open, what waits for it is also held in memory
 * (its lane): filled from the outbox once, then by every DM queued, so a
 * conversation does not read the outbox per message. A failure drops the
 * lane; the next attempt reads the outbox again.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { openStream } from '../net/contact-dialler.js'
import { DmPayload } from '../pb/dm.js'
import { BoundedMap, BoundedSet } from '../bounded.js'
import { DM_SENDER_IDLE_MS, DM_TIMEOUT_MS, DM_PROTOCOL, MAX_DEPOSITED_TRACKED, MAX_PACED_CONTACTS } from './constants.js'
import { SessionRestartError } from './errors.js'
import { frameBytes, OutboundWindow, type InFlight } from './outbound.js'
import type { Mailboxes } from './mailbox.js'
import type { Prekeys } from './prekeys.js'
import type { SessionStore } from './session-store.js'
import type { ProfileStore } from '../store/index.js'
import type { Session } from '@parley/crypto'
import type { Libp2p } from 'libp2p'

export interface DeliveryComponents {
  libp2p: Libp2p
  store: ProfileStore
  sessions: SessionStore
  prekeys: Prekeys
  mailboxes: () => Mailboxes
  /** Takes delivered DMs out of the outbox (and marks our copies delivered), in one batch. */
  delivered: (peer: string, done: Array<{ key: string, payload: DmPayload, encoded: Uint8Array }>) => Promise<void>
  onError: (error: Error) => void
}

/** An outbox entry; `sealed` when it was encrypted as it was written (seal()), `ready` once that write landed. */
interface Entry {
  key: string
  encoded: Uint8Array
  /** The payload decoded, when the entry came from send() (else decoded once acknowledged). */
  payload?: DmPayload
  sealed?: { session: Session, ciphertext: Uint8Array, ready: boolean }
}

/** What waits for a contact while its stream is open, in outbox order. */
interface Lane {
  pending: Entry[]
  /** Keys pending, in flight, or acknowledged and not yet out of the outbox. */
  keys: Set<string>
  /** Holds everything the outbox holds for the contact (it was read since the lane began). */
  complete: boolean
  /** Outbox deletions under way (the flush waits for them before it ends). */
  committing: Set<Promise<void>>
  /** Tells the running flush that something was queued. */
  wake?: () => void
  /** Entries seal() sealed whose outbox write has not landed yet. */
  sealing: Map<string, NonNullable<Entry['sealed']>>
}

/** Outbox keys sort by contact, then time, then id. */
export const outboxKey = (peer: string, sentAt: number, id: string): string => `${peer}\x00${sentAt.toString(16).padStart(13, '0')}\x00${id}`

/** A session restarted less than this long ago is not restarted again right away (the next retry round does). */
const RESTART_BACKOFF_MS = 5_000

export class Delivery {
  readonly #c: DeliveryComponents
  /** One flush at a time per contact keeps their messages in order and the ratchet single-threaded. */
  readonly #flushing = new Map<string, Promise<void>>()
  readonly #channels = new Map<string, OutboundWindow>()
  /** One per open channel (or flush under way). */
  readonly #lanes = new Map<string, Lane>()
  readonly #again = new Set<string>()
  /** Outbox entries already left at a mailbox in this run (kept in the outbox until the receipt). */
  readonly #deposited = new BoundedSet<string>(MAX_DEPOSITED_TRACKED)
  readonly #restartedAt = new BoundedMap<string, number>(MAX_PACED_CONTACTS)

  constructor (components: DeliveryComponents) {
    this.#c = components
  }

  stop (): void {
    for (const peer of [...this.#channels.keys()]) this.#dropChannel(peer, new Error('the peer is stopping'))
  }

  /**
   * Seals a DM that is about to be written to the outbox, when it is the next frame to leave (the
   * contact's stream is open, a session with it is loaded, and nothing waits before it): returns
   * the session state to write in the same batch, so the frame leaves as soon as that write lands
   * (queued()) without a write of its own. Undefined otherwise: queued() seals it when it goes.
   */
  seal (peer: string, key: string, encoded: Uint8Array, payload: DmPayload): [string, Uint8Array] | undefined {
    const lane = this.#lanes.get(peer)
    const channel = this.#channels.get(peer)
    if (lane === undefined || !lane.complete || lane.pending.length > 0 || channel === undefined || channel.failure !== undefined) return undefined
    const [session] = this.#c.sessions.loaded(peer) ?? []
    if (session === undefined) return undefined
    let ciphertext: Uint8Array
    try {
      ciphertext = session.encrypt(encoded)
    } catch {
      return undefined
    }
    lane.keys.add(key)
    const sealed = { session, ciphertext, ready: false }
    lane.pending.push({ key, encoded, payload, sealed })
    lane.sealing.set(key, sealed)
    return this.#c.sessions.encodedNow(peer)
  }

  /** The write of a DM seal() sealed failed: it is not sent (its message key is simply never used). */
  unseal (peer: string, key: string): void {
    const lane = this.#lanes.get(peer)
    if (lane === undefined) return
    if (!lane.sealing.delete(key)) return
    lane.pending = lane.pending.filter((e) => e.key !== key)
    lane.keys.delete(key)
    // A flush waiting for this write goes on without it.
    lane.wake?.()
  }

  /** A DM just written to the outbox: joins the contact's lane, if it has one (else the next flush reads it). */
  queued (peer: string, key: string, encoded: Uint8Array, payload: DmPayload): void {
    const lane = this.#lanes.get(peer)
    if (lane === undefined) return
    const sealed = lane.sealing.get(key)
    lane.sealing.delete(key)
    if (sealed !== undefined) sealed.ready = true
    else this.#add(lane, key, encoded, payload)
    lane.wake?.()
  }

  /** Whether a DM stream to the contact is open (so it is connected). */
  streaming (peer: string): boolean {
    const channel = this.#channels.get(peer)
    return channel !== undefined && channel.failure === undefined && channel.stream.status === 'open'
  }

  /** Delivers a contact's outbox in order; stops at the first failure (retried later). */
  async flush (peer: string): Promise<void> {
    const running = this.#flushing.get(peer)
    if (running !== undefined) {
      // Messages queued while a flush runs go out right after it, not at the next retry.
      this.#again.add(peer)
      return running
    }
    let failed = false
    this.#again.delete(peer)
    const run = this.#flush(peer)
      .catch((error: Error) => { failed = true; this.#c.onError(error) })
      .finally(() => {
        this.#flushing.delete(peer)
        if (this.#again.delete(peer) && !failed) void this.flush(peer)
      })
    this.#flushing.set(peer, run)
    return run
  }

  async flushAll (): Promise<void> {
    const peers = new Set<string>()
    for await (const [key] of this.#c.store.kv('outbox').entries()) peers.add(key.slice(0, key.indexOf('\x00')))
    await Promise.all([...peers].map(async (p) => this.flush(p)))
  }

  #add (lane: Lane, key: string, encoded: Uint8Array, payload?: DmPayload): void {
    if (lane.keys.has(key)) return
    lane.keys.add(key)
    const last = lane.pending.at(-1)
    lane.pending.push({ key, encoded, payload })
    // An edit waits for the message it changes before it commits, so it may land after a later DM.
    if (last !== undefined && last.key > key) lane.pending.sort((x, y) => x.key < y.key ? -1 : 1)
  }

  async #flush (peer: string): Promise<void> {
    let lane = this.#lanes.get(peer)
    if (lane === undefined) {
      lane = { pending: [], keys: new Set(), complete: false, committing: new Set(), sealing: new Map() }
      this.#lanes.set(peer, lane)
    }
    if (!lane.complete) {
      for await (const [key, encoded] of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) this.#add(lane, key, encoded)
      lane.complete = true
    }
    if (lane.pending.length === 0) {
      if (!this.#channels.has(peer)) this.#lanes.delete(peer)
      return
    }
    if (!this.streaming(peer) && this.#c.libp2p.getConnections(peerIdFromString(peer)).length === 0) {
      this.#lanes.delete(peer)
      await this.#depositAll(peer, lane.pending)
      return
    }
    // A first DM needs both a stream and the contact's prekeys (X3DH): fetched while the stream
    // opens, not after it, since each is a round trip (over a relay, a slow one).
    const starting = this.streaming(peer) ? undefined : this.#sendingSession(peer)
    starting?.catch(() => {})
    const channel = await this.#channel(peer, lane).catch((err: Error) => {
      this.#lanes.delete(peer)
      throw err
    })
    try {
      await starting
      await this.#pump(peer, lane, channel)
    } catch (err) {
      this.#dropChannel(peer, err as Error)
      await Promise.allSettled(lane.committing)
      // A kept stream may have died unnoticed (the contact restarted): try a fresh one right away.
      if (channel.reused && channel.restartSession === undefined) {
        this.#again.add(peer)
        return
      }
      if (channel.restartSession !== undefined) {
        await this.#restart(peer, channel.restartSession)
        // The next attempt (already queued, unless one ran moments ago) starts the new session.
        if (this.#again.has(peer)) return
        throw new SessionRestartError(`${peer} asked for a new session`)
      }
      throw err
    } finally {
      lane.wake = undefined
    }
    await Promise.allSettled(lane.committing)
    this.#idleClose(peer, channel)
  }

  /** Sends the lane through the window until nothing waits and nothing is in flight. */
  async #pump (peer: string, lane: Lane, channel: OutboundWindow): Promise<void> {
    lane.wake = () => { channel.wake() }
    while (true) {
      const room = channel.room()
      const batch: Entry[] = []
      let bytes = 0
      while (batch.length < room.frames && lane.pending.length > 0 && lane.pending[0].sealed?.ready !== false) {
        const next = frameBytes(lane.pending[0].encoded.byteLength)
        if (bytes + next > room.bytes && (batch.length > 0 || channel.inFlight > 0)) break
        bytes += next
        batch.push(lane.pending.shift() as Entry)
      }
      if (batch.length > 0) {
        await this.#send(peer, channel, batch)
        continue
      }
      // Done, unless something waits (a DM sealed as it is written waits for that write).
      if (lane.pending.length === 0 && channel.inFlight === 0) return
      await channel.changed()
    }
  }

  /** Seals a batch in order (what seal() sealed already is), stores the session state after it, then writes the frames. */
  async #send (peer: string, channel: OutboundWindow, batch: Entry[]): Promise<void> {
    const session = batch.every((e) => e.sealed !== undefined) ? undefined : await this.#sendingSession(peer)
    const frames = batch.map(({ key, encoded, payload, sealed }) => sealed !== undefined
      ? { key, encoded, payload, session: sealed.session, ciphertext: sealed.ciphertext }
      : { key, encoded, payload, session: session as Session, ciphertext: (session as Session).encrypt(encoded) })
    if (session !== undefined) await this.#c.store.transaction().put('sessions', ...this.#c.sessions.encodedNow(peer)).commit()
    await channel.send(frames)
  }

  /** DMs the contact acknowledged: out of the outbox (one batch), then out of the lane. */
  #acked (peer: string, lane: Lane, acked: InFlight[]): void {
    const done = acked.map(({ key, encoded, payload }) => ({ key, payload: payload ?? DmPayload.decode(encoded), encoded }))
    const commit = this.#c.delivered(peer, done)
      .then(() => {
        for (const { key } of acked) {
          lane.keys.delete(key)
          this.#deposited.delete(key)
        }
      })
      .catch((err: Error) => { this.#c.onError(err) })
      .finally(() => { lane.committing.delete(commit) })
    lane.committing.add(commit)
  }

  /** Drops the session the contact cannot decrypt with; the next attempt starts a new one. */
  async #restart (peer: string, session: Session): Promise<void> {
    await this.#c.sessions.remove(peer, session)
    const [sessionKey, sessionBytes] = await this.#c.sessions.encoded(peer)
    await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
    const last = this.#restartedAt.get(peer) ?? 0
    this.#restartedAt.set(peer, Date.now())
    if (Date.now() - last > RESTART_BACKOFF_MS) this.#again.add(peer)
  }

  /**
   * The DM stream to a contact: the open one if there is one, else a new one. A stream stays open
   * for DM_SENDER_IDLE_MS after its last frame, so a conversation does not pay for a new stream
   * (on WebRTC, a new data channel) per message.
   */
  async #channel (peer: string, lane: Lane): Promise<OutboundWindow> {
    const open = this.#channels.get(peer)
    if (open !== undefined && open.failure === undefined && open.stream.status === 'open' && open.stream.writeStatus === 'writable') {
      clearTimeout(open.idle)
      open.reused = true
      return open
    }
    if (open !== undefined) this.#dropChannel(peer)
    const stream = await openStream(this.#c.libp2p, peerIdFromString(peer), DM_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const channel = new OutboundWindow(stream, (acked) => { this.#acked(peer, lane, acked) })
    this.#channels.set(peer, channel)
    this.#lanes.set(peer, lane)
    return channel
  }

  #idleClose (peer: string, channel: OutboundWindow): void {
    clearTimeout(channel.idle)
    channel.idle = setTimeout(() => {
      if (this.#channels.get(peer) !== channel || this.#flushing.has(peer)) return
      this.#channels.delete(peer)
      this.#lanes.delete(peer)
      channel.stream.close().catch((err: Error) => { channel.stream.abort(err) })
    }, DM_SENDER_IDLE_MS)
  }

  /** Forgets a contact's DM stream and lane, aborting the stream (after a failure, nothing more can be read from it in order). */
  #dropChannel (peer: string, err: Error = new Error('DM stream replaced')): void {
    this.#lanes.delete(peer)
    const channel = this.#channels.get(peer)
    if (channel === undefined) return
    this.#channels.delete(peer)
    clearTimeout(channel.idle)
    channel.stream.abort(err)
  }

  /** Leaves what waits for an offline contact at its mailboxes; needs a session with it already. */
  async #depositAll (peer: string, entries: Entry[]): Promise<void> {
    const [session] = await this.#c.sessions.sessions(peer)
    const mailboxes = this.#c.mailboxes()
    if (session === undefined || (await mailboxes.of(peer)).length === 0) return
    for (const { key, encoded } of entries) {
      if (this.#deposited.has(key)) continue
      const frame = session.encrypt(encoded)
      await this.#c.store.transaction().put('sessions', ...this.#c.sessions.encodedNow(peer)).commit()
      if (!(await mailboxes.deposit(peer, frame))) return
      this.#deposited.add(key)
    }
  }

  /** A delivery receipt for a DM that went through a mailbox: it leaves the outbox. */
  async receiptFor (peer: string, id: string): Promise<void> {
    for await (const [key, encoded] of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) {
      const payload = DmPayload.decode(encoded)
      if (payload.id === id) {
        await this.#c.delivered(peer, [{ key, payload, encoded }])
        this.#deposited.delete(key)
        const lane = this.#lanes.get(peer)
        if (lane !== undefined) lane.pending = lane.pending.filter((e) => e.key !== key)
        return
      }
    }
  }

  /** The session to send with, starting one from the contact's prekey bundle when there is none. */
  async #sendingSession (peer: string): Promise<Session> {
    const [current] = await this.#c.sessions.sessions(peer)
    if (current !== undefined) return current
    const session = await this.#c.prekeys.initiate(peerIdFromString(peer))
    await this.#c.sessions.promote(peer, session)
    return session
  }
}
