/**
 * The sealed layout: what a profile with a passphrase stores. Nothing in a
 * key or value names a contact, room or message, and every value is sealed
 * (XChaCha20-Poly1305 under the profile's data key, the storage key as
 * associated data: a value moved to another key does not open).
 *
 * Names (lower-case hex of keyed BLAKE2b, see @parley/crypto record-box):
 * - C = name('c', conversation), 16 bytes
 * - I = name('i', conversation \x00 id), 16 bytes
 * - T = timestamp + offset(conversation), 14 hex digits: the offset is a
 *   secret per conversation in 0..2^52, so keys keep time order inside a
 *   conversation (a page is still one reverse range read) while the stored
 *   number says nothing of the date and nothing across conversations.
 *
 * | sublevel          | key     | sealed value                              |
 * |-------------------|---------|-------------------------------------------|
 * | `x-messages`      | C T I   | u16 length ‖ conversation ‖ id (32) ‖ value |
 * | `x-message-ids`   | C I     | timestamp (float64)                       |
 * | `x-<kv name>`     | B K     | u16 length ‖ key ‖ value                  |
 *
 * B = name('b', sublevel \x00 bucket) and K = name('k', sublevel \x00 key),
 * where the bucket is the key up to its first ':' or '\x00' (the whole key
 * if it has neither): a listing by a prefix that ends in a bucket reads
 * that bucket only, then sorts in memory.
 */
import { toHex, type RecordBox } from '@parley/crypto'
import { CorruptRecordError, InvalidCursorError } from './errors.js'
import { layoutSublevels } from './layout.js'
import type { BytesSublevel, LevelDatabase, Layout, MessageReader } from './layout.js'
import type { SublevelName } from './types.js'

const NAME_BYTES = 16
const NAME_DIGITS = 2 * NAME_BYTES
const TIME_DIGITS = 14
const ID_BYTES = 32
const CACHE_LIMIT = 4096
const KEY = new RegExp(`^[0-9a-f]{${2 * NAME_DIGITS + TIME_DIGITS}}$`)
const utf8 = new TextEncoder()
const text = new TextDecoder('utf-8', { fatal: true })

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')
const ascii = new TextDecoder()

/** Writes `bytes` as lower-case hex digits into `out` from `at`. */
function writeHex (bytes: Uint8Array, from: number, to: number, out: Uint8Array, at: number): void {
  for (let i = from; i < to; i++) {
    out[at++] = HEX_DIGITS[bytes[i] >> 4]
    out[at++] = HEX_DIGITS[bytes[i] & 15]
  }
}

/**
 * The id and value of each opened message plaintext (u16 length ‖ conversation ‖ id ‖ value).
 * The ids are hex-encoded side by side and decoded in one call: a page reads 50 of them.
 */
function idsAndValues (opened: Array<Uint8Array | undefined>): { ids: string[], values: Uint8Array[] } {
  const hex = new Uint8Array(2 * ID_BYTES * opened.length)
  const values = new Array<Uint8Array>(opened.length)
  for (let i = 0; i < opened.length; i++) {
    const plaintext = opened[i]
    if (plaintext === undefined) throw new CorruptRecordError('a sealed message does not open (damaged or altered)')
    const idAt = plaintext.length < 2 ? Infinity : 2 + ((plaintext[0] << 8) | plaintext[1])
    if (plaintext.length < idAt + ID_BYTES) throw new CorruptRecordError('a sealed message is malformed')
    writeHex(plaintext, idAt, idAt + ID_BYTES, hex, 2 * ID_BYTES * i)
    values[i] = plaintext.subarray(idAt + ID_BYTES)
  }
  const all = ascii.decode(hex)
  return { ids: values.map((_, i) => all.slice(2 * ID_BYTES * i, 2 * ID_BYTES * (i + 1))), values }
}

/** The bucket of a key-value key: up to and including its first ':' or '\x00'. */
export function bucketOf (key: string): string | undefined {
  const colon = key.indexOf(':')
  const nul = key.indexOf('\x00')
  const at = colon < 0 ? nul : nul < 0 ? colon : Math.min(colon, nul)
  return at < 0 ? undefined : key.slice(0, at + 1)
}

function framed (head: Uint8Array, ...rest: Uint8Array[]): Uint8Array {
  const length = 2 + head.length + rest.reduce((n, r) => n + r.length, 0)
  const out = new Uint8Array(length)
  out[0] = head.length >> 8
  out[1] = head.length & 0xff
  out.set(head, 2)
  let at = 2 + head.length
  for (const r of rest) {
    out.set(r, at)
    at += r.length
  }
  return out
}

/** Splits a framed plaintext into its head and the rest; undefined when the length does not fit. */
function unframe (plaintext: Uint8Array): [Uint8Array, Uint8Array] | undefined {
  if (plaintext.length < 2) return undefined
  const n = (plaintext[0] << 8) | plaintext[1]
  if (plaintext.length < 2 + n) return undefined
  return [plaintext.subarray(2, 2 + n), plaintext.subarray(2 + n)]
}

