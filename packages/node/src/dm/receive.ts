/**
 * The receiving side of `/parley/dm/1.0.0`: the frames that arrive together
 * (inbound.ts) are decrypted in order, a contact's stored with the session
 * state in one batch, and then acknowledged with one cumulative DmAck.
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
 * (STRANGERS_INVITES_PER_HOUR all together). Every peer's frames together
 * may cost DM_FRAMES_PER_SECOND units of work a second (DM_WORK_UNIT_BYTES
 * each): past that its streams are read no further until the budget refills.
 */
import { checkMentions, MENTION_LIMITS } from '../mentions/check.js'
import { constantTimeEqual, isPrekeyMessage, respondToSession, type Identity, type Session } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS, MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_TEXT_BYTES } from '../constants.js'
import { BoundedMap } from '../bounded.js'
import { DmAck, DmPayload, type StoredDm } from '../pb/dm.js'
import { DM_FRAMES_PER_SECOND, DM_WORK_BURST, DM_WORK_UNIT_BYTES, MAX_PACED_CONTACTS, STRANGER_FRAMES_PER_SECOND, STRANGER_INVITES_PER_HOUR, STRANGER_MAX_SKIP, STRANGERS_FRAMES_PER_SECOND, STRANGERS_INVITES_PER_HOUR } from './constants.js'
import { BlockedError, InvalidDmError, NoSessionError, RateLimitedError } from './errors.js'
import { serveDmStream, type BatchResult } from './inbound.js'
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
const UTF8 = new TextEncoder()
/** Rate windows kept at most. */
const MAX_RATE_ENTRIES = 10_000

export interface InboxComponents {
  identity: Identity
  store: ProfileStore
  contacts: Contacts
  sessions: SessionStore
  requests: MessageRequests
  /**
   * A contact's DMs, decrypted and checked, in order: stored (with what `persist` returns, called
   * right before the commit), then applied; how many were handled before the first that failed.
   */
  fromContact: (peer: string, payloads: DmPayload[], persist: () => Array<[string, Uint8Array]>) => Promise<{ handled: number, error?: Error }>
  onRoomKeys?: (peer: string, kind: DmPayload.Kind, data: Uint8Array) => Promise<void>
  /** A report to the moderators of an owned room (communities/reports.ts decides whether it is ours to read). */
  onReport?: (peer: string, data: Uint8Array) => Promise<void>
  learnMailboxes?: (peer: string, data: Uint8Array) => Promise<void>
  onRequest: (request: MessageRequest) => void
  onError: (error: Error) => void
}

/** A frame decrypted and checked, its session promoted (not stored yet). */
interface Opened {
  payload: DmPayload
  contact: boolean
  fresh: boolean
}

/** The ack code for a refused frame: RESTART_SESSION when a new session would let it through. */
const refusal = (error: Error): DmAck.Code => RESTART.has(error.name) ? DmAck.Code.RESTART_SESSION : DmAck.Code.REFUSED

/**
 * Refuses a payload over the limits, and brings a send time from the future back to at most
 * MAX_CLOCK_SKEW_MS ahead: a contact whose clock runs fast still gets its DMs delivered (refusing
 * them would keep them in its outbox for ever), but cannot date them past every later edit or
 * beyond what the history store holds.
 */
