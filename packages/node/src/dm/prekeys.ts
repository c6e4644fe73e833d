/**
 * `/parley/prekey/1.0.0`: serves our prekey bundle, one length-prefixed
 * PrekeyResponse per stream, and fetches a contact's to start a session.
 *
 * Each one-time prekey goes out in one bundle only: it is marked handed out
 * and the secrets persisted before the reply leaves. A batch of fresh ones is
 * made when fewer than PREKEY_LOW_WATER are left; when none is left the bundle
 * carries the signed prekey alone (X3DH allows it). A peer may ask
 * PREKEY_REQUESTS_PER_MINUTE times a minute, so a stranger cannot drain them.
 * The signed prekey is replaced every SIGNED_PREKEY_ROTATE_MS; the previous
 * one still starts sessions for SIGNED_PREKEY_GRACE_MS.
 */
import { protobufFramed } from '../net/length-prefix.js'
import { openStream } from '../net/contact-dialler.js'
import { constantTimeEqual, decodePrekeyBundle, encodePrekeyBundle, initiateSession, type Identity, type Session } from '@parley/crypto'
import { PrekeyResponse } from '../pb/dm.js'
import { DM_TIMEOUT_MS, MAX_DM_FRAME_BYTES, PREKEY_BATCH, PREKEY_CHECK_INTERVAL_MS, PREKEY_LOW_WATER, PREKEY_PROTOCOL, PREKEY_REQUESTS_PER_MINUTE, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATE_MS } from './constants.js'
import { InvalidDmError, RateLimitedError } from './errors.js'
import type { Contacts } from './contacts.js'
import type { SessionStore } from './session-store.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export interface PrekeyComponents {
  libp2p: Libp2p
  identity: Identity
  contacts: Contacts
  sessions: SessionStore
}

/** Rate windows kept at most; older windows are forgotten first. */
const MAX_RATE_ENTRIES = 10_000

export class Prekeys {
  readonly #c: PrekeyComponents
  readonly #rate = new Map<string, { minute: number, requests: number }>()
  #timer: ReturnType<typeof setInterval> | undefined
  /** Changes to the secrets and their saves run one after another. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor (components: PrekeyComponents) {
    this.#c = components
  }

  async start (): Promise<void> {
    await this.rotateIfDue()
    this.#timer = setInterval(() => { void this.rotateIfDue().catch(() => {}) }, PREKEY_CHECK_INTERVAL_MS)
    await this.#c.libp2p.handle(PREKEY_PROTOCOL, (stream, connection) => { void this.#serve(stream, connection) }, { maxInboundStreams: 4, runOnLimitedConnection: true })
  }

  async stop (): Promise<void> {
    clearInterval(this.#timer)
    await this.#c.libp2p.unhandle(PREKEY_PROTOCOL)
  }

  async #serially<T> (run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run)
    this.#queue = next.catch(() => {})
    return next
  }

  /** Replaces the signed prekey when it is older than `rotateMs`, and forgets a previous one past `graceMs`. */
  async rotateIfDue (now = Date.now(), rotateMs = SIGNED_PREKEY_ROTATE_MS, graceMs = SIGNED_PREKEY_GRACE_MS): Promise<void> {
    await this.#serially(async () => {
      const secrets = await this.#c.sessions.prekeys(this.#c.identity)
      let changed = secrets.dropPreviousSignedPrekey(now - graceMs)
      if (now - secrets.signedAt >= rotateMs) {
        secrets.rotateSignedPrekey(this.#c.identity, now)
        changed = true
      }
      if (changed) await this.#c.sessions.savePrekeys()
    })
  }

  /** Whether `peer` may have another bundle this minute. */
  #allow (peer: string): boolean {
    const minute = Math.floor(Date.now() / 60_000)
    const r = this.#rate.get(peer)
    if (r === undefined || r.minute !== minute) {
      if (this.#rate.size >= MAX_RATE_ENTRIES) {
        for (const [key, value] of this.#rate) if (value.minute !== minute) this.#rate.delete(key)
        if (this.#rate.size >= MAX_RATE_ENTRIES) return false
      }
      this.#rate.set(peer, { minute, requests: 1 })
      return true
    }
    return ++r.requests <= PREKEY_REQUESTS_PER_MINUTE
  }

  /** A bundle with a one-time prekey no one else got (persisted as handed out before it is returned). */
  async #handOut (): Promise<Uint8Array> {
    return this.#serially(async () => {
      const secrets = await this.#c.sessions.prekeys(this.#c.identity)
      if (secrets.unusedOneTimeCount < PREKEY_LOW_WATER) secrets.refill(PREKEY_BATCH)
      const bundle = secrets.handOut()
      await this.#c.sessions.savePrekeys()
      return encodePrekeyBundle(bundle)
    })
  }

  async #serve (stream: Stream, connection: Connection): Promise<void> {
    try {
      if (!this.#allow(connection.remotePeer.toString())) throw new RateLimitedError('too many prekey requests')
      const bundle = await this.#handOut()
      const pb = protobufFramed(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
      await pb.write({ bundle: bundle as Uint8Array<ArrayBuffer> }, PrekeyResponse, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  /** Fetches a contact's bundle and starts a session with it (not yet stored: the caller promotes it). */
  async initiate (target: PeerId): Promise<Session> {
    const peer = target.toString()
    const stream = await openStream(this.#c.libp2p, target, PREKEY_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const pb = protobufFramed(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    const response = await pb.read(PrekeyResponse, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    await stream.close()
    const bundle = decodePrekeyBundle(response.bundle)
    if (!constantTimeEqual(bundle.identityKey, this.#c.contacts.publicKeyOf(peer))) throw new InvalidDmError(`${peer} served a bundle for another identity`)
    return initiateSession(this.#c.identity, bundle)
  }
}
