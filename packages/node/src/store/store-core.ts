/**
 * The shared state behind a profile store: the database, its sublevels, the
 * open/closed state and the one write path. Every write that reads before it
 * writes (dedupe by id, update in place) is planned and committed here, one
 * at a time, so two concurrent appends of one id cannot both store it.
 */
import { MessageNotFoundError, StoreClosedError } from './errors.js'
import { decodeTimestamp, encodeTimestamp, idKey, messageKey } from './keys.js'
import { SUBLEVEL_NAMES } from './validate.js'
import type { MessageRecord, SublevelName } from './types.js'
import type { AbstractLevel, AbstractSublevel } from 'abstract-level'

// abstract-level's storage format parameter differs per backend (Buffer, Uint8Array, string); the store only
// relies on string keys and Uint8Array values, which every backend supports.
/** A `level` database with string keys and Uint8Array values. */
export type LevelDatabase = AbstractLevel<any, string, Uint8Array> // eslint-disable-line @typescript-eslint/no-explicit-any
/** A sublevel of bytes values. */
export type BytesSublevel = AbstractSublevel<LevelDatabase, any, string, Uint8Array> // eslint-disable-line @typescript-eslint/no-explicit-any
/** A sublevel of string values. */
export type TextSublevel = AbstractSublevel<LevelDatabase, any, string, string> // eslint-disable-line @typescript-eslint/no-explicit-any

/** One write of a commit, in the order the caller asked for it. */
export type StoreOp =
  | { type: 'append', record: MessageRecord }
  | { type: 'update', conversation: string, id: string, value: Uint8Array }
  | { type: 'put', sublevel: SublevelName, key: string, value: Uint8Array }
  | { type: 'del', sublevel: SublevelName, key: string }

type Write =
  | { sublevel: BytesSublevel, key: string, value: Uint8Array }
  | { sublevel: TextSublevel, key: string, text: string }
  | { sublevel: BytesSublevel, key: string }

const NOT_OPEN = new Set(['LEVEL_DATABASE_NOT_OPEN', 'LEVEL_ITERATOR_NOT_OPEN'])

/**
 * classic-level hands out Buffers; callers get plain Uint8Arrays in every
 * runtime (a view over the same memory, no copy).
 */
export function plain (bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Database, sublevels and lifecycle shared by the history, key-value and transaction objects. */
export class StoreCore {
  readonly db: LevelDatabase
  /** `<conversation>\x00<timestamp>\x00<id>` → value. */
  readonly messages: BytesSublevel
  /** `<conversation>\x00<id>` → `<timestamp>`. */
  readonly ids: TextSublevel
  readonly #kv = new Map<SublevelName, BytesSublevel>()
  readonly #pending = new Set<Promise<unknown>>()
  #writes: Promise<unknown> = Promise.resolve()
  #closed = false
  #closing: Promise<void> | undefined

  constructor (db: LevelDatabase) {
    this.db = db
    this.messages = db.sublevel<string, Uint8Array>('messages', { keyEncoding: 'utf8', valueEncoding: 'view' })
    this.ids = db.sublevel<string, string>('message-ids', { keyEncoding: 'utf8', valueEncoding: 'utf8' })
    for (const name of SUBLEVEL_NAMES) {
      this.#kv.set(name, db.sublevel<string, Uint8Array>(name, { keyEncoding: 'utf8', valueEncoding: 'view' }))
    }
  }

  /** The key-value sublevel `name` (already checked). */
  kv (name: SublevelName): BytesSublevel {
    return this.#kv.get(name) as BytesSublevel
  }

  /** Throws StoreClosedError once close() was called. */
  guard (): void {
    if (this.#closed) throw new StoreClosedError()
  }

  /** A database error as the store reports it: a closed database or iterator is a StoreClosedError. */
  translate (err: unknown): unknown {
    const code = (err as { code?: unknown } | null)?.code
    return typeof code === 'string' && NOT_OPEN.has(code) ? new StoreClosedError() : err
  }

  /** Runs a database operation on the open store; close() waits for it. */
  async run<T> (operation: () => Promise<T>): Promise<T> {
    this.guard()
    const running = operation()
    this.#pending.add(running)
    try {
      return await running
    } catch (err) {
      throw this.translate(err)
    } finally {
      this.#pending.delete(running)
    }
  }

  /** Plans and writes `ops` in one atomic batch, after every earlier commit; returns the appended records that were new. */
  async commit (ops: StoreOp[]): Promise<MessageRecord[]> {
    return this.run(async () => {
      const turn = this.#writes.then(async () => this.#write(ops))
      this.#writes = turn.catch(() => {})
      return turn
    })
  }

  async #write (ops: StoreOp[]): Promise<MessageRecord[]> {
    const { writes, added } = await this.#plan(ops)
    if (writes.length === 0) return added
    const batch = this.db.batch()
    for (const w of writes) {
      if ('text' in w) batch.put<string, string>(w.key, w.text, { sublevel: w.sublevel })
      else if ('value' in w) batch.put<string, Uint8Array>(w.key, w.value, { sublevel: w.sublevel })
      else batch.del<string>(w.key, { sublevel: w.sublevel })
    }
    await batch.write()
    return added
  }

  /** Turns ops into writes: skips ids already stored (or appended earlier in `ops`), finds where updates go. */
  async #plan (ops: StoreOp[]): Promise<{ writes: Write[], added: MessageRecord[] }> {
    const known = await this.#storedTimestamps(ops)
    const writes: Write[] = []
    const added: MessageRecord[] = []
    for (const op of ops) {
      if (op.type === 'append') {
        const { conversation, id, timestamp, value } = op.record
        const key = idKey(conversation, id)
        if (known.has(key)) continue
        known.set(key, timestamp)
        writes.push({ sublevel: this.messages, key: messageKey(conversation, timestamp, id), value })
        writes.push({ sublevel: this.ids, key, text: encodeTimestamp(timestamp) })
        added.push(op.record)
      } else if (op.type === 'update') {
        const timestamp = known.get(idKey(op.conversation, op.id))
        if (timestamp === undefined) throw new MessageNotFoundError(`no message ${op.id} in ${op.conversation}`)
        writes.push({ sublevel: this.messages, key: messageKey(op.conversation, timestamp, op.id), value: op.value })
      } else if (op.type === 'put') {
        writes.push({ sublevel: this.kv(op.sublevel), key: op.key, value: op.value })
      } else {
        writes.push({ sublevel: this.kv(op.sublevel), key: op.key })
      }
    }
    return { writes, added }
  }

  /** Timestamps of the stored messages that `ops` append or update, by id key, in one multi-get. */
  async #storedTimestamps (ops: StoreOp[]): Promise<Map<string, number>> {
    const keys = new Set<string>()
    for (const op of ops) {
      if (op.type === 'append') keys.add(idKey(op.record.conversation, op.record.id))
      else if (op.type === 'update') keys.add(idKey(op.conversation, op.id))
    }
    const known = new Map<string, number>()
    if (keys.size === 0) return known
    const list = [...keys]
    const found = await this.ids.getMany(list)
    found.forEach((encoded, i) => { if (encoded !== undefined) known.set(list[i], decodeTimestamp(encoded)) })
    return known
  }

  /** Refuses new operations, lets started ones finish, then closes the database. Closing twice is harmless. */
  async close (): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true
      this.#closing = Promise.allSettled([...this.#pending]).then(async () => this.db.close())
    }
    return this.#closing
  }
}