/** The sealed layout under one data key's record box. */
export function sealedLayout (db: LevelDatabase, box: RecordBox): Layout {
  const { messages, ids, kv } = layoutSublevels(db, 'x-')
  const names = new Map<string, string>()
  const offsets = new Map<string, number>()
  const name = (label: string, value: string): string => {
    const cacheKey = `${label}\x00${value}`
    let found = names.get(cacheKey)
    if (found === undefined) {
      if (names.size >= CACHE_LIMIT) names.clear()
      found = toHex(box.name(label, value, NAME_BYTES))
      names.set(cacheKey, found)
    }
    return found
  }
  const conv = (conversation: string): string => name('c', conversation)
  const offset = (conversation: string): number => {
    let found = offsets.get(conversation)
    if (found === undefined) {
      if (offsets.size >= CACHE_LIMIT) offsets.clear()
      const b = box.name('o', conversation, 7)
      found = (b[0] & 0x0f) * 2 ** 48 + b[1] * 2 ** 40 + b[2] * 2 ** 32 + b[3] * 2 ** 24 + ((b[4] << 16) | (b[5] << 8) | b[6])
      offsets.set(conversation, found)
    }
    return found
  }
  const time = (conversation: string, timestamp: number): string => (timestamp + offset(conversation)).toString(16).padStart(TIME_DIGITS, '0')
  const idName = (conversation: string, id: string): string => toHex(box.name('i', `${conversation}\x00${id}`, NAME_BYTES))
  const open = (ad: string, stored: Uint8Array, what: string): Uint8Array => {
    const plaintext = box.open(ad, stored)
    if (plaintext === undefined) throw new CorruptRecordError(`a sealed ${what} does not open (damaged or altered)`)
    return plaintext
  }
  const kvName = (sublevel: SublevelName, label: string, value: string): string => name(label, `${sublevel}\x00${value}`)
  const reader = (conversation: string): MessageReader => {
    const shift = offset(conversation)
    // A page's records open in one call (RecordBox.openAll).
    return (entries) => {
      const opened = idsAndValues(box.openAll(entries.map(([key]) => 'm' + key), entries.map(([, stored]) => stored)))
      return entries.map(([key], i) => ({ conversation, id: opened.ids[i], timestamp: parseInt(key.slice(NAME_DIGITS, NAME_DIGITS + TIME_DIGITS), 16) - shift, value: opened.values[i] }))
    }
  }
  return {
    encrypted: true,
    messages,
    ids,
    sublevels: [messages, ids, ...kv.values()],
    conversationStart: conv,
    // Every key character after C is a hex digit, which sorts before 'g'.
    conversationEnd: (conversation) => conv(conversation) + 'g',
    timeBound: (conversation, timestamp) => conv(conversation) + time(conversation, timestamp),
    messageKey: (conversation, timestamp, id) => conv(conversation) + time(conversation, timestamp) + idName(conversation, id),
    idKey: (conversation, id) => conv(conversation) + idName(conversation, id),
    encodeMessage: (key, record) => box.seal('m' + key, framed(utf8.encode(record.conversation), hexBytes(record.id), record.value)),
    reader,
    parse: (key, stored) => {
      try {
        const plaintext = box.open('m' + key, stored)
        const parts = plaintext === undefined ? undefined : unframe(plaintext)
        if (parts === undefined) return undefined
        const c = text.decode(parts[0])
        const { ids: [id], values: [value] } = idsAndValues([plaintext])
        return { conversation: c, id, timestamp: parseInt(key.slice(NAME_DIGITS, NAME_DIGITS + TIME_DIGITS), 16) - offset(c), value }
      } catch {
        return undefined
      }
    },
    encodeIdEntry: (key, timestamp) => {
      const bytes = new Uint8Array(8)
      new DataView(bytes.buffer).setFloat64(0, timestamp)
      return box.seal('i' + key, bytes)
    },
    decodeIdEntry: (key, stored) => {
      const bytes = open('i' + key, stored, 'index entry')
      if (bytes.length !== 8) throw new CorruptRecordError('a sealed index entry is malformed')
      return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0)
    },
    encodeCursor: (key) => key,
    decodeCursor: (conversation, cursor) => {
      if (typeof cursor !== 'string' || !KEY.test(cursor)) throw new InvalidCursorError('cursor is not one this store handed out')
      if (!cursor.startsWith(conv(conversation))) throw new InvalidCursorError('cursor belongs to another conversation')
      return cursor
    },
    kv: (sublevel) => kv.get(sublevel) as BytesSublevel,
    kvKey: (sublevel, key) => kvName(sublevel, 'b', bucketOf(key) ?? key) + kvName(sublevel, 'k', key),
    encodeKv: (sublevel, storedKey, key, value) => box.seal(`k${sublevel}\x00${storedKey}`, framed(utf8.encode(key), value)),
    decodeKv: (sublevel, storedKey, stored) => {
      const parts = unframe(open(`k${sublevel}\x00${storedKey}`, stored, `${sublevel} entry`))
      if (parts === undefined) throw new CorruptRecordError(`a sealed ${sublevel} entry is malformed`)
      return [text.decode(parts[0]), parts[1]]
    },
    kvScan: (sublevel, prefix) => {
      const bucket = bucketOf(prefix)
      if (bucket === undefined) return { ordered: false }
      const b = kvName(sublevel, 'b', bucket)
      return { gte: b, lt: b + 'g', ordered: false }
    }
  }
}

function hexBytes (id: string): Uint8Array {
  const out = new Uint8Array(id.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(id.slice(2 * i, 2 * i + 2), 16)
  return out
}
