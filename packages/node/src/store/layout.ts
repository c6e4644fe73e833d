/**
 * A layout says where records go and how they are encoded: the clear layout
 * (keys.ts, values as given) or the sealed layout (sealed-layout.ts, every
 * key part that would name a contact, room or message replaced by a keyed
 * hash and every value sealed). Each layout has its own sublevels, so a
 * profile half-way through a passphrase change holds two namespaces side by
 * side and the `meta` record alone says which one is the profile.
 */
import { MAX_TIMESTAMP, TIMESTAMP_DIGITS } from './constants.js'
import { CorruptRecordError } from './errors.js'
import {
  conversationEnd, conversationStart, decodeCursor, decodeTimestamp, encodeCursor, encodeTimestamp, idKey, keyId, keyTimestamp,
  messageKey, tailOffset, timeBound
} from './keys.js'
import { SUBLEVEL_NAMES } from './validate.js'
import type { MessageRecord, SublevelName } from './types.js'
import type { AbstractLevel, AbstractSublevel } from 'abstract-level'

// abstract-level's storage format parameter differs per backend (Buffer, Uint8Array, string); the store only
// relies on string keys and Uint8Array values, which every backend supports.
/** A `level` database with string keys and Uint8Array values. */
export type LevelDatabase = AbstractLevel<any, string, Uint8Array> // eslint-disable-line @typescript-eslint/no-explicit-any
/** A sublevel of bytes values. */
export type BytesSublevel = AbstractSublevel<LevelDatabase, any, string, Uint8Array> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reads one conversation's message entries (key and stored value) back into records, in order. */
export type MessageReader = (entries: ReadonlyArray<readonly [string, Uint8Array]>) => MessageRecord[]

/** Where a key-value listing reads: a key range, and whether its keys come out in the caller's order. */
export interface KvScan { gte?: string, lt?: string, ordered: boolean }

/** One storage layout of the profile. */
export interface Layout {
  /** Whether values are sealed and names hashed. */
  readonly encrypted: boolean
  /** Message entries: key from messageKey, value from encodeMessage. */
  readonly messages: BytesSublevel
  /** The id index: key from idKey, value from encodeIdEntry. */
  readonly ids: BytesSublevel
  /** Every sublevel of this layout (cleared when the layout is left behind). */
  readonly sublevels: readonly BytesSublevel[]
  conversationStart: (conversation: string) => string
  conversationEnd: (conversation: string) => string
  timeBound: (conversation: string, timestamp: number) => string
  messageKey: (conversation: string, timestamp: number, id: string) => string
  idKey: (conversation: string, id: string) => string
  encodeMessage: (key: string, record: MessageRecord) => Uint8Array
  reader: (conversation: string) => MessageReader
  /** Reads a message entry's id from its key alone; undefined where keys hide ids (the sealed layout). */
  keyReader?: (conversation: string) => (key: string) => string
  /** Any message entry, conversation included (migration, repair); undefined when it does not parse or open. */
  parse: (key: string, stored: Uint8Array) => MessageRecord | undefined
  encodeIdEntry: (key: string, timestamp: number) => Uint8Array
  decodeIdEntry: (key: string, stored: Uint8Array) => number
  encodeCursor: (key: string) => string
  decodeCursor: (conversation: string, cursor: unknown) => string
  kv: (name: SublevelName) => BytesSublevel
  kvKey: (name: SublevelName, key: string) => string
  encodeKv: (name: SublevelName, storedKey: string, key: string, value: Uint8Array) => Uint8Array
  decodeKv: (name: SublevelName, storedKey: string, stored: Uint8Array) => [string, Uint8Array]
  kvScan: (name: SublevelName, prefix: string) => KvScan
}

const ascii = new TextEncoder()
const text = new TextDecoder()
const TAIL = new RegExp(`^(.*)\\x00([0-9a-f]{${TIMESTAMP_DIGITS}})\\x00([0-9a-f]{64})$`, 's')

/**
 * classic-level hands out Buffers; callers get plain Uint8Arrays in every
 * runtime (a view over the same memory, no copy).
 */
export function plain (bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/**
 * At most `limit` entries of `sublevel` from `gte` up to `lt`, last first. They are read from the
 * root database under the sublevel's prefix, as write-ahead.ts writes them: abstract-level's
 * sublevel iterator wraps a second iterator and adds a promise per read, an eighth of a page's
 * read time (bench/README.md, history).
 */
export async function readLast (sublevel: BytesSublevel, gte: string, lt: string, limit: number): Promise<Array<[string, Uint8Array]>> {
  const prefix = sublevel.prefix
  const entries = await sublevel.db.iterator({ gte: prefix + gte, lt: prefix + lt, reverse: true, limit, keyEncoding: 'utf8', valueEncoding: 'view' }).all()
  for (const entry of entries) entry[0] = entry[0].slice(prefix.length)
  return entries
}

/** The sublevels of a layout whose names start with `prefix` ('' for the clear layout, 'x-' for the sealed one). */
export function layoutSublevels (db: LevelDatabase, prefix: string): { messages: BytesSublevel, ids: BytesSublevel, kv: Map<SublevelName, BytesSublevel> } {
  const open = (name: string): BytesSublevel => db.sublevel<string, Uint8Array>(prefix + name, { keyEncoding: 'utf8', valueEncoding: 'view' })
  return { messages: open('messages'), ids: open('message-ids'), kv: new Map(SUBLEVEL_NAMES.map((name) => [name, open(name)])) }
}

/** The clear layout: keys as keys.ts lays them out, values stored as given. */
export function clearLayout (db: LevelDatabase): Layout {
  const { messages, ids, kv } = layoutSublevels(db, '')
  return {
    encrypted: false,
    messages,
    ids,
    sublevels: [messages, ids, ...kv.values()],
    conversationStart,
    conversationEnd,
    timeBound,
    messageKey,
    idKey,
    encodeMessage: (_key, record) => record.value,
    reader: (conversation) => {
      const offset = tailOffset(conversation)
      return (entries) => entries.map(([key, stored]) => ({ conversation, id: keyId(key, offset), timestamp: keyTimestamp(key, offset), value: plain(stored) }))
    },
    keyReader: (conversation) => {
      const offset = tailOffset(conversation)
      return (key) => keyId(key, offset)
    },
    parse: (key, stored) => {
      const m = TAIL.exec(key)
      if (m === null) return undefined
      const timestamp = decodeTimestamp(m[2])
      return timestamp > MAX_TIMESTAMP ? undefined : { conversation: m[1], id: m[3], timestamp, value: plain(stored) }
    },
    encodeIdEntry: (_key, timestamp) => ascii.encode(encodeTimestamp(timestamp)),
    decodeIdEntry: (key, stored) => {
      const encoded = text.decode(stored)
      if (!/^[0-9a-f]{13}$/.test(encoded)) throw new CorruptRecordError(`the id index entry ${JSON.stringify(key)} is damaged`)
      return decodeTimestamp(encoded)
    },
    encodeCursor,
    decodeCursor,
    kv: (name) => kv.get(name) as BytesSublevel,
    kvKey: (_name, key) => key,
    encodeKv: (_name, _storedKey, _key, value) => value,
    decodeKv: (_name, storedKey, stored) => [storedKey, plain(stored)],
    kvScan: (_name, prefix) => prefix === '' ? { ordered: true } : { gte: prefix, ordered: true }
  }
}
