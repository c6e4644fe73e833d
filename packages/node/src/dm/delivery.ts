/**
 * The sending side of `/parley/dm/1.0.0`: delivers each contact's outbox in
 * order, one DmFrame answered by one DmAck, or leaves it at the contact's
 * mailboxes while it is offline.
 *
 * The outbox keeps plaintext payloads, re-encrypted on every attempt, so a
 * retry after a crash never reuses a message key; the recipient de-duplicates
 * on the payload id. Session state is persisted before a ciphertext leaves.
 * A REFUSED ack keeps the DM for a later retry; RESTART_SESSION drops the
 * session used, and the next attempt starts a new one from a fresh bundle.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import { openStream } from '../net/contact-dialler.js'
import { DmAck, DmFrame, DmPayload } from '../pb/dm.js'
import { BoundedMap, BoundedSet } from '../bounded.js'
import { DM_SEND_RATE, DM_SENDER_IDLE_MS, DM_TIMEOUT_MS, DM_PROTOCOL, MAX_DEPOSITED_TRACKED, MAX_DM_FRAME_BYTES, MAX_PACED_CONTACTS } from './constants.js'
import { DmRefusedError, SessionRestartError } from './errors.js'
import type { Mailboxes } from './mailbox.js'
import type { Prekeys } from './prekeys.js'
import type { SessionStore } from './session-store.js'
import type { ProfileStore } from '../store/index.js'
import type { Session } from '@parley/crypto'
import type { Stream } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export interface DeliveryComponents {
  libp2p: Libp2p
  store: ProfileStore
  sessions: SessionStore
  prekeys: Prekeys
  mailboxes: () => Mailboxes
  /** Takes a delivered DM out of the outbox (and marks our copy delivered). */
  delivered: (peer: string, outboxKey: string, payload: DmPayload) => Promise<void>
  onError: (error: Error) => void
}

/** An open DM stream to one contact. */
interface Channel {
  stream: Stream
  pb: ReturnType<typeof pbStream>
  idle?: ReturnType<typeof setTimeout>
  /** Kept from an earlier flush (so it may have died without our noticing). */
  reused: boolean
}

/** Outbox keys sort by contact, then time, then id. */
export const outboxKey = (peer: string, sentAt: number, id: string): string => `${peer}\x00${sentAt.toString(16).padStart(13, '0')}\x00${id}`

/** A session restarted less than this long ago is not restarted again right away (the next retry round does). */
const RESTART_BACKOFF_MS = 5_000

export class Delivery {
  readonly #c: DeliveryComponents
  /** One flush at a time per contact keeps their messages in order and the ratchet single-threaded. */
  readonly #flushing = new Map<string, Promise<void>>()
  readonly #channels = new Map<string, Channel>()
  readonly #again = new Set<string>()
  /** Outbox entries already left at a mailbox in this run (kept in the outbox until the receipt). */
  readonly #deposited = new BoundedSet<string>(MAX_DEPOSITED_TRACKED)
  readonly #sendBucket = new BoundedMap<string, { tokens: number, at: number }>(MAX_PACED_CONTACTS)
  readonly #restartedAt = new BoundedMap<string, number>(MAX_PACED_CONTACTS)

  constructor (components: DeliveryComponents) {
    this.#c = components
  }

