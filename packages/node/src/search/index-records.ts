/**
 * How the search index is kept in the profile: records of the `search`
 * key-value sublevel, so a profile with a passphrase seals them like every
 * other record (names hashed, values sealed; see store/sealed-layout.ts).
 *
 * | key            | value (JSON, UTF-8)                                        |
 * |----------------|------------------------------------------------------------|
 * | `meta`         | `{"v":2,"conversations":[…],"segments":n}`                 |
 * | `seg:<n>`      | segment n, MiniSearch's toJSON                             |
 * | `log:<seq>`    | `[[conversation, id], …]`: messages changed since the meta |
 *
 * The history is the source of truth: the log names messages, not texts,
 * and replaying it reads each one back from history. A snapshot writes the
 * changed segments first, then the meta and the log's removal in one batch,
 * so whatever a crash interrupts, the meta's segments plus the log's
 * messages cover the history.
 */
import { SEARCH_INDEX_VERSION } from './constants.js'
import { StoredIndexDamagedError } from './errors.js'
import type { KeyValueStore, ProfileStore } from '../store/index.js'
import type { SegmentsSnapshot } from './segments.js'

const utf8 = new TextEncoder()
const text = new TextDecoder('utf-8', { fatal: true })
const META = 'meta'
const segmentKey = (n: number): string => `seg:${n.toString().padStart(6, '0')}`
const logKey = (seq: number): string => `log:${seq.toString().padStart(12, '0')}`

/** A message named in the log. */
export type LoggedRef = [conversation: string, id: string]

/** The stored index: its conversation table, and its segments read one by one (so a load holds one segment's text at a time). */
export interface StoredIndex {
  conversations: string[]
  /** Each segment's MiniSearch JSON in order; throws StoredIndexDamagedError when one is missing or not UTF-8. */
  segments: AsyncIterable<string>
}

/** The `search` sublevel of one profile. */
export class IndexRecords {
  readonly #store: ProfileStore
  readonly #kv: KeyValueStore
  /** The log's keys, oldest first, and the changes they name. */
  #logKeys: string[] = []
  #logged = 0
  #next = 0

  constructor (store: ProfileStore) {
    this.#store = store
    this.#kv = store.kv('search')
  }

  /** Changes named in the log since the last snapshot. */
  get logged (): number {
    return this.#logged
  }

  /** Whether an index is stored (its meta record is there, readable or not). */
  async exists (): Promise<boolean> {
    try {
      return (await this.#kv.get(META)) !== undefined
    } catch {
      return true
    }
  }

  /** The logged messages, oldest first (damaged log records are skipped: the reader rebuilds if the meta is damaged too). */
  async readLog (): Promise<LoggedRef[]> {
    const refs: LoggedRef[] = []
    this.#logKeys = []
    for await (const [key, value] of this.#kv.entries({ prefix: 'log:' })) {
      this.#logKeys.push(key)
      this.#next = Math.max(this.#next, parseInt(key.slice(4), 10) + 1)
      try {
        const parsed: unknown = JSON.parse(text.decode(value))
        if (!Array.isArray(parsed)) continue
        for (const ref of parsed) if (Array.isArray(ref) && typeof ref[0] === 'string' && typeof ref[1] === 'string') refs.push([ref[0], ref[1]])
      } catch {
        // An unreadable log record: its messages are found again by a rebuild only; see the design notes.
      }
    }
    this.#logged = refs.length
    return refs
  }

  /** Appends changed messages to the log. */
  async log (refs: LoggedRef[]): Promise<void> {
    const key = logKey(this.#next++)
    await this.#kv.put(key, utf8.encode(JSON.stringify(refs)))
    this.#logKeys.push(key)
    this.#logged += refs.length
  }

  /** The stored index, or undefined when it is missing, of another version or damaged (then it is rebuilt). */
  async read (): Promise<StoredIndex | undefined> {
    try {
      const meta = await this.#kv.get(META)
      if (meta === undefined) return undefined
      const parsed = JSON.parse(text.decode(meta)) as { v?: unknown, conversations?: unknown, segments?: unknown }
      const { conversations, segments } = parsed
      if (parsed.v !== SEARCH_INDEX_VERSION || !Array.isArray(conversations) || !conversations.every((c) => typeof c === 'string')) return undefined
      if (typeof segments !== 'number' || !Number.isInteger(segments) || segments < 0) return undefined
      return { conversations, segments: this.#segments(segments) }
    } catch {
      return undefined
    }
  }

  async * #segments (count: number): AsyncGenerator<string> {
    for (let n = 0; n < count; n++) {
      const bytes = await this.#kv.get(segmentKey(n))
      if (bytes === undefined) throw new StoredIndexDamagedError(`segment ${n} of ${count} is missing`)
      let json: string
      try {
        json = text.decode(bytes)
      } catch {
        throw new StoredIndexDamagedError(`segment ${n} is not UTF-8`)
      }
      yield json
    }
  }

  /** Writes the changed segments, then the meta and the log's removal in one batch. */
  async snapshot (snap: SegmentsSnapshot): Promise<void> {
    for (const [n, json] of snap.changed) await this.#kv.put(segmentKey(n), utf8.encode(json))
    const tx = this.#store.transaction()
    tx.put('search', META, utf8.encode(JSON.stringify({ v: SEARCH_INDEX_VERSION, conversations: snap.conversations, segments: snap.count })))
    for (const key of this.#logKeys) tx.del('search', key)
    await tx.commit()
    this.#logKeys = []
    this.#logged = 0
  }

  /** Removes every record of the index (before a rebuild). */
  async clear (): Promise<void> {
    const keys: string[] = []
    for await (const [key] of this.#kv.entries()) keys.push(key)
    for (const key of keys) await this.#kv.del(key)
    this.#logKeys = []
    this.#logged = 0
  }
}
