/**
 * Backups, restores and exports of a profile, isomorphic (the Node host's
 * files are in ../node/archive-files.ts). A backup is one sealed, streamed
 * file (format.ts); a restore brings back the identity, contacts, rooms,
 * private-room keys and every message, never a Double Ratchet session
 * (the restored peer starts fresh ones and tells its contacts); an export is
 * one conversation as Markdown, HTML or JSON.
 */
import { renderHtml, renderMarkdown } from './export-text.js'
import { checkExportFormat, exportMessages, renderJson, type ExportFormat, type ExportInfo } from './export.js'
import type { ProfileStore } from '../store/index.js'

export { backupStream, type BackupCounts, type BackupInit, type BackupSummary } from './backup.js'
export { readBackup, restoreInto, type RestoreSummary } from './restore.js'
export { checkExportFormat, EXPORT_FORMATS, exportMessages, resolveConversation, type ExportedMessage, type ExportedPerson, type ExportFormat, type ExportInfo } from './export.js'
export { BACKUP_FORMAT_VERSION, SESSION_RESET_KEY } from './constants.js'
export * from './errors.js'

/** The text of an export of one conversation, streamed. */
export function renderExport (store: ProfileStore, info: ExportInfo, format: ExportFormat): AsyncGenerator<string> {
  checkExportFormat(format)
  const messages = exportMessages(store, info)
  if (format === 'md') return renderMarkdown(info, messages)
  if (format === 'html') return renderHtml(info, messages)
  return renderJson(info, messages)
}