  stop (): void {
    for (const peer of [...this.#channels.keys()]) this.#dropChannel(peer, new Error('the peer is stopping'))
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

  async #flush (peer: string): Promise<void> {
    const entries: Array<[string, Uint8Array]> = []
    for await (const entry of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) entries.push(entry)
    if (entries.length === 0) return
    const target = peerIdFromString(peer)
    if (this.#c.libp2p.getConnections(target).length === 0) {
      await this.#depositAll(peer, entries)
      return
    }
    const channel = await this.#channel(peer)
    try {
      for (const [key, encoded] of entries) {
        const session = await this.#sendingSession(peer)
        const ciphertext = session.encrypt(encoded)
        const [sessionKey, sessionBytes] = await this.#c.sessions.encoded(peer)
        await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
        await this.#pace(peer)
        await channel.pb.write({ ciphertext: ciphertext as Uint8Array<ArrayBuffer> }, DmFrame, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        const ack = await channel.pb.read(DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        if (ack.code === DmAck.Code.RESTART_SESSION) await this.#restart(peer, session)
        if (!ack.ok) throw new DmRefusedError(`${peer} refused a DM`)
        await this.#c.delivered(peer, key, DmPayload.decode(encoded))
        this.#deposited.delete(key)
      }
    } catch (err) {
      this.#dropChannel(peer, err as Error)
      // A kept stream may have died unnoticed (the contact restarted): try a fresh one right away.
      if (channel.reused) {
        this.#again.add(peer)
        return
      }
      // A restart asked for a new session: the next attempt (already queued) starts it.
      if ((err as Error).name === SessionRestartError.name && this.#again.has(peer)) return
      throw err
    }
    this.#idleClose(peer, channel)
  }

  /** Drops the session the contact cannot decrypt with; the next attempt starts a new one. */
  async #restart (peer: string, session: Session): Promise<never> {
    await this.#c.sessions.remove(peer, session)
    const [sessionKey, sessionBytes] = await this.#c.sessions.encoded(peer)
    await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
    const last = this.#restartedAt.get(peer) ?? 0
    this.#restartedAt.set(peer, Date.now())
    if (Date.now() - last > RESTART_BACKOFF_MS) this.#again.add(peer)
    throw new SessionRestartError(`${peer} asked for a new session`)
  }

  /**
   * The DM stream to a contact: the open one if there is one, else a new one. A stream stays open
   * for DM_SENDER_IDLE_MS after its last frame, so a conversation does not pay for a new stream
   * (on WebRTC, a new data channel) per message.
   */
  async #channel (peer: string): Promise<Channel> {
    const open = this.#channels.get(peer)
    if (open !== undefined && open.stream.status === 'open' && open.stream.writeStatus === 'writable') {
      clearTimeout(open.idle)
      open.reused = true
      return open
    }
    if (open !== undefined) this.#dropChannel(peer)
    const stream = await openStream(this.#c.libp2p, peerIdFromString(peer), DM_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const channel: Channel = { stream, pb: pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES }), reused: false }
    this.#channels.set(peer, channel)
    return channel
  }

  #idleClose (peer: string, channel: Channel): void {
    clearTimeout(channel.idle)
    channel.idle = setTimeout(() => {
      if (this.#channels.get(peer) !== channel || this.#flushing.has(peer)) return
      this.#channels.delete(peer)
      channel.stream.close().catch((err: Error) => { channel.stream.abort(err) })
    }, DM_SENDER_IDLE_MS)
  }

  /** Forgets a contact's DM stream, aborting it (after a failure, nothing more can be read from it in order). */
  #dropChannel (peer: string, err: Error = new Error('DM stream replaced')): void {
    const channel = this.#channels.get(peer)
    if (channel === undefined) return
    this.#channels.delete(peer)
    clearTimeout(channel.idle)
    channel.stream.abort(err)
  }

  /** Leaves what waits for an offline contact at its mailboxes; needs a session with it already. */
  async #depositAll (peer: string, entries: Array<[string, Uint8Array]>): Promise<void> {
    const [session] = await this.#c.sessions.sessions(peer)
    const mailboxes = this.#c.mailboxes()
    if (session === undefined || (await mailboxes.of(peer)).length === 0) return
    for (const [key, encoded] of entries) {
      if (this.#deposited.has(key)) continue
      const frame = session.encrypt(encoded)
      const [sessionKey, sessionBytes] = await this.#c.sessions.encoded(peer)
      await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
      if (!(await mailboxes.deposit(peer, frame))) return
      this.#deposited.add(key)
    }
  }

  /** A delivery receipt for a DM that went through a mailbox: it leaves the outbox. */
  async receiptFor (peer: string, id: string): Promise<void> {
    for await (const [key, encoded] of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) {
      const payload = DmPayload.decode(encoded)
      if (payload.id === id) {
        await this.#c.delivered(peer, key, payload)
        this.#deposited.delete(key)
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

  /** Waits for a token of this contact's send bucket (DM_SEND_RATE), so the recipient never refuses us. */
  async #pace (peer: string): Promise<void> {
    const now = Date.now()
    const bucket = this.#sendBucket.get(peer) ?? { tokens: DM_SEND_RATE, at: now }
    bucket.tokens = Math.min(DM_SEND_RATE, bucket.tokens + (now - bucket.at) * DM_SEND_RATE / 1000)
    bucket.at = now
    this.#sendBucket.set(peer, bucket)
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) * 1000 / DM_SEND_RATE)
      await new Promise((resolve) => setTimeout(resolve, wait))
      bucket.tokens += wait * DM_SEND_RATE / 1000
      bucket.at = Date.now()
    }
    bucket.tokens -= 1
  }
}
