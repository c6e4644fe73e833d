/**
 * The receiving side of `/parley/dm/1.0.0`: each DmFrame is decrypted, stored
 * (with the session state, one batch) and then acknowledged.
 *
 * A refusal tells the sender only a generic code (DmAck.Code): REFUSED
 * (blocked, rate limited, a full message request, anything malformed) or
 * RESTART_SESSION (we cannot decrypt with its session: a one-time prekey
 * already used, a session we dropped). The reason stays here, so a blocked
 * peer cannot tell it is blocked.
 *
 * A DM from someone who is not a contact goes to its message request
 * (requests.ts); nothing fires `dm` for it and no receipt goes back.
 * Non-contacts get STRANGER_FRAMES_PER_SECOND, and STRANGER_INVITES_PER_HOUR
 * private-room invites and mailbox announcements each
 * (STRANGERS_INVITES_PER_HOUR all together).
 */
import { checkMentions, MENTION_LIMITS } from '../mentions/check.js'
import { pbStream } from '@libp2p/utils'
import { constantTimeEqual, isPrekeyMessage, respondToSession, type Identity, type Session } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS, MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_TEXT_BYTES } from '../constants.js'
import { DmAck, DmFrame, DmPayload, type StoredDm } from '../pb/dm.js'
import { DM_FRAMES_PER_SECOND, DM_IDLE_MS, DM_TIMEOUT_MS, MAX_DM_FRAME_BYTES, STRANGER_FRAMES_PER_SECOND, STRANGER_INVITES_PER_HOUR, STRANGER_MAX_SKIP, STRANGERS_FRAMES_PER_SECOND, STRANGERS_INVITES_PER_HOUR } from './constants.js'
import { BlockedError, InvalidDmError, NoSessionError, RateLimitedError } from './errors.js'
import { decodeFileRef } from '../files/file-ref.js'
import { decodeCallSignal } from '../calls/signal.js'
import type { Contacts } from './contacts.js'
import type { MessageRequests } from './requests.js'
import type { SessionStore } from './session-store.js'
import type { ProfileStore } from '../store/index.js'
import type { MessageRequest } from '../types.js'
import type { Connection, Stream } from '@libp2p/interface'

/** Errors after which the sender should start a new session rather than retry with its own. */
const RESTART = new Set(['UnknownPrekeyError', 'NoSessionError', 'MessageAuthenticationError', 'SessionMismatchError'])
/** Rate windows kept at most. */
const MAX_RATE_ENTRIES = 10_000

export interface InboxComponents {
  identity: Identity
  store: ProfileStore
  contacts: Contacts
  sessions: SessionStore
  requests: MessageRequests
  /** A contact's DM, decrypted and checked, with the transaction that persists its session. */
  fromContact: (peer: string, payload: DmPayload, persist: [string, Uint8Array]) => Promise<void>
  onRoomKeys?: (peer: string, kind: DmPayload.Kind, data: Uint8Array) => Promise<void>
  /** A report to the moderators of an owned room (communities/reports.ts decides whether it is ours to read). */
  onReport?: (peer: string, data: Uint8Array) => Promise<void>
  learnMailboxes?: (peer: string, data: Uint8Array) => Promise<void>
  onRequest: (request: MessageRequest) => void
  onError: (error: Error) => void
}

/** A payload whose fields break the message model's limits. */
/**
 * Refuses a payload over the limits, and brings a send time from the future back to at most
 * MAX_CLOCK_SKEW_MS ahead: a contact whose clock runs fast still gets its DMs delivered (refusing
 * them would keep them in its outbox for ever), but cannot date them past every later edit or
 * beyond what the history store holds.
 */
function checkPayload (payload: DmPayload): void {
  const latest = BigInt(Date.now() + MAX_CLOCK_SKEW_MS)
  if (payload.sentAt > latest) payload.sentAt = latest
  const utf8 = new TextEncoder()
  if (utf8.encode(payload.text).length > MAX_TEXT_BYTES) throw new InvalidDmError(`text exceeds ${MAX_TEXT_BYTES} bytes`)
  if (payload.nick.length > MAX_NICK_LENGTH) throw new InvalidDmError(`nick exceeds ${MAX_NICK_LENGTH} characters`)
  if (payload.reaction.length > MAX_REACTION_LENGTH) throw new InvalidDmError(`reaction exceeds ${MAX_REACTION_LENGTH} characters`)
  if (payload.kind === DmPayload.Kind.TEXT && payload.text === '') throw new InvalidDmError('empty text')
  checkMentions(payload.mentions)
  if (payload.kind === DmPayload.Kind.FILE) {
    try {
      decodeFileRef(payload.data, Number.MAX_SAFE_INTEGER)
    } catch (err) {
      throw new InvalidDmError(`a file message's reference is invalid: ${(err as Error).message}`)
    }
  }
  if (payload.kind === DmPayload.Kind.CALL) {
    try {
      decodeCallSignal(payload.data)
    } catch (err) {
      throw new InvalidDmError(`a call signal is invalid: ${(err as Error).message}`)
    }
  }
}

