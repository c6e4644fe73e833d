/**
 * What only the UI keeps about conversations, in the profile's `settings` sublevel: unread counts,
 * where reading stopped (the first unread message), muted conversations and the last nickname
 * seen per contact. Changes within UI_STATE_SAVE_MS go
 * in one write, so a busy room's unread counts cost one IndexedDB put per interval, not one per
 * message; mutes and closing write at once.
 */
import type { KeyValueStore } from '@parley/node/browser'

const UI_STATE_KEY = 'web-ui'
/** UI state changes within this long are written together. */
const UI_STATE_SAVE_MS = 500

interface Stored {
  unread: Record<string, number>
  muted: Record<string, boolean>
  nicks: Record<string, string>
  /** Unread messages mentioning this profile, per conversation (the sidebar's mention badge). */
  mentioned: Record<string, number>
  /**
   * Where reading stopped, per conversation: the unread message first in timeline order (sent
   * time, then id). Kept by id, not by count, so the "New messages" marker finds it however many
   * pages of unread messages came after it.
   */
  firstUnread: Record<string, ReadPosition>
}

/** An unread message, by the timeline's id and its sent time (its place in timeline order). */
export interface ReadPosition {
  id: string
  sentAt: number
}

const isReadPosition = (x: unknown): x is ReadPosition =>
  typeof x === 'object' && x !== null && typeof (x as ReadPosition).id === 'string' && typeof (x as ReadPosition).sentAt === 'number'

/** The UI state of one profile. */
export class UiState {
  readonly #kv: KeyValueStore
  readonly #state: Stored
  #saving: Promise<void> = Promise.resolve()
  #timer: ReturnType<typeof setTimeout> | undefined

  private constructor (kv: KeyValueStore, state: Stored) {
    this.#kv = kv
    this.#state = state
  }

  /** Reads the stored state; a damaged one (only counts, mutes and nicknames) starts afresh. */
  static async load (kv: KeyValueStore): Promise<UiState> {
    const ui = UiState.empty(kv)
    await ui.reload()
    return ui
  }

  /** An empty state over `kv`, for a profile still sealed: reload() once it is unlocked. */
  static empty (kv: KeyValueStore): UiState {
    return new UiState(kv, { unread: {}, muted: {}, nicks: {}, mentioned: {}, firstUnread: {} })
  }

  /** Adds the stored state to what this one holds. */
  async reload (): Promise<void> {
    const raw = await this.#kv.get(UI_STATE_KEY)
    if (raw === undefined) return
    try {
      const parsed = JSON.parse(new TextDecoder().decode(raw)) as Partial<Stored>
      for (const key of ['unread', 'muted', 'nicks', 'mentioned'] as const) {
        if (typeof parsed[key] === 'object' && parsed[key] !== null) Object.assign(this.#state[key], parsed[key])
      }
      for (const [id, at] of Object.entries(parsed.firstUnread ?? {})) {
        if (isReadPosition(at)) this.#state.firstUnread[id] = { id: at.id, sentAt: at.sentAt }
      }
    } catch { /* start afresh */ }
  }

  unread (conversationId: string): number {
    return this.#state.unread[conversationId] ?? 0
  }

  /** Counts `message` unread; it becomes the first unread when it sorts before the one kept. */
  addUnread (conversationId: string, message?: ReadPosition): void {
    this.#state.unread[conversationId] = this.unread(conversationId) + 1
    const first = this.#state.firstUnread[conversationId]
    if (message !== undefined && (first === undefined || message.sentAt < first.sentAt || (message.sentAt === first.sentAt && message.id < first.id))) {
      this.#state.firstUnread[conversationId] = { id: message.id, sentAt: message.sentAt }
    }
    this.#soon()
  }

  /** The first unread message of a conversation (undefined: all read, or not known). */
  firstUnread (conversationId: string): ReadPosition | undefined {
    return this.#state.firstUnread[conversationId]
  }

  mentioned (conversationId: string): number {
    return this.#state.mentioned[conversationId] ?? 0
  }

  addMention (conversationId: string): void {
    this.#state.mentioned[conversationId] = this.mentioned(conversationId) + 1
    this.#soon()
  }

  /** Zeroes a conversation's unread and mention counts and its read position; false when they were zero already. */
  clearUnread (conversationId: string): boolean {
    if (this.unread(conversationId) === 0 && this.mentioned(conversationId) === 0 && this.firstUnread(conversationId) === undefined) return false
    this.#state.unread[conversationId] = 0
    this.#state.mentioned[conversationId] = 0
    delete this.#state.firstUnread[conversationId]
    this.#soon()
    return true
  }

  muted (conversationId: string): boolean {
    return this.#state.muted[conversationId] === true
  }

  /** Mutes or unmutes, written at once. */
  async setMuted (conversationId: string, muted: boolean): Promise<void> {
    this.#state.muted[conversationId] = muted
    await this.flush()
  }

  /** The last self-chosen nickname seen from `peer`. */
  nick (peer: string): string | undefined {
    return this.#state.nicks[peer]
  }

  setNick (peer: string, nick: string): void {
    if (nick === '' || this.#state.nicks[peer] === nick) return
    this.#state.nicks[peer] = nick
    this.#soon()
  }

  /** Writes the state now (after the writes already queued); settles once stored. */
  async flush (): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const bytes = new TextEncoder().encode(JSON.stringify(this.#state))
    this.#saving = this.#saving.then(async () => { await this.#kv.put(UI_STATE_KEY, bytes) })
      .catch((error: Error) => { console.warn('saving the UI state', error) })
    return this.#saving
  }

  /** Writes what is pending; call before the store closes. */
  async close (): Promise<void> {
    if (this.#timer !== undefined) await this.flush()
    await this.#saving
  }

  #soon (): void {
    this.#timer ??= setTimeout(() => { void this.flush() }, UI_STATE_SAVE_MS)
  }
}
