/**
 * Backups, restores and exports fail in plain words: each typed error of the archive and of a
 * profile that does not open gets its sentence (told apart by `err.name`); anything else falls
 * back to {@link errorText}.
 */
import { errorText } from './error-text.js'

const SENTENCES: Record<string, string> = {
  WrongPassphraseError: 'That passphrase does not open this backup. Check it and try again. Nothing was restored.',
  NotABackupError: 'This file is not a Parley backup. Choose the file that "Back up" or `parley backup` wrote.',
  BackupTruncatedError: 'This backup is incomplete: it ends before its last part (an interrupted download or copy?). Use a complete copy. Nothing was restored.',
  BackupCorruptError: 'This backup was changed or damaged after it was written, so it cannot be trusted. Use another copy. Nothing was restored.',
  BackupVersionError: 'This backup was made by a newer version of Parley. Update Parley (reload the page from an updated peer) to restore it. Nothing was restored.',
  RestoreTargetNotEmptyError: 'This browser already has a profile: a restore never replaces one.',
  UnknownConversationError: 'There is nothing stored for this conversation yet.',
  DataDirDamagedError: 'The profile stored in this browser is damaged.',
  ProfileEvictedError: 'The profile this browser held is gone: the browser cleared this site\'s storage (to free space, or when site data was cleared).',
  CorruptRecordError: 'Some of the records stored in this browser no longer read back.'
}

/** A sentence for an archive or recovery error, prefixed by what was being done when it is not one of ours. */
export function archiveErrorText (err: unknown, doing: string): string {
  const name = err instanceof Error ? err.name : ''
  return SENTENCES[name] ?? errorText(err, doing)
}
