/**
 * The terminal's read state: unread counts and unread mentions per conversation, kept in the
 * profile's `settings` sublevel (so a sealed profile seals them too) and read back at start, so
 * the status line's `#room 3@` survives a restart. Changes within READ_STATE_SAVE_MS go in one
 * write: a busy room costs one put per interval, not one per message. The browser keeps the same
 * counts in its own UI state (packages/web/src/app/ui-state.ts); a profile is opened by one host.
 */
import { BoundedMap } from '../bounded.js'
import { DmPayload } from '../pb/dm.js'
import { loadReadReceipts, saveReadReceipts } from '../store/settings.js'
import type { KeyValueStore } from '../store/types.js'
import type { Peer } from '../peer.js'

/** The `settings` key the terminal's read state is stored under. */
export const READ_STATE_KEY = 'tui-read'
/** Read-state changes within this long are written together. */
export const READ_STATE_SAVE_MS = 300
/** Most conversations with an unread count kept (the least recently changed forgotten past it). */
export const MAX_READ_STATE_CONVERSATIONS = 4096

/** Most read receipts sent when a DM conversation is read at once (older unread DMs stay unreceipted). */
export const MAX_READ_RECEIPTS = 200

/** Help line of `/receipts`. */
export const RECEIPTS_HELP: Array<[string, string]> = [
  ['/receipts [on|off]', 'tell contacts when you read their DMs (read receipts; on by default)']
]

/** A bad `/receipts` argument: the hint shown. */
export class ReceiptsHint extends Error {}

/** `/receipts` (the setting), `/receipts on` or `/receipts off`: the line to show. */
export async function receiptsCommand (peer: Peer, arg: string | undefined): Promise<string> {
  const settings = peer.store.kv('settings')
  if (arg === undefined || arg === '') return `* read receipts are ${await loadReadReceipts(settings) ? 'on' : 'off'}`
  if (arg !== 'on' && arg !== 'off') throw new ReceiptsHint('/receipts [on|off]')
  await saveReadReceipts(settings, arg === 'on')
  return arg === 'on' ? '* read receipts on: contacts see when you have read their DMs' : '* read receipts off: contacts no longer see when you read their DMs'
}

/** Unread and mentioning-us counts of one conversation. */
export interface UnreadCounts {
  unread: number
  mentions: number
}

interface Stored {
  unread: Record<string, number>
  mentioned: Record<string, number>
}

const count = (n: unknown): number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0

export class ReadState {
  readonly #kv: KeyValueStore
  readonly #counts = new BoundedMap<string, UnreadCounts>(MAX_READ_STATE_CONVERSATIONS)
  #saving: Promise<void> = Promise.resolve()
  #timer: ReturnType<typeof setTimeout> | undefined

  private constructor (kv: KeyValueStore) {
    this.#kv = kv
  }

  /** Reads the stored state; a damaged one (only counts) starts afresh rather than stopping the terminal. */
  static async load (kv: KeyValueStore): Promise<ReadState> {
    const state = new ReadState(kv)
    const raw = await kv.get(READ_STATE_KEY)
    if (raw === undefined) return state
    try {
      const parsed = JSON.parse(new TextDecoder().decode(raw)) as Partial<Stored>
      const unread = typeof parsed.unread === 'object' && parsed.unread !== null ? parsed.unread : {}
      const mentioned = typeof parsed.mentioned === 'object' && parsed.mentioned !== null ? parsed.mentioned : {}
      for (const [conversation, n] of Object.entries(unread)) {
        if (count(n) > 0) state.#counts.set(conversation, { unread: count(n), mentions: Math.min(count(mentioned[conversation]), count(n)) })
      }
    } catch { /* start afresh */ }
    return state
  }

  get (conversation: string): UnreadCounts {
    return this.#counts.get(conversation) ?? { unread: 0, mentions: 0 }
  }

  /** Conversations with unread messages, the least recently changed first. */
  entries (): Array<[string, UnreadCounts]> {
    return [...this.#counts].filter(([, c]) => c.unread > 0)
  }

  /** One more unread message in `conversation`, mentioning us or not. */
  add (conversation: string, mentionsUs = false): void {
    const c = this.get(conversation)
    this.#counts.set(conversation, { unread: c.unread + 1, mentions: c.mentions + (mentionsUs ? 1 : 0) })
    this.#soon()
  }

  /** `conversation` was read; returns how many messages were unread in it. */
  clear (conversation: string): number {
    const n = this.get(conversation).unread
    // Written at once, not READ_STATE_SAVE_MS later: reading is rare, and a quit right after it
    // must not bring the counts back at the next start.
    if (this.#counts.delete(conversation)) this.flush().catch(() => { /* written again with the next change, and at close */ })
    return n
  }

  /** Writes the state now (after the writes already queued); settles once stored. */
  async flush (): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const stored: Stored = { unread: {}, mentioned: {} }
    for (const [conversation, c] of this.#counts) {
      stored.unread[conversation] = c.unread
      if (c.mentions > 0) stored.mentioned[conversation] = c.mentions
    }
    const bytes = new TextEncoder().encode(JSON.stringify(stored))
    this.#saving = this.#saving.catch(() => {}).then(async () => { await this.#kv.put(READ_STATE_KEY, bytes) })
    return this.#saving
  }

  /** Writes what is pending; call before the store closes. */
  async close (): Promise<void> {
    if (this.#timer !== undefined) await this.flush()
    await this.#saving
  }

  #soon (): void {
    this.#timer ??= setTimeout(() => { this.flush().catch(() => { /* written again with the next change, and at close */ }) }, READ_STATE_SAVE_MS)
  }
}

/**
 * Read receipts for the contact's latest `n` DMs (at most MAX_READ_RECEIPTS), sent only where
 * they are allowed: to a contact, not blocked (a message request's sender learns nothing; the DM
 * service refuses it too, NotAContactError), and while this profile sends them (`/receipts`).
 * Best effort: one that is not sent is not retried, so DMs read while receipts were off get none.
 */
export async function sendReadReceipts (peer: Peer, contact: string, n: number): Promise<void> {
  if (n <= 0 || !peer.contacts.isContact(contact) || peer.contacts.isBlocked(contact)) return
  if (!await loadReadReceipts(peer.store.kv('settings'))) return
  const page = await peer.dms.history(contact, { limit: Math.min(n, MAX_READ_RECEIPTS) })
  for (const m of page.messages) {
    if (!m.outgoing && !m.deleted) await peer.dms.send(contact, { kind: DmPayload.Kind.READ, target: m.id })
  }
}
