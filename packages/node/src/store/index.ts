/**
 * The profile store: one `level` database per profile with sublevels for
 * history, identity, contacts, rooms, sessions, outbox, settings and
 * mailbox. Isomorphic: the caller opens the database (classic-level in Node,
 * browser-level in the browser) and hands it in.
 */
import { MessageNotFoundError } from './errors.js'
import {
  checkConversation,
  checkId,
  checkTimestamp,
  conversationRange,
  decodeCursor,
  encodeCursor,
  encodeTimestamp,
  idKey,
  messageKey,
  parseMessageKey
} from './keys.js'
import type { AbstractLevel, AbstractSublevel } from 'abstract-level'

export * from './errors.js'

/** One stored message of any conversation. */
export interface MessageRecord {
  /** 'room:<name>', 'private:<roomIdHex>', 'dm:<peerId>' (1..200 chars, no \x00). */
  conversation: string
  /** Lower-case hex BLAKE2b-256 of the envelope (64 chars). */
  id: string
  /** Ordering time, ms since the epoch. */
  timestamp: number
  /** The encoded message, opaque to the store. */
  value: Uint8Array
}

/** A page of a conversation, oldest first; `before` is the cursor of the next older page, or null. */
export interface HistoryPage {
  messages: MessageRecord[]
  before: string | null
}

/** Names of the small key-value sublevels. */
export type SublevelName = 'identity' | 'contacts' | 'rooms' | 'sessions' | 'outbox' | 'settings' | 'mailbox'

/** A bytes-valued key-value sublevel. */
export interface KeyValueStore {
  get: (key: string) => Promise<Uint8Array | undefined>
  put: (key: string, value: Uint8Array) => Promise<void>
  del: (key: string) => Promise<void>
  entries: (options?: { prefix?: string }) => AsyncIterable<[string, Uint8Array]>
}

/** Largest page. */
export const MAX_PAGE = 500

/** classic-level hands out Buffers; callers get plain Uint8Arrays in every runtime. */
const plain = (b: Uint8Array): Uint8Array => (b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))

// abstract-level's format parameter differs per backend; the store only relies on string keys and Uint8Array values.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = AbstractLevel<any, string, Uint8Array>
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Sub = AbstractSublevel<Db, any, string, Uint8Array>
interface BatchOp { type: 'put' | 'del', sublevel: Sub, key: string, value?: Uint8Array }

/** Message history of every conversation. */
export class HistoryStore {
  readonly #messages: Sub
  readonly #ids: Sub

  constructor (messages: Sub, ids: Sub) {
    this.#messages = messages
    this.#ids = ids
  }

