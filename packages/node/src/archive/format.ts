/**
 * The backup file format, version 2 (integers big-endian; version 1 is the same without files):
 *
 * | bytes | field                                                                  |
 * |-------|------------------------------------------------------------------------|
 * | 8     | magic "PARLEYBK"                                                       |
 * | 1     | backup format version (2; 1 still read), read before any passphrase is asked for |
 * | 54    | sealed-stream header (@parley/crypto sealed-stream.ts: Argon2id costs, salt, secretstream header) |
 * | …     | frames: u32 length L, then L bytes of one sealed chunk                 |
 *
 * Every chunk is authenticated with the first 9 bytes and the stream header
 * as associated data; secretstream numbers the chunks and marks the last one
 * final, whose plaintext also carries the BLAKE2b-256 checksum of the whole
 * plaintext. A file that ends before the final chunk is a truncated backup.
 *
 * A chunk's plaintext is whole records, each a u32 length and an encoded
 * BackupRecord (pb/archive.proto): one `meta` first, then key-value
 * `entry`s, then the `files` entries (each file record, followed when the
 * file is kept and complete by one `blob` record and its `chunk` records,
 * index 0 first: backup-files.ts), then every `message`, and one `end` (the
 * counts) last, in the final chunk.
 */
import { BACKUP_FORMAT_VERSION, OLDEST_BACKUP_FORMAT_VERSION, BACKUP_MAGIC, BACKUP_PREFIX_LENGTH, CHUNK_TARGET_BYTES, MAX_RECORD_BYTES, MAX_SEALED_CHUNK_BYTES } from './constants.js'
import { BackupCorruptError, BackupRecordTooLargeError, BackupTruncatedError, BackupVersionError, NotABackupError } from './errors.js'
import { BackupRecord } from '../pb/archive.js'
import { Uint8ArrayList } from 'uint8arraylist'

const MAGIC = new TextEncoder().encode(BACKUP_MAGIC)

/** The plain prefix of a backup of the current format. */
export function backupPrefix (): Uint8Array {
  const prefix = new Uint8Array(BACKUP_PREFIX_LENGTH)
  prefix.set(MAGIC, 0)
  prefix[MAGIC.length] = BACKUP_FORMAT_VERSION
  return prefix
}

/** Whether this version reads backups of format `version`. */
export const readsFormat = (version: number): boolean => version >= OLDEST_BACKUP_FORMAT_VERSION && version <= BACKUP_FORMAT_VERSION

/** Checks a file's plain prefix: NotABackupError, or BackupVersionError for a newer (or unknown) format. */
export function checkPrefix (prefix: Uint8Array): void {
  if (prefix.length < BACKUP_PREFIX_LENGTH || !MAGIC.every((b, i) => prefix[i] === b)) throw new NotABackupError('this file is not a Parley backup')
  const version = prefix[MAGIC.length]
  if (!readsFormat(version)) throw new BackupVersionError(version, BACKUP_FORMAT_VERSION)
}

/** A u32 length, then the bytes. */
export function frame (bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length)
  new DataView(out.buffer).setUint32(0, bytes.length)
  out.set(bytes, 4)
  return out
}

/** Gathers encoded records into chunks of about CHUNK_TARGET_BYTES. */
export class RecordPacker {
  readonly #pending = new Uint8ArrayList()

  /** Adds a record; returns a full chunk's plaintext when one is ready. */
  add (record: BackupRecord): Uint8Array | undefined {
    const encoded = BackupRecord.encode(record)
    if (encoded.length > MAX_RECORD_BYTES) throw new BackupRecordTooLargeError(`a record of ${encoded.length} bytes is over ${MAX_RECORD_BYTES}`)
    this.#pending.append(frame(encoded))
    return this.#pending.byteLength >= CHUNK_TARGET_BYTES ? this.take() : undefined
  }

  /** The records gathered so far, as one chunk's plaintext. */
  take (): Uint8Array {
    const chunk = this.#pending.subarray()
    this.#pending.consume(this.#pending.byteLength)
    return chunk
  }
}

/** The records of one chunk's plaintext, each within MAX_RECORD_BYTES and decoded; BackupCorruptError otherwise. */
export function * parseRecords (plaintext: Uint8Array): Generator<BackupRecord> {
  const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength)
  let at = 0
  while (at < plaintext.length) {
    if (at + 4 > plaintext.length) throw new BackupCorruptError('a record length is cut')
    const length = view.getUint32(at)
    if (length > MAX_RECORD_BYTES || at + 4 + length > plaintext.length) throw new BackupCorruptError(`a record of ${length} bytes does not fit its chunk`)
    let record: BackupRecord
    try {
      record = BackupRecord.decode(plaintext.subarray(at + 4, at + 4 + length))
    } catch (err) {
      throw new BackupCorruptError(`a record does not decode: ${(err as Error).message}`)
    }
    const set = [record.meta, record.entry, record.message, record.end, record.blob, record.chunk].filter((f) => f !== undefined).length
    if (set !== 1) throw new BackupCorruptError('a record must hold exactly one of meta, entry, message, end, blob, chunk')
    yield record
    at += 4 + length
  }
}

/** Reads exact byte counts from a stream of byte chunks (a file, a Blob's stream). */
export class ByteReader {
  readonly #source: AsyncIterator<Uint8Array> | Iterator<Uint8Array>
  readonly #buffer = new Uint8ArrayList()
  #ended = false

  constructor (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.#source = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]()
  }

  /** Exactly `n` bytes; undefined at a clean end (no byte left); `short` is thrown when the stream ends part-way. */
  async read (n: number, short: () => Error): Promise<Uint8Array | undefined> {
    while (this.#buffer.byteLength < n && !this.#ended) {
      const next = await this.#source.next()
      if (next.done === true) this.#ended = true
      else this.#buffer.append(next.value)
    }
    if (this.#buffer.byteLength === 0 && this.#ended) return undefined
    if (this.#buffer.byteLength < n) throw short()
    const bytes = this.#buffer.subarray(0, n)
    this.#buffer.consume(n)
    return bytes
  }

  /** Stops reading the source (closes a file stream). */
  async close (): Promise<void> {
    await this.#source.return?.()
  }
}

/** The next sealed chunk's bytes, undefined at a clean end of file; typed errors for a cut or oversized frame. */
export async function readFrame (reader: ByteReader): Promise<Uint8Array | undefined> {
  const truncated = (): Error => new BackupTruncatedError('the backup ends in the middle of a chunk: it is incomplete')
  const head = await reader.read(4, truncated)
  if (head === undefined) return undefined
  const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0)
  if (length > MAX_SEALED_CHUNK_BYTES) throw new BackupCorruptError(`a chunk of ${length} bytes is over ${MAX_SEALED_CHUNK_BYTES}`)
  const body = await reader.read(length, truncated)
  if (body === undefined) throw truncated()
  return body
}