function checkPayload (payload: DmPayload): void {
  const latest = BigInt(Date.now() + MAX_CLOCK_SKEW_MS)
  if (payload.sentAt > latest) payload.sentAt = latest
  // A UTF-16 code unit takes at most 3 bytes of UTF-8: only a text that may be too long is encoded to measure it.
  if (payload.text.length * 3 > MAX_TEXT_BYTES && UTF8.encode(payload.text).length > MAX_TEXT_BYTES) throw new InvalidDmError(`text exceeds ${MAX_TEXT_BYTES} bytes`)
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
  /** Non-contacts' frames in the current second, each. */
  readonly #rate = new Map<string, { second: number, frames: number }>()
  /** Every peer's work budget (DM_FRAMES_PER_SECOND). */
  readonly #work = new BoundedMap<string, { tokens: number, at: number }>(MAX_PACED_CONTACTS)
  /** Frames of all non-contacts together in the current second (fresh identities cost nothing). */
  #strangers = { second: 0, frames: 0 }
  readonly #invites = new Map<string, { hour: number, count: number }>()
  #allInvites = { hour: 0, count: 0 }

  constructor (components: InboxComponents) {
    this.#c = components
  }

  /** Serves one inbound DM stream (inbound.ts): frames in, cumulative acks out. */
  async serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    await serveDmStream(stream, {
      pace: async (frames) => { await this.#pace(peer, frames) },
      handle: async (frames) => this.#acceptFrames(peer, frames)
    })
  }

  /**
   * Holds a batch back until the peer's work budget covers it (a token bucket that may go into
   * debt: the wait is what the debt takes to refill).
   */
  async #pace (peer: string, frames: Uint8Array[]): Promise<void> {
    let cost = 0
    for (const frame of frames) cost += Math.max(1, Math.ceil(frame.byteLength / DM_WORK_UNIT_BYTES))
    const now = Date.now()
    const bucket = this.#work.get(peer) ?? { tokens: DM_WORK_BURST, at: now }
    bucket.tokens = Math.min(DM_WORK_BURST, bucket.tokens + (now - bucket.at) * DM_FRAMES_PER_SECOND / 1000) - cost
    bucket.at = now
    this.#work.set(peer, bucket)
    if (bucket.tokens < 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(-bucket.tokens * 1000 / DM_FRAMES_PER_SECOND)))
  }

  /**
   * Opens, checks and stores a batch of one peer's frames, in order, and says how many went in.
   * A contact's DMs are stored together (one commit with the session state); a non-contact's
   * frames one by one. At a refused frame, what came before it is stored first; nothing is
   * forgotten from the sessions in memory (a failed decrypt changes no state, and a checked-out
   * payload only used up its own message key), so what was decrypted before it stays consistent.
   */
  async #acceptFrames (peer: string, frames: Uint8Array[]): Promise<BatchResult> {
    const held: DmPayload[] = []
    let heldFrom = 0
    let fresh = false
    const storeHeld = async (): Promise<BatchResult | undefined> => {
      if (held.length === 0) return undefined
      const { handled, error } = await this.#c.fromContact(peer, held.splice(0), this.#persist(peer, fresh))
      fresh = false
      return error === undefined ? undefined : this.#refuse(heldFrom + handled, error)
    }
    for (let i = 0; i < frames.length; i++) {
      let opened: Opened
      try {
        opened = await this.#open(peer, frames[i])
      } catch (err) {
        return await storeHeld() ?? this.#refuse(i, err as Error)
      }
      if (opened.contact) {
        if (held.length === 0) heldFrom = i
        held.push(opened.payload)
        fresh ||= opened.fresh
        continue
      }
      const stored = await storeHeld()
      if (stored !== undefined) return stored
      try {
        await this.#fromStranger(peer, opened.payload, opened.fresh)
      } catch (err) {
        return this.#refuse(i, err as Error)
      }
    }
    return await storeHeld() ?? { accepted: frames.length }
  }

  #refuse (accepted: number, error: Error): BatchResult {
    this.#c.onError(error)
    return { accepted, refused: refusal(error) }
  }

  /** What persists a peer's sessions (and our prekeys, after a session start), read at commit time. */
  #persist (peer: string, fresh: boolean): () => Array<[string, Uint8Array]> {
    return () => {
      const out = [this.#c.sessions.encodedNow(peer)]
      const prekeys = fresh ? this.#c.sessions.encodedPrekeys() : undefined
      if (prekeys !== undefined) out.push(prekeys)
      return out
    }
  }

  /** Whether a non-contact may send one more frame this second (each, and all together). */
  #allow (peer: string): boolean {
    const second = Math.floor(Date.now() / 1000)
    if (this.#strangers.second !== second) this.#strangers = { second, frames: 0 }
    if (++this.#strangers.frames > STRANGERS_FRAMES_PER_SECOND) return false
    const r = this.#rate.get(peer)
    if (r === undefined || r.second !== second) {
      if (this.#rate.size >= MAX_RATE_ENTRIES) this.#rate.clear()
      this.#rate.set(peer, { second, frames: 1 })
      return true
    }
    return ++r.frames <= STRANGER_FRAMES_PER_SECOND
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
    let lastError: Error | undefined
    for (const session of sessions) {
      try {
        return { session, plaintext: session.decrypt(ciphertext, { maxSkip }), fresh: false }
      } catch (err) {
        lastError = err as Error
        if (lastError.name === 'DuplicateMessageError') throw lastError
      }
    }
    if (!isPrekeyMessage(ciphertext)) throw lastError ?? new NoSessionError('no session with this peer')
    const secrets = await this.#c.sessions.prekeys(this.#c.identity)
    const { session, plaintext } = respondToSession(this.#c.identity, secrets, ciphertext, { expectedInitiator: this.#c.contacts.publicKeyOf(peer), maxSkip })
    return { session, plaintext, fresh: true }
  }

  /** Decrypts, checks and stores one frame's payload (a DM left at a mailbox); throws (and stores nothing) to refuse it. */
  async accept (peer: string, ciphertext: Uint8Array): Promise<DmPayload> {
    let opened: Opened
    try {
      opened = await this.#open(peer, ciphertext)
    } catch (err) {
      // A session that decrypted in memory but is not kept: reload it from disk.
      this.#c.sessions.forget(peer)
      throw err
    }
    if (!opened.contact) {
      await this.#fromStranger(peer, opened.payload, opened.fresh)
      return opened.payload
    }
    const { error } = await this.#c.fromContact(peer, [opened.payload], this.#persist(peer, opened.fresh))
    if (error !== undefined) throw error
    return opened.payload
  }

  /** Decrypts and checks one frame and promotes its session (in memory); throws to refuse it. */
  async #open (peer: string, ciphertext: Uint8Array): Promise<Opened> {
    const contact = this.#c.contacts.isContact(peer)
    if (this.#c.contacts.isBlocked(peer)) throw new BlockedError('blocked')
    if (!contact && !this.#allow(peer)) throw new RateLimitedError('too many DM frames')
    if (!contact && this.#c.requests.full(peer)) throw new RateLimitedError('the message request is full')
    const decrypted = await this.#decrypt(peer, ciphertext)
    if (!constantTimeEqual(decrypted.session.remoteIdentityKey, this.#c.contacts.publicKeyOf(peer))) {
      throw new InvalidDmError('the message was sealed by someone other than the stream\'s peer')
    }
    const payload = DmPayload.decode(decrypted.plaintext, { limits: MENTION_LIMITS })
    checkPayload(payload)
    await this.#c.sessions.promote(peer, decrypted.session)
    return { payload, contact, fresh: decrypted.fresh }
  }

  /**
   * A non-contact's DM: a text (or an edit or delete of one) goes to its message request, an invite
   * or re-key to the private rooms and a mailbox announcement to the mailboxes (a few an hour),
   * anything else is ignored. Its session is kept only while it has a request, or after an invite
   * or a mailbox announcement (both within the budget).
   */
  async #fromStranger (peer: string, payload: DmPayload, fresh: boolean): Promise<void> {
    if (fresh) await this.#c.sessions.savePrekeys()
    const persist = await this.#c.sessions.encoded(peer)
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