  /** Batch operations that append `records`, skipping ids already stored; returns the new ones. */
  async appendOps (records: MessageRecord[]): Promise<{ ops: BatchOp[], added: MessageRecord[] }> {
    const ops: BatchOp[] = []
    const added: MessageRecord[] = []
    const seen = new Set<string>()
    for (const r of records) {
      checkConversation(r.conversation)
      checkId(r.id)
      checkTimestamp(r.timestamp)
      const ik = idKey(r.conversation, r.id)
      if (seen.has(ik) || (await this.#ids.get(ik)) !== undefined) continue
      seen.add(ik)
      ops.push({ type: 'put', sublevel: this.#messages, key: messageKey(r.conversation, r.timestamp, r.id), value: r.value })
      ops.push({ type: 'put', sublevel: this.#ids, key: ik, value: new TextEncoder().encode(encodeTimestamp(r.timestamp)) })
      added.push(r)
    }
    return { ops, added }
  }

  /** Stores records in one batch; returns those that were new. */
  async append (records: MessageRecord[]): Promise<MessageRecord[]> {
    const { ops, added } = await this.appendOps(records)
    if (ops.length > 0) await this.#messages.db.batch(ops as never)
    return added
  }

  async #timestampOf (conversation: string, id: string): Promise<number | undefined> {
    checkConversation(conversation)
    checkId(id)
    const ts = await this.#ids.get(idKey(conversation, id))
    return ts === undefined ? undefined : parseInt(new TextDecoder().decode(ts), 16)
  }

  async get (conversation: string, id: string): Promise<MessageRecord | undefined> {
    const timestamp = await this.#timestampOf(conversation, id)
    if (timestamp === undefined) return undefined
    const value = await this.#messages.get(messageKey(conversation, timestamp, id))
    return value === undefined ? undefined : { conversation, id, timestamp, value: plain(value) }
  }

  async has (conversation: string, id: string): Promise<boolean> {
    return (await this.#timestampOf(conversation, id)) !== undefined
  }

  /** Replaces a stored message's value in place. */
  async update (conversation: string, id: string, value: Uint8Array): Promise<void> {
    const timestamp = await this.#timestampOf(conversation, id)
    if (timestamp === undefined) throw new MessageNotFoundError(`no message ${id} in ${conversation}`)
    await this.#messages.put(messageKey(conversation, timestamp, id), value)
  }

  /** The latest `limit` messages older than `before`: one reverse range read. */
  async page (conversation: string, options: { limit: number, before?: string | null }): Promise<HistoryPage> {
    checkConversation(conversation)
    const limit = options.limit
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new RangeError(`limit must be 1..${MAX_PAGE}`)
    const range = conversationRange(conversation)
    const lt = options.before == null ? range.lt : decodeCursor(conversation, options.before)
    const entries = await this.#messages.iterator({ gt: range.gt, lt, reverse: true, limit: limit + 1 }).all()
    const more = entries.length > limit
    const kept = more ? entries.slice(0, limit) : entries
    const messages = kept.reverse().map(([key, value]) => ({ conversation, ...parseMessageKey(conversation, key), value: plain(value) }))
    return { messages, before: more && messages.length > 0 ? encodeCursor(messageKey(conversation, messages[0].timestamp, messages[0].id)) : null }
  }

  /** Records with from <= timestamp < to, ascending. */
  async * range (conversation: string, options: { from?: number, to?: number, limit?: number } = {}): AsyncIterable<MessageRecord> {
    checkConversation(conversation)
    const bounds = conversationRange(conversation)
    const gt = options.from === undefined ? bounds.gt : conversation + '\x00' + encodeTimestamp(options.from)
    const lt = options.to === undefined ? bounds.lt : conversation + '\x00' + encodeTimestamp(options.to)
    for await (const [key, value] of this.#messages.iterator({ gte: gt, lt, limit: options.limit ?? -1 })) {
      if (key === bounds.gt) continue
      yield { conversation, ...parseMessageKey(conversation, key), value: plain(value) }
    }
  }

  /** How many messages a conversation holds (scans its id index). */
  async count (conversation: string): Promise<number> {
    checkConversation(conversation)
    let n = 0
    for await (const _ of this.#ids.keys(conversationRange(conversation))) n++
    return n
  }
}

/** The whole profile store. */
export class ProfileStore {
  readonly history: HistoryStore
  readonly #db: Db
  readonly #subs = new Map<SublevelName, Sub>()

  constructor (db: Db) {
    this.#db = db
    const sub = (name: string): Sub => db.sublevel<string, Uint8Array>(name, { keyEncoding: 'utf8', valueEncoding: 'view' })
    this.history = new HistoryStore(sub('messages'), sub('message-ids'))
    for (const name of ['identity', 'contacts', 'rooms', 'sessions', 'outbox', 'settings', 'mailbox'] as const) this.#subs.set(name, sub(name))
  }

  /** A key-value sublevel. */
  kv (name: SublevelName): KeyValueStore {
    const s = this.#subs.get(name)
    if (s === undefined) throw new RangeError(`no sublevel ${String(name)}`)
    return {
      get: async (key) => {
        const value = await s.get(key)
        return value === undefined ? undefined : plain(value)
      },
      put: async (key, value) => { await s.put(key, value) },
      del: async (key) => { await s.del(key) },
      entries: async function * (options = {}) {
        for await (const [key, value] of s.iterator(options.prefix === undefined ? {} : { gte: options.prefix, lt: options.prefix + '\xff' })) {
          yield [key, plain(value)] as [string, Uint8Array]
        }
      }
    }
  }

  /** Appends records and writes key-value changes in one atomic batch; returns the new records. */
  async commit (records: MessageRecord[], changes: Array<{ sublevel: SublevelName, key: string, value?: Uint8Array }>): Promise<MessageRecord[]> {
    const { ops, added } = await this.history.appendOps(records)
    for (const c of changes) {
      const sublevel = this.#subs.get(c.sublevel)
      if (sublevel === undefined) throw new RangeError(`no sublevel ${String(c.sublevel)}`)
      ops.push(c.value === undefined ? { type: 'del', sublevel, key: c.key } : { type: 'put', sublevel, key: c.key, value: c.value })
    }
    if (ops.length > 0) await this.#db.batch(ops as never)
    return added
  }

  async close (): Promise<void> {
    await this.#db.close()
  }
}

/** Opens the profile store on an open-able `level` database with Uint8Array values. */
export async function createProfileStore (db: Db): Promise<ProfileStore> {
  await db.open()
  return new ProfileStore(db)
}