export class Inbox {
  readonly #c: InboxComponents
  readonly #rate = new Map<string, { second: number, frames: number }>()
  /** Frames of all non-contacts together in the current second (fresh identities cost nothing). */
  #strangers = { second: 0, frames: 0 }
  readonly #invites = new Map<string, { hour: number, count: number }>()
  #allInvites = { hour: 0, count: 0 }

  constructor (components: InboxComponents) {
    this.#c = components
  }

  /** Serves one inbound DM stream: frames in, acks out, until it idles or a frame is refused. */
  async serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    try {
      while (true) {
        const frame = await pb.read(DmFrame, { signal: AbortSignal.timeout(DM_IDLE_MS) }).catch(() => undefined)
        if (frame === undefined) break
        let code = DmAck.Code.OK
        try {
          await this.accept(peer, frame.ciphertext)
        } catch (err) {
          const error = err as Error
          code = RESTART.has(error.name) ? DmAck.Code.RESTART_SESSION : DmAck.Code.REFUSED
          this.#c.onError(error)
        }
        await pb.write({ ok: code === DmAck.Code.OK, error: '', code }, DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        if (code !== DmAck.Code.OK) throw new InvalidDmError('a frame was refused')
      }
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  #allow (peer: string, contact: boolean): boolean {
    const second = Math.floor(Date.now() / 1000)
    if (!contact) {
      if (this.#strangers.second !== second) this.#strangers = { second, frames: 0 }
      if (++this.#strangers.frames > STRANGERS_FRAMES_PER_SECOND) return false
    }
    const r = this.#rate.get(peer)
    if (r === undefined || r.second !== second) {
      if (this.#rate.size >= MAX_RATE_ENTRIES) this.#rate.clear()
      this.#rate.set(peer, { second, frames: 1 })
      return true
    }
    return ++r.frames <= (contact ? DM_FRAMES_PER_SECOND : STRANGER_FRAMES_PER_SECOND)
  }

  /** Whether a non-contact may send one more private-room invite this hour (each, and all together). */
  #allowInvite (peer: string): boolean {
    const hour = Math.floor(Date.now() / 3_600_000)
    if (this.#allInvites.hour !== hour) this.#allInvites = { hour, count: 0 }
    let r = this.#invites.get(peer)
    if (r === undefined || r.hour !== hour) {
      if (this.#invites.size >= MAX_RATE_ENTRIES) this.#invites.clear()
      r = { hour, count: 0 }
      this.#invites.set(peer, r)
    }
    if (r.count >= STRANGER_INVITES_PER_HOUR || this.#allInvites.count >= STRANGERS_INVITES_PER_HOUR) return false
    r.count++
    this.#allInvites.count++
    return true
  }

  /**
   * Decrypts with one of the peer's sessions, or starts one from a prekey message. The identity the
   * message claims is checked against the stream's peer before any prekey is looked at.
   */
  async #decrypt (peer: string, ciphertext: Uint8Array): Promise<{ session: Session, plaintext: Uint8Array, fresh: boolean }> {
    // Skipped keys are derived before a frame authenticates: a stranger, who may have a few
    // messages held at most, gets a short skip, so a forged header costs little.
    const maxSkip = this.#c.contacts.isContact(peer) ? undefined : STRANGER_MAX_SKIP
    const sessions = await this.#c.sessions.sessions(peer)
    let lastError: Error = new NoSessionError('no session with this peer')
    for (const session of sessions) {
      try {
        return { session, plaintext: session.decrypt(ciphertext, { maxSkip }), fresh: false }
      } catch (err) {
        lastError = err as Error
        if (lastError.name === 'DuplicateMessageError') throw lastError
      }
    }
    if (!isPrekeyMessage(ciphertext)) throw lastError
    const secrets = await this.#c.sessions.prekeys(this.#c.identity)
    const { session, plaintext } = respondToSession(this.#c.identity, secrets, ciphertext, { expectedInitiator: this.#c.contacts.publicKeyOf(peer), maxSkip })
    return { session, plaintext, fresh: true }
  }

  /** Decrypts, checks and stores one frame's payload; throws (and stores nothing) to refuse it. */
  async accept (peer: string, ciphertext: Uint8Array): Promise<DmPayload> {
    const contact = this.#c.contacts.isContact(peer)
    if (this.#c.contacts.isBlocked(peer)) throw new BlockedError('blocked')
    if (!this.#allow(peer, contact)) throw new RateLimitedError('too many DM frames')
    if (!contact && this.#c.requests.full(peer)) throw new RateLimitedError('the message request is full')
    let decrypted: { session: Session, plaintext: Uint8Array, fresh: boolean }
    let payload: DmPayload
    try {
      decrypted = await this.#decrypt(peer, ciphertext)
      if (!constantTimeEqual(decrypted.session.remoteIdentityKey, this.#c.contacts.publicKeyOf(peer))) {
        throw new InvalidDmError('the message was sealed by someone other than the stream\'s peer')
      }
      payload = DmPayload.decode(decrypted.plaintext, { limits: MENTION_LIMITS })
      checkPayload(payload)
    } catch (err) {
      // A session that decrypted in memory but is not kept: reload it from disk.
      this.#c.sessions.forget(peer)
      throw err
    }
    await this.#c.sessions.promote(peer, decrypted.session)
    if (decrypted.fresh) await this.#c.sessions.savePrekeys()
    const persist = await this.#c.sessions.encoded(peer)
    if (contact) await this.#c.fromContact(peer, payload, persist)
    else await this.#fromStranger(peer, payload, persist)
    return payload
  }

  /**
   * A non-contact's DM: a text (or an edit or delete of one) goes to its message request, an invite
   * or re-key to the private rooms and a mailbox announcement to the mailboxes (a few an hour),
   * anything else is ignored. Its session is kept only while it has a request, or after an invite
   * or a mailbox announcement (both within the budget).
   */
  async #fromStranger (peer: string, payload: DmPayload, persist: [string, Uint8Array]): Promise<void> {
    const { kind } = payload
    if (kind === DmPayload.Kind.TEXT || kind === DmPayload.Kind.FILE || kind === DmPayload.Kind.EDIT || kind === DmPayload.Kind.DELETE) {
      const stored: StoredDm = { payload, from: peer, outgoing: false, delivered: true, read: false, deleted: false, reactions: [], editedAt: 0n, editedId: '' }
      const had = this.#c.requests.has(peer)
      const { request, refused } = await this.#c.requests.hold(peer, stored, persist)
      if (refused) {
        if (!had) this.#c.sessions.forget(peer)
        throw new RateLimitedError('the message request is full')
      }
      if (request !== undefined) this.#c.onRequest(request)
      else if (had) await this.#c.store.kv('sessions').put(persist[0], persist[1])
      else this.#c.sessions.forget(peer)
      return
    }
    if ((kind === DmPayload.Kind.INVITE || kind === DmPayload.Kind.REKEY) && this.#c.onRoomKeys !== undefined) {
      // Invites are unsolicited, so bounded; a re-key counts only for a room its sender owns (private-rooms.ts checks).
      if (kind === DmPayload.Kind.INVITE && !this.#allowInvite(peer)) {
        this.#c.sessions.forget(peer)
        throw new RateLimitedError('too many private-room invites from non-contacts')
      }
      // A re-key costs no storage here: its session is not kept (the owner's next DM starts a new one).
      if (kind === DmPayload.Kind.INVITE) await this.#c.store.kv('sessions').put(persist[0], persist[1])
      else this.#c.sessions.forget(peer)
      await this.#c.onRoomKeys(peer, kind, payload.data)
      return
    }
    // Reports come from strangers by nature (a room's members), so they share the invites' budget.
    if (kind === DmPayload.Kind.REPORT && this.#c.onReport !== undefined) {
      if (!this.#allowInvite(peer)) {
        this.#c.sessions.forget(peer)
        throw new RateLimitedError('too many reports from non-contacts')
      }
      await this.#c.store.kv('sessions').put(persist[0], persist[1])
      await this.#c.onReport(peer, payload.data)
      return
    }
    // A mailbox announcement is kept (we may write to the peer later, while it is offline), within the same budget as invites.
    // Its session is kept too: it is what a DM left at those mailboxes is sealed with.
    const learned = kind === DmPayload.Kind.MAILBOXES && this.#c.learnMailboxes !== undefined && this.#allowInvite(peer)
    if (learned) await this.#c.learnMailboxes?.(peer, payload.data)
    if (learned || this.#c.requests.has(peer)) await this.#c.store.kv('sessions').put(persist[0], persist[1])
    else this.#c.sessions.forget(peer)
  }
}
