/**
 * Backups, restores and exports in the browser (the browser host of ../archive/): a backup or an
 * export is gathered into a Blob part by part (folded into one Blob every few hundred parts, so
 * the browser may keep it outside the JavaScript heap; never one giant string), and a restore
 * reads the chosen file's Blob as a stream into the profile's IndexedDB.
 *
 * A restore goes only into a profile that holds nothing; when the file turns out bad part-way
 * (wrong passphrase, cut, altered) the caller drops the half-written database with
 * {@link dropBrowserProfile}: the profile was empty before, so nothing is lost.
 */
import { BrowserLevel } from 'browser-level'
import { LevelBlobStore } from '../files/level-blob-store.js'
import { backupStream, renderExport, resolveConversation, restoreInto, RestoreTargetNotEmptyError, type BackupSummary, type ExportFormat, type ExportInfo, type RestoreSummary } from '../archive/index.js'
import type { BrowserProfile } from './browser-profile.js'
import type { BlobStore } from '../files/blob-store.js'
import type { KeyStoreParams } from '@parley/crypto'
import type { ProfileStore } from '../store/index.js'

/** Parts gathered before they are folded into the Blob built so far. */
const FOLD_PARTS = 256

/** Gathers bytes or text into one Blob, folding parts as they come. */
async function toBlob (chunks: AsyncIterable<Uint8Array | string>, type: string): Promise<Blob> {
  let blob = new Blob([], { type })
  let parts: BlobPart[] = []
  for await (const chunk of chunks) {
    parts.push(chunk as BlobPart)
    if (parts.length < FOLD_PARTS) continue
    blob = new Blob([blob, ...parts], { type })
    parts = []
  }
  return new Blob([blob, ...parts], { type })
}

/** A Blob's bytes as a stream of chunks (read one at a time, never whole). */
export async function * blobChunks (blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader()
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

/** Options of {@link backupToBlob}. */
export interface BlobBackupInit {
  passphrase: string
  peerId: string
  nick: string
  keyStore?: KeyStoreParams
  /** The peer's blob store (`peer.files.blobs`): kept files go into the backup. */
  blobs?: BlobStore
}

/** The IndexedDB database beside a profile's that holds its files' blobs (create-browser-peer.ts). */
export const blobDatabaseOf = (database: string): string => `${database}-blobs`

/** A sealed backup of an open store (the running peer's), as a Blob to download. */
export async function backupToBlob (store: ProfileStore, init: BlobBackupInit): Promise<{ blob: Blob, summary: BackupSummary }> {
  const summary: BackupSummary = { entries: 0, messages: 0, conversations: 0, blobs: 0, chunks: 0, bytes: 0 }
  const blob = await toBlob(backupStream(store, init, summary), 'application/octet-stream')
  return { blob, summary }
}

const MIME: Record<ExportFormat, string> = { md: 'text/markdown', html: 'text/html', json: 'application/json' }

/** One conversation exported as a Blob to download. */
export async function exportToBlob (store: ProfileStore, conversation: string, format: ExportFormat): Promise<{ blob: Blob, info: ExportInfo }> {
  const info = await resolveConversation(store, conversation)
  return { blob: await toBlob(renderExport(store, info, format), `${MIME[format]};charset=utf-8`), info }
}

/** Every conversation's export in one file chunk by chunk: JSON `{"exportAll": {…}, "conversations": [ <each conversation's export> ]}`, or Markdown sections one after another. */
async function * allConversations (store: ProfileStore, format: 'md' | 'json'): AsyncGenerator<string> {
  const conversations: string[] = []
  for await (const conversation of store.history.conversations()) conversations.push(conversation)
  if (format === 'json') yield `{"exportAll":${JSON.stringify({ format: 'parley-export-all', version: 1, exportedAt: Date.now(), conversations: conversations.length })},\n"conversations":[\n`
  for (const [i, conversation] of conversations.entries()) {
    if (i > 0) yield format === 'json' ? ',\n' : '\n\n---\n\n'
    yield * renderExport(store, await resolveConversation(store, conversation), format)
  }
  if (format === 'json') yield ']}\n'
}

/** Every conversation with history exported into one Blob (the browser's combined form of `--conversation all`). */
export async function exportAllToBlob (store: ProfileStore, format: 'md' | 'json'): Promise<Blob> {
  return toBlob(allConversations(store, format), `${MIME[format]};charset=utf-8`)
}

/** Whether the profile's store holds anything at all (a restore goes only into an empty one). */
async function isEmpty (store: ProfileStore): Promise<boolean> {
  if (store.locked || store.encrypted) return false
  for (const name of ['identity', 'settings', 'contacts', 'rooms', 'sessions', 'outbox', 'mailbox', 'files'] as const) {
    for await (const entry of store.kv(name).entries()) {
      // The web app's UI state (settings `web-ui`) may be written before any profile exists.
      if (name === 'settings' && entry[0] === 'web-ui') continue
      return false
    }
  }
  for await (const conversation of store.history.conversations()) return conversation === ''
  return true
}

/**
 * Restores a backup into the browser profile, which must hold nothing yet
 * (RestoreTargetNotEmptyError otherwise); kept files' blobs go into the
 * profile's blob database, closed again before the peer opens it. On any
 * error the profile may be half-written: close it and {@link dropBrowserProfile}.
 */
export async function restoreBrowserProfile (profile: BrowserProfile, file: Blob, passphrase: string, keyStore?: KeyStoreParams): Promise<RestoreSummary> {
  if (!await isEmpty(profile.store)) throw new RestoreTargetNotEmptyError('this browser already has a profile: a restore never replaces one')
  const blobs = new LevelBlobStore(new BrowserLevel<string, Uint8Array>(blobDatabaseOf(profile.database), { keyEncoding: 'utf8', valueEncoding: 'view' }))
  try {
    return await restoreInto(profile.store, blobChunks(file), passphrase, keyStore, blobs)
  } finally {
    await blobs.close()
  }
}

/** Deletes the profile's IndexedDB databases, its blobs' included (closed first by the caller). */
export async function dropBrowserProfile (database: string): Promise<void> {
  await BrowserLevel.destroy(database)
  await BrowserLevel.destroy(blobDatabaseOf(database))
}
