/**
 * Reading a backup (format.ts), streamed: {@link readBackup} checks the
 * prefix, opens chunk after chunk and yields the records in order, checking
 * their order and, at the end, their counts; {@link restoreInto} writes them
 * into an empty profile store in batches. Nothing is trusted before it
 * authenticates, and every bad input has its typed error: NotABackupError,
 * BackupVersionError, WrongPassphraseError, BackupTruncatedError,
 * BackupCorruptError.
 *
 * Records reach the caller before the end of the file is checked: a caller
 * that must change nothing on a bad file restores into a new place and
 * keeps it only once the whole file checked out (node/archive-files.ts
 * restores into a temporary directory and renames it).
 */
import { CorruptSealedStreamError, SEALED_STREAM_HEADER_LENGTH, SealedStreamVersionError, StreamOpener, type KeyStoreParams } from '@parley/crypto'
import { BACKUP_FORMAT_VERSION, BACKUP_PREFIX_LENGTH, isSessionSecret, RESTORE_SUBLEVELS, RESTORE_BATCH, RESTORE_BATCH_BYTES, SESSION_RESET_KEY } from './constants.js'
import { BackupCorruptError, BackupTruncatedError, BackupVersionError, NotABackupError } from './errors.js'
import { ByteReader, checkPrefix, parseRecords, readFrame, readsFormat } from './format.js'
import { BlobRestorer } from './restore-files.js'
import type { BackupCounts } from './backup.js'
import type { BackupMeta, BackupRecord } from '../pb/archive.js'
import type { BlobStore } from '../files/blob-store.js'
import type { ProfileStore, SublevelName, Transaction } from '../store/index.js'

/** What a restore brought back. */
export interface RestoreSummary extends BackupCounts {
  peerId: string
  nick: string
  /** When the backup was made (ms since the epoch). */
  createdAt: number
}

/** Crypto's stream errors as backup errors; anything else unchanged. */
function translate (err: unknown): unknown {
  const name = (err as Error | null)?.name
  if (name === SealedStreamVersionError.name) return new BackupVersionError((err as SealedStreamVersionError).found, BACKUP_FORMAT_VERSION)
  if (name === CorruptSealedStreamError.name) return new BackupCorruptError((err as Error).message)
  return err
}

/** Opens a backup's sealed stream: its prefix and header read and checked, the key derived. */
async function openStream (reader: ByteReader, passphrase: string): Promise<StreamOpener> {
  const notABackup = (): Error => new NotABackupError('this file is not a Parley backup (too short)')
  const prefix = await reader.read(BACKUP_PREFIX_LENGTH, notABackup)
  if (prefix === undefined) throw notABackup()
  checkPrefix(prefix)
  const cut = (): Error => new BackupTruncatedError('the backup ends inside its header')
  const header = await reader.read(SEALED_STREAM_HEADER_LENGTH, cut)
  if (header === undefined) throw cut()
  try {
    return new StreamOpener(header, passphrase, prefix)
  } catch (err) {
    throw translate(err)
  }
}

/** Checks the records' order as they come: meta first, each blob's chunks right after it, end last, and the counts the end states. */
class RecordOrder {
  readonly counts: BackupCounts = { entries: 0, messages: 0, conversations: 0, blobs: 0, chunks: 0 }
  meta: BackupMeta | undefined
  #ended = false
  #conversation: string | undefined
  /** Chunks the open blob still owes. */
  #owed = 0

