/**
 * Writing a backup (format.ts) from a profile store, streamed: records are
 * read through the store's public API (kv entries, history conversations and
 * ranges; each iterator reads its own snapshot), gathered into chunks of
 * about CHUNK_TARGET_BYTES and sealed one at a time, so memory stays flat
 * whatever the history's size. A running peer backs up its own open store
 * this way without stopping.
 */
import { StreamSealer, type KeyStoreParams } from '@parley/crypto'
import { BACKUP_FORMAT_VERSION, BACKUP_SUBLEVELS, isSessionSecret } from './constants.js'
import { backupPrefix, frame, RecordPacker } from './format.js'
import { fileRecords } from './backup-files.js'
import type { BackupRecord } from '../pb/archive.js'
import type { BlobStore } from '../files/blob-store.js'
import type { ProfileStore } from '../store/index.js'

/** Options of {@link backupStream}. */
export interface BackupInit {
  /** Seals the backup (Argon2id + secretstream). */
  passphrase: string
  /** The profile's PeerId and nickname, recorded in the backup's first record. */
  peerId: string
  nick: string
  /** Argon2id costs (default: the key store's). */
  keyStore?: KeyStoreParams
  /** The backup's time (default now). */
  now?: number
  /** The profile's blob store: kept files' blobs go into the backup (without it, file records only). */
  blobs?: BlobStore
}

/** How many records of each kind a backup holds. */
export interface BackupCounts {
  entries: number
  messages: number
  conversations: number
  /** Kept files whose blobs the backup holds, and their chunks. */
  blobs: number
  chunks: number
}

/** What a backup held. */
export interface BackupSummary extends BackupCounts {
  /** Bytes of the backup file. */
  bytes: number
}

/** The records of a backup in order: meta, key-value entries (no session secrets), file records with kept files' blobs, every message, end. */
async function * records (store: ProfileStore, init: BackupInit, counts: BackupCounts): AsyncGenerator<BackupRecord> {
  yield { meta: { format: BACKUP_FORMAT_VERSION, peerId: init.peerId, nick: init.nick, createdAt: BigInt(init.now ?? Date.now()), sealed: store.encrypted } }
  for (const sublevel of BACKUP_SUBLEVELS) {
    for await (const [key, value] of store.kv(sublevel).entries()) {
      if (sublevel === 'sessions' && isSessionSecret(key)) continue
      counts.entries++
      yield { entry: { sublevel, key, value: value as Uint8Array<ArrayBuffer> } }
    }
  }
  yield * fileRecords(store, init.blobs, counts)
  for await (const conversation of store.history.conversations()) {
    counts.conversations++
    for await (const m of store.history.range(conversation)) {
      counts.messages++
      yield { message: { conversation, id: m.id, timestamp: BigInt(m.timestamp), value: m.value as Uint8Array<ArrayBuffer> } }
    }
  }
}

/**
 * The bytes of a backup of `store`, in order: write each to the file as it
 * comes. `summary`, when given, is filled in once the last bytes are out.
 */
export async function * backupStream (store: ProfileStore, init: BackupInit, summary?: BackupSummary): AsyncGenerator<Uint8Array> {
  const prefix = backupPrefix()
  const sealer = new StreamSealer(init.passphrase, init.keyStore, prefix)
  let bytes = prefix.length + sealer.header.length
  yield prefix
  yield sealer.header
  const counts: BackupCounts = { entries: 0, messages: 0, conversations: 0, blobs: 0, chunks: 0 }
  const packer = new RecordPacker()
  for await (const record of records(store, init, counts)) {
    // The meta record has the first chunk to itself: a wrong passphrase shows on that small chunk,
    // and an altered byte anywhere after it is told apart as BackupCorruptError.
    const chunk = record.meta !== undefined ? (packer.add(record) ?? packer.take()) : packer.add(record)
    if (chunk === undefined) continue
    const sealed = frame(sealer.seal(chunk))
    bytes += sealed.length
    yield sealed
  }
  const end = { entries: BigInt(counts.entries), messages: BigInt(counts.messages), conversations: counts.conversations, blobs: counts.blobs, chunks: BigInt(counts.chunks) }
  const last = frame(sealer.final(packer.add({ end }) ?? packer.take()))
  bytes += last.length
  yield last
  if (summary !== undefined) Object.assign(summary, { ...counts, bytes })
}
