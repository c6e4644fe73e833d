/**
 * Message requests: what someone who is not a contact sends us is held apart
 * (one HeldRequest record per requester, 'request:<peerId>' in the sessions
 * sublevel), bounded in requesters (MAX_REQUESTERS, the least recent dropped)
 * and per requester (MAX_REQUEST_MESSAGES, MAX_REQUEST_BYTES of text). More
 * from a full requester is refused, so it stays in the sender's outbox until
 * the request is accepted. A dropped request takes the requester's session
 * with it (a later DM starts a new one).
 */
import { MENTION_LIMITS } from '../mentions/check.js'
import { shortFingerprint } from '@parley/crypto'
import { MAX_REACTIONS_PER_MESSAGE } from '../constants.js'
import { CorruptMessageError } from '../errors.js'
import { DmPayload, HeldRequest, type StoredDm } from '../pb/dm.js'
import { MAX_REQUEST_BYTES, MAX_REQUEST_MESSAGES, MAX_REQUESTERS, REQUEST_PREVIEW_CHARS, requestKey } from './constants.js'
import { applyChange } from './dm-model.js'
import type { Contacts } from './contacts.js'
import type { SessionStore } from './session-store.js'
import type { ProfileStore } from '../store/index.js'
import type { MessageRequest } from '../types.js'

const utf8 = new TextEncoder()
const PREFIX = requestKey('')

export interface RequestsComponents {
  store: ProfileStore
  contacts: Contacts
  sessions: SessionStore
  /** A damaged held request, dropped at open, is reported here. */
  onError?: (error: Error) => void
}

function decodeHeld (bytes: Uint8Array): HeldRequest {
  try {
    return HeldRequest.decode(bytes, { limits: { messages: MAX_REQUEST_MESSAGES, messages$: { reactions: MAX_REACTIONS_PER_MESSAGE, payload: MENTION_LIMITS } } })
  } catch (err) {
    throw new CorruptMessageError(`stored message request does not decode: ${(err as Error).message}`)
  }
}

const textBytes = (held: HeldRequest): number => held.messages.reduce((n, m) => n + utf8.encode(m.payload?.text ?? '').length, 0)

export class MessageRequests {
  readonly #c: RequestsComponents
  /** Every pending request as shown (the records stay on disk). */
  readonly #index = new Map<string, MessageRequest & { bytes: number }>()
  /** Read-modify-writes of one request run one after another. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor (components: RequestsComponents) {
    this.#c = components
  }

  async load (): Promise<void> {
    for await (const [key, bytes] of this.#c.store.kv('sessions').entries({ prefix: PREFIX })) {
      const peer = key.slice(PREFIX.length)
      try {
        this.#index.set(peer, this.#summary(peer, decodeHeld(bytes)))
      } catch (error) {
        // Unreadable for good: dropped (the sender's outbox still holds what was refused later), but said.
        this.#c.onError?.(error as Error)
        await this.#c.store.kv('sessions').del(key)
      }
    }
  }

  #summary (peer: string, held: HeldRequest): MessageRequest & { bytes: number } {
    const latest = held.messages[held.messages.length - 1]?.payload
    return {
      peer,
      nick: latest?.nick ?? '',
      fingerprint: shortFingerprint(this.#c.contacts.publicKeyOf(peer)),
      firstAt: Number(held.firstAt),
      lastAt: Number(held.lastAt),
      count: held.messages.length,
      preview: [...(latest?.text ?? '')].slice(0, REQUEST_PREVIEW_CHARS).join(''),
      bytes: textBytes(held)
    }
  }

  #serially<T> (run: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(run)
    this.#queue = next.catch(() => {})
    return next
  }

  /** Whether `peer` has a pending request. */
  has (peer: string): boolean {
    return this.#index.has(peer)
  }

  /** Whether a requester's held DMs reached the per-requester bound (more is refused). */
  full (peer: string): boolean {
    const r = this.#index.get(peer)
    return r !== undefined && (r.count >= MAX_REQUEST_MESSAGES || r.bytes >= MAX_REQUEST_BYTES)
  }

  /** Pending requests, the most recent first. */
  list (): MessageRequest[] {
    return [...this.#index.values()].map(({ bytes: _, ...r }) => r).sort((a, b) => b.lastAt - a.lastAt || a.peer.localeCompare(b.peer))
  }

  /** The DMs a requester sent, oldest first (none when there is no request). */
  async messages (peer: string): Promise<StoredDm[]> {
    const bytes = await this.#c.store.kv('sessions').get(requestKey(peer))
    return bytes === undefined ? [] : decodeHeld(bytes).messages
  }

  /**
   * Holds a requester's DM: a TEXT is added (`refused` when it does not fit: the caller refuses
   * it; nothing when its id is already held), an EDIT or DELETE changes a held DM; `persist` adds
   * the requester's session to the same batch. `request` is the updated request, undefined when
   * nothing changed.
   */
  async hold (peer: string, stored: StoredDm, persist: [string, Uint8Array]): Promise<{ request?: MessageRequest, refused: boolean }> {
    return this.#serially(async () => {
      const bytes = await this.#c.store.kv('sessions').get(requestKey(peer))
      const now = Date.now()
      const held: HeldRequest = bytes === undefined ? { firstAt: BigInt(now), lastAt: BigInt(now), messages: [] } : decodeHeld(bytes)
      const payload = stored.payload
      if (payload === undefined) return { refused: false }
      if (payload.kind === DmPayload.Kind.TEXT) {
        if (held.messages.some((m) => m.payload?.id === payload.id)) return { refused: false }
        if (held.messages.length >= MAX_REQUEST_MESSAGES || textBytes(held) + utf8.encode(payload.text).length > MAX_REQUEST_BYTES) return { refused: true }
        held.messages.push(stored)
      } else {
        const at = held.messages.findIndex((m) => m.payload?.id === payload.target)
        const changed = at < 0 ? undefined : applyChange(held.messages[at], peer, payload, false)
        if (changed === undefined) return { refused: false }
        held.messages[at] = changed
      }
      held.lastAt = BigInt(now)
      const tx = this.#c.store.transaction().put('sessions', requestKey(peer), HeldRequest.encode(held)).put('sessions', persist[0], persist[1])
      if (!this.#index.has(peer) && this.#index.size >= MAX_REQUESTERS) {
        const oldest = [...this.#index.values()].reduce((a, b) => (b.lastAt < a.lastAt ? b : a))
        tx.del('sessions', requestKey(oldest.peer)).del('sessions', this.#c.sessions.keyOf(oldest.peer))
        this.#index.delete(oldest.peer)
        this.#c.sessions.forget(oldest.peer)
      }
      await tx.commit()
      const summary = this.#summary(peer, held)
      this.#index.set(peer, summary)
      const { bytes: _, ...request } = summary
      return { request, refused: false }
    })
  }

  /** Removes a request and returns its held DMs, oldest first; `keepSession` false drops the requester's session too. */
  async take (peer: string, keepSession: boolean): Promise<StoredDm[]> {
    return this.#serially(async () => {
      const messages = await this.messages(peer)
      const tx = this.#c.store.transaction().del('sessions', requestKey(peer))
      if (!keepSession) tx.del('sessions', this.#c.sessions.keyOf(peer))
      await tx.commit()
      this.#index.delete(peer)
      if (!keepSession) this.#c.sessions.forget(peer)
      return messages
    })
  }
}
