/** Typed errors of backups, restores and exports. Tell them apart by `err.name`. */
import { named } from '../errors.js'

/** The file is not a Parley backup (no magic, or too short to hold a header). */
export class NotABackupError extends named('NotABackupError') {}

/** A backup written by a newer Parley, in a format this version does not read. */
export class BackupVersionError extends named('BackupVersionError') {
  /** The file's format version. */
  readonly found: number
  /** The newest version this code reads. */
  readonly supported: number
  constructor (found: number, supported: number) {
    super(`the backup has format version ${found}; this Parley reads version ${supported} (update Parley to restore it)`)
    this.found = found
    this.supported = supported
  }
}

/** A backup whose bytes were changed, reordered or damaged after it was written (a chunk fails authentication, a record does not decode, the checksum or the counts do not match). */
export class BackupCorruptError extends named('BackupCorruptError') {}

/** A backup that ends before its final chunk: an interrupted copy or a cut file. */
export class BackupTruncatedError extends named('BackupTruncatedError') {}

/** A restore into a directory that already holds something (a restore never merges into or replaces a profile). */
export class RestoreTargetNotEmptyError extends named('RestoreTargetNotEmptyError') {}

/** A record larger than MAX_RECORD_BYTES while backing up (a damaged store). */
export class BackupRecordTooLargeError extends named('BackupRecordTooLargeError') {}

/** An export format other than md, html or json. */
export class UnknownExportFormatError extends named('UnknownExportFormatError') {}

/** There is no profile to back up or export in that directory. */
export class NoProfileError extends named('NoProfileError') {}

/** A kept file's blob lost a chunk while the backup read it (it was deleted meanwhile): the backup is abandoned, never written incomplete. */
export class BackupSourceChangedError extends named('BackupSourceChangedError') {}
