/** Sizes and limits of backups (format.ts) and exports. Each limit has its typed error. */
import type { SublevelName } from '../store/index.js'

/** Magic bytes that open a backup file, as ASCII. */
export const BACKUP_MAGIC = 'PARLEYBK'
/**
 * The backup format this version writes; a newer one is refused with BackupVersionError.
 * 2 added kept files (their `files` records, blobs and chunks): a version-1 reader meeting them
 * would call the file damaged, so it is told "newer format" by the prefix instead.
 */
export const BACKUP_FORMAT_VERSION = 2
/** The oldest format this version still reads (1: no files). */
export const OLDEST_BACKUP_FORMAT_VERSION = 1
/** Plain bytes before the sealed stream: the magic and the format version. */
export const BACKUP_PREFIX_LENGTH = BACKUP_MAGIC.length + 1

/** Plaintext gathered into one chunk before it is sealed (a record larger than this gets a chunk of its own). */
export const CHUNK_TARGET_BYTES = 64 * 1024
/** Largest record: far above any stored value (DM frames and envelopes are 64 KiB at most). */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024
/**
 * Largest sealed chunk a reader accepts: a writer closes a chunk once it reaches CHUNK_TARGET_BYTES,
 * so at most that, one largest record and its length prefix, the checksum and the AEAD's bytes.
 */
export const MAX_SEALED_CHUNK_BYTES = CHUNK_TARGET_BYTES + MAX_RECORD_BYTES + 4 + 32 + 17

/**
 * A restore commits a transaction (one LevelDB batch) once it holds this many
 * records or RESTORE_BATCH_BYTES of values, whichever comes first. Small
 * batches keep memory flat: with 512 records a batch's objects lived through
 * the write, were promoted to V8's old space, and the heap's reserve grew
 * with the profile (161 MiB of heap for 40 MiB live at 1,000,000 messages).
 */
export const RESTORE_BATCH = 64
/** Bytes of record values per restore batch (see RESTORE_BATCH). */
export const RESTORE_BATCH_BYTES = 256 * 1024

/**
 * The key-value sublevels a backup holds, in the order written. `sessions`
 * is filtered: Double Ratchet sessions (`peer:*`) and our prekey secrets
 * (`prekeys`) are never backed up (a restored ratchet or prekey would reuse
 * keys); message requests (`request:*`) are. The `search` index is left
 * out: it is derived from the history and rebuilt from it after a restore.
 */
export const BACKUP_SUBLEVELS: readonly SublevelName[] = ['identity', 'settings', 'contacts', 'rooms', 'sessions', 'outbox', 'mailbox']

/**
 * Where the file records go: after the sublevels above, each followed by its blob when the file
 * is kept and complete (backup-files.ts). Not in BACKUP_SUBLEVELS: written by its own pass.
 */
export const FILES_SUBLEVEL: SublevelName = 'files'

/** Every sublevel a restore writes: BACKUP_SUBLEVELS and the file records. */
export const RESTORE_SUBLEVELS: readonly SublevelName[] = [...BACKUP_SUBLEVELS, FILES_SUBLEVEL]

/** Whether a `sessions` key holds key material that is never backed up. */
export const isSessionSecret = (key: string): boolean => key === 'prekeys' || key.startsWith('peer:')

/**
 * The settings key a restore leaves: the peer tells every contact that its
 * sessions were reset at its next start (dm-service.ts), then deletes it.
 */
export { SESSION_RESET_KEY } from '../dm/constants.js'
