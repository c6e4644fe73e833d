/**
 * Full-text search over the profile's history (public rooms, private rooms,
 * DMs), kept off the delivery path: the store tells the index which messages
 * a write appended or changed (ProfileStore.watchHistory); they wait FLUSH_MS,
 * then are logged in one record (index-records.ts) and, once the index is
 * loaded, indexed. The index loads on the first search (or when the log grows
 * long), replays the log, and is rebuilt from history when it is missing or
 * damaged. Results are read back from history, so a message deleted or edited
 * since it was indexed shows as it is now, and a deleted one never shows. An
 * index nobody searched for SEARCH_IDLE_MS is written and dropped from memory.
 */
import { DEFAULT_SEARCH_LIMIT, FLUSH_MS, SEARCH_IDLE_MS, INDEX_CHUNK, MAX_LOG_CHANGES, MAX_PENDING_VALUES, MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT, SNAPSHOT_CHANGES } from './constants.js'
import { isSearchable, searchableMessage, searchableText, type SearchableMessage } from './documents.js'
import { InvalidSearchError } from './errors.js'
import { IndexRecords, type LoggedRef } from './index-records.js'
import { Segments } from './segments.js'
import { yieldToEvents } from '../event-loop.js'
import { firstMatch, snippet } from './snippet.js'
import type { MessageRecord, ProfileStore } from '../store/index.js'

/** Options of {@link SearchIndex}. */
export interface SearchIndexInit {
  store: ProfileStore
  /** Authors whose messages are not shown (blocked). */
  hidden?: (peerId: string) => boolean
  /** A failure in the background (logging or indexing); search goes on. */
  onError?: (error: Error) => void
  /** How long the loaded index stays in memory after the last search (default SEARCH_IDLE_MS). */
  idleMs?: number
}

/** What to search in and how many results to return. */
export interface SearchQueryOptions {
  /** A conversation id (`room:…`, `private:…`, `dm:…`); every conversation when omitted. */
  conversation?: string
  /** 1..MAX_SEARCH_LIMIT results (default DEFAULT_SEARCH_LIMIT). */
  limit?: number
}

/** One search result: the message as it is now, and the text around the match. */
export interface SearchResult extends SearchableMessage {
  /** The text around the first match, '…' where it was cut. */
  snippet: string
}

const refKey = (conversation: string, id: string): string => `${conversation}\x00${id}`

/** The search index of one profile. */
export class SearchIndex {
  readonly #store: ProfileStore
  readonly #records: IndexRecords
  readonly #hidden: (peerId: string) => boolean
  readonly #onError: (error: Error) => void
  readonly #unwatch: () => void
  readonly #idleMs: number
  /** When the last search started (ms since the epoch). */
  #lastSearch = 0
  #idleTimer: ReturnType<typeof setTimeout> | undefined
  /** Changed messages not logged yet, oldest change first; the value as written, or null (read it back). */
  readonly #pending = new Map<string, MessageRecord | null>()
  #timer: ReturnType<typeof setTimeout> | undefined
  /** Flushes, loads and snapshots run one at a time, in order. */
  #turn: Promise<unknown> = Promise.resolve()
  #logRead: Promise<unknown> | undefined
  #segments: Segments | undefined
  #loading: Promise<Segments> | undefined
  /** Whether an index is stored (unknown until the first flush): without one, changes need no log, a search rebuilds. */
  #stored: boolean | undefined
  #stopped = false