  next (record: BackupRecord, final: boolean): void {
    if (this.#ended) throw new BackupCorruptError('a record after the end record')
    if (this.meta === undefined) {
      if (record.meta === undefined) throw new BackupCorruptError('the backup does not start with its meta record')
      if (!readsFormat(record.meta.format)) throw new BackupVersionError(record.meta.format, BACKUP_FORMAT_VERSION)
      this.meta = record.meta
      return
    }
    if (record.meta !== undefined) throw new BackupCorruptError('a second meta record')
    if (record.chunk !== undefined) {
      if (this.#owed === 0) throw new BackupCorruptError('a chunk outside a blob')
      this.#owed--
      this.counts.chunks++
      return
    }
    if (this.#owed > 0) throw new BackupCorruptError('a blob cut short by another record')
    if (record.blob !== undefined) {
      if (record.blob.count < 1) throw new BackupCorruptError('a blob of no chunks')
      this.#owed = record.blob.count
      this.counts.blobs++
      return
    }
    if (record.entry !== undefined) this.counts.entries++
    if (record.message !== undefined) {
      this.counts.messages++
      if (record.message.conversation !== this.#conversation) this.counts.conversations++
      this.#conversation = record.message.conversation
    }
    if (record.end === undefined) return
    if (!final) throw new BackupCorruptError('the end record is not in the final chunk')
    this.#ended = true
    const { entries, messages, conversations, blobs, chunks } = record.end
    if (entries !== BigInt(this.counts.entries) || messages !== BigInt(this.counts.messages) || conversations !== this.counts.conversations ||
      blobs !== this.counts.blobs || chunks !== BigInt(this.counts.chunks)) {
      throw new BackupCorruptError('the backup\'s counts do not match its records')
    }
  }

  /** Throws unless the end record was seen. */
  finish (): void {
    if (!this.#ended) throw new BackupCorruptError('the final chunk holds no end record')
  }
}

/**
 * The records of a backup, in order, each once it authenticated. Throws the
 * typed error of the first problem met; returns only after the final chunk,
 * its checksum and the counts checked out.
 */
export async function * readBackup (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, passphrase: string, onMeta?: (meta: BackupMeta) => void): AsyncGenerator<BackupRecord> {
  const reader = new ByteReader(source)
  try {
    const opener = await openStream(reader, passphrase)
    const order = new RecordOrder()
    while (true) {
      const sealed = await readFrame(reader)
      if (sealed === undefined) break
      if (opener.done) throw new BackupCorruptError('data after the final chunk')
      let opened: { plaintext: Uint8Array, final: boolean }
      try {
        opened = opener.open(sealed)
      } catch (err) {
        throw translate(err)
      }
      for (const record of parseRecords(opened.plaintext)) {
        order.next(record, opened.final)
        if (record.meta !== undefined) onMeta?.(record.meta)
        yield record
      }
    }
    if (!opener.done) throw new BackupTruncatedError('the backup ends before its final chunk: it is incomplete')
    order.finish()
  } finally {
    await reader.close()
  }
}

/** Adds one record to the transaction being gathered; session secrets are never restored. Returns the bytes added (0: none). */
function apply (tx: Transaction, record: BackupRecord): number {
  const { entry, message } = record
  if (entry !== undefined) {
    if (!RESTORE_SUBLEVELS.includes(entry.sublevel as SublevelName)) throw new BackupCorruptError(`an entry of unknown sublevel ${entry.sublevel.slice(0, 40)}`)
    if (entry.sublevel === 'sessions' && isSessionSecret(entry.key)) return 0
    tx.put(entry.sublevel as SublevelName, entry.key, entry.value)
    return entry.key.length + entry.value.length
  }
  if (message !== undefined) {
    if (message.timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw new BackupCorruptError('a message time out of range')
    tx.append({ conversation: message.conversation, id: message.id, timestamp: Number(message.timestamp), value: message.value })
    return message.conversation.length + message.id.length + message.value.length
  }
  return 0
}

async function commit (tx: Transaction): Promise<void> {
  try {
    await tx.commit()
  } catch (err) {
    if ((err as Error).name === 'InvalidRecordError') throw new BackupCorruptError(`a record the store refuses: ${(err as Error).message}`)
    throw err
  }
}

/**
 * Restores a backup into `store`, which should be empty (the caller checks):
 * every key-value entry and message, then the session-reset marker (the peer
 * starts fresh sessions and tells its contacts at its next start). Without an
 * identity in the backup it is BackupCorruptError. A sealed profile's backup
 * is sealed again under `passphrase`, with `keyStore`'s Argon2id costs.
 * Kept files' blobs go into `blobs`, which should be the new profile's own
 * (restore-files.ts); without it they are left out and their files fetched
 * again when saved. The summary's `blobs` counts the blobs restored.
 */
export async function restoreInto (store: ProfileStore, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, passphrase: string, keyStore?: KeyStoreParams, blobs?: BlobStore): Promise<RestoreSummary> {
  let meta: BackupMeta | undefined
  let identity = false
  let tx = store.transaction()
  let pending = 0
  let pendingBytes = 0
  const counts: BackupCounts = { entries: 0, messages: 0, conversations: 0, blobs: 0, chunks: 0 }
  const restorer = new BlobRestorer(blobs)
  let last: string | undefined
  for await (const record of readBackup(source, passphrase, (m) => { meta = m })) {
    if (record.blob !== undefined) {
      counts.blobs++
      await restorer.blob(record.blob)
      continue
    }
    if (record.chunk !== undefined) {
      counts.chunks++
      await restorer.chunk(record.chunk)
      continue
    }
    if (record.entry?.sublevel === 'identity' && record.entry.key === 'self') identity = true
    if (record.message !== undefined && record.message.conversation !== last) {
      last = record.message.conversation
      counts.conversations++
    }
    if (record.entry !== undefined) counts.entries++
    if (record.message !== undefined) counts.messages++
    const bytes = apply(tx, record)
    if (bytes === 0) continue
    pendingBytes += bytes
    if (++pending < RESTORE_BATCH && pendingBytes < RESTORE_BATCH_BYTES) continue
    await commit(tx)
    tx = store.transaction()
    pending = 0
    pendingBytes = 0
  }
  if (!identity) throw new BackupCorruptError('the backup holds no identity')
  tx.put('settings', SESSION_RESET_KEY, new TextEncoder().encode(String(Date.now())))
  await commit(tx)
  await restorer.finish(store)
  counts.blobs -= restorer.dropped.size
  const m = meta as BackupMeta
  // A sealed profile's identity sits inside the sealed store in plain form: restored, it is sealed again.
  if (m.sealed) await store.setPassphrase(passphrase, keyStore)
  return { ...counts, peerId: m.peerId, nick: m.nick, createdAt: Number(m.createdAt) }
}