  constructor (init: SearchIndexInit) {
    this.#store = init.store
    this.#records = new IndexRecords(init.store)
    this.#hidden = init.hidden ?? (() => false)
    this.#onError = init.onError ?? (() => {})
    this.#idleMs = init.idleMs ?? SEARCH_IDLE_MS
    if (!Number.isSafeInteger(this.#idleMs) || this.#idleMs < 1) throw new RangeError(`idleMs must be a positive integer, got ${this.#idleMs}`)
    this.#unwatch = init.store.watchHistory((changed) => { this.#changed(changed) })
  }

  /** Whether the index is in memory. */
  get loaded (): boolean {
    return this.#segments !== undefined
  }

  /**
   * The messages that hold every word of `query` (the last may be the start
   * of a word), best match first, as they are now.
   *
   * @throws InvalidSearchError for a query without a word or over MAX_QUERY_LENGTH, a bad limit or conversation
   */
  async search (query: string, options: SearchQueryOptions = {}): Promise<SearchResult[]> {
    if (typeof query !== 'string' || query.trim() === '' || query.length > MAX_QUERY_LENGTH) throw new InvalidSearchError(`the query must have 1..${MAX_QUERY_LENGTH} characters`)
    const { conversation, limit = DEFAULT_SEARCH_LIMIT } = options ?? {}
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw new InvalidSearchError(`limit must be an integer in 1..${MAX_SEARCH_LIMIT}`)
    if (conversation !== undefined && (typeof conversation !== 'string' || !isSearchable(conversation))) throw new InvalidSearchError('conversation must be a conversation id')
    this.#lastSearch = Date.now()
    const segments = await this.load()
    this.#armIdle(this.#idleMs)
    // What was written before the search is found by it (the flush would otherwise wait FLUSH_MS).
    if (this.#pending.size > 0) await this.#exclusive(async () => this.#flush())
    const results: SearchResult[] = []
    // Stale hits are dropped below: ask each segment for some more than the limit.
    const hits = segments.search(query, conversation, 2 * limit + 10)
    // Read back as many as are still wanted at once (the store serves parallel reads faster), in score order.
    for (let at = 0; at < hits.length && results.length < limit;) {
      const batch = hits.slice(at, at + limit - results.length)
      at += batch.length
      const records = await Promise.all(batch.map(async (hit) => this.#store.history.get(hit.conversation, hit.id)))
      batch.forEach((hit, i) => {
        const record = records[i]
        const m = record === undefined ? undefined : searchableMessage(record)
        const match = m === undefined ? undefined : firstMatch(m.text, hit.terms)
        if (m === undefined || match === undefined) {
          // Indexed before a change that never reached the index (a crash between the two): index it as it is now.
          this.#queue(hit.conversation, hit.id, record ?? null)
        } else if (!this.#hidden(m.from)) results.push({ ...m, snippet: snippet(m.text, match) })
      })
    }
    return results
  }

  /** Loads the index (replaying the log, or rebuilding it from history); later calls share the first. */
  async load (): Promise<Segments> {
    if (this.#segments !== undefined) return this.#segments
    this.#loading ??= this.#exclusive(async () => this.#load())
    try {
      return await this.#loading
    } catch (err) {
      this.#loading = undefined
      throw err
    }
  }

  /** Logs what is pending and stops watching the store (before it closes). */
  async stop (): Promise<void> {
    this.#stopped = true
    this.#unwatch()
    clearTimeout(this.#timer)
    clearTimeout(this.#idleTimer)
    await this.#exclusive(async () => this.#flush()).catch((error: Error) => { this.#onError(error) })
  }

  #changed (records: MessageRecord[]): void {
    if (this.#stored === false && this.#loading === undefined) return
    for (const r of records) if (isSearchable(r.conversation)) this.#queue(r.conversation, r.id, r)
  }

  #queue (conversation: string, id: string, record: MessageRecord | null): void {
    const key = refKey(conversation, id)
    // Deleted first so the map's order stays the order of the latest changes.
    this.#pending.delete(key)
    this.#pending.set(key, this.#pending.size >= MAX_PENDING_VALUES ? null : record)
    if (this.#timer === undefined && !this.#stopped) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined
        this.#exclusive(async () => this.#flush()).catch((error: Error) => { this.#onError(error) })
      }, FLUSH_MS)
    }
  }

  /** Drops the loaded index once nobody searched for idleMs (one timer, re-armed for the rest of the time when a search came meanwhile). */
  #armIdle (ms: number): void {
    if (this.#idleTimer !== undefined || this.#stopped) return
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined
      const idle = Date.now() - this.#lastSearch
      if (idle < this.#idleMs) this.#armIdle(this.#idleMs - idle)
      else this.#exclusive(async () => this.#unload()).catch((error: Error) => { this.#onError(error) })
    }, ms)
    // An idle index must not keep a process alive.
    ;(this.#idleTimer as { unref?: () => void }).unref?.()
  }

  /** Indexes what is pending, writes the segments that changed and drops the index from memory (the next search loads it). */
  async #unload (): Promise<void> {
    const segments = this.#segments
    if (segments === undefined || this.#stopped || Date.now() - this.#lastSearch < this.#idleMs) return
    await this.#flush()
    if (this.#records.logged > 0) await this.#records.snapshot(segments.snapshot())
    this.#segments = undefined
    this.#loading = undefined
  }

  async #exclusive<T> (work: () => Promise<T>): Promise<T> {
    const turn = this.#turn.then(work)
    this.#turn = turn.catch(() => {})
    return turn
  }

  /**
   * Logs the pending changes and indexes them if the index is loaded, then
   * snapshots when the log is long. An index that is not loaded and whose
   * log grows past MAX_LOG_CHANGES (a long sync, a restore) is dropped
   * instead: rebuilding it at the next search costs no more than replaying.
   */
  async #flush (): Promise<void> {
    if (this.#pending.size === 0) return
    if (this.#segments === undefined && this.#loading === undefined) this.#stored ??= await this.#records.exists()
    const batch = [...this.#pending]
    this.#pending.clear()
    if (this.#stored === false && this.#segments === undefined) return
    this.#logRead ??= this.#records.readLog()
    await this.#logRead
    await this.#records.log(batch.map(([key]) => key.split('\x00') as LoggedRef))
    if (this.#segments !== undefined) {
      let since = 0
      for (const [key, record] of batch) {
        const [conversation, id] = key.split('\x00')
        if (record !== null) this.#segments.set(conversation, id, searchableText(record))
        else await this.#index(this.#segments, conversation, id, null)
        // Idle batches: a few dozen documents, then whatever else waits (a delivery) goes first.
        if (++since >= INDEX_CHUNK) {
          since = 0
          await yieldToEvents()
        }
      }
      if (this.#records.logged >= SNAPSHOT_CHANGES) await this.#records.snapshot(this.#segments.snapshot())
    } else if (this.#records.logged >= MAX_LOG_CHANGES) {
      await this.#records.clear()
      this.#stored = false
    }
  }

  async #index (segments: Segments, conversation: string, id: string, record: MessageRecord | null): Promise<void> {
    const current = record ?? await this.#store.history.get(conversation, id)
    segments.set(conversation, id, current === undefined ? undefined : searchableText(current))
  }

  async #load (): Promise<Segments> {
    const stored = await this.#records.read()
    let refs: LoggedRef[] | undefined
    if (stored !== undefined) {
      this.#logRead = this.#records.readLog()
      refs = await (this.#logRead as Promise<LoggedRef[]>).catch(() => undefined)
    }
    let segments: Segments | undefined
    try {
      if (stored !== undefined && refs !== undefined) segments = await Segments.load(stored.conversations, stored.segments)
    } catch {
      segments = undefined
    }
    if (segments === undefined || refs === undefined) {
      segments = await this.#rebuild()
    } else if (refs.length > 0) {
      const last = new Map<string, LoggedRef>()
      for (const ref of refs) last.set(refKey(...ref), ref)
      for (const [conversation, id] of last.values()) await this.#index(segments, conversation, id, null)
      await this.#records.snapshot(segments.snapshot())
    }
    this.#segments = segments
    this.#stored = true
    return segments
  }

  /** Indexes the whole history anew (the index was missing or damaged) and stores it. */
  async #rebuild (): Promise<Segments> {
    await this.#records.clear()
    this.#logRead = Promise.resolve()
    const segments = Segments.empty()
    for await (const conversation of this.#store.history.conversations()) {
      if (!isSearchable(conversation)) continue
      for await (const record of this.#store.history.range(conversation)) {
        const text = searchableText(record)
        if (text !== undefined) segments.set(conversation, record.id, text)
      }
    }
    segments.touchAll()
    await this.#records.snapshot(segments.snapshot())
    return segments
  }
}
