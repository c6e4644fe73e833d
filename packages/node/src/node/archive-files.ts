/**
 * Backups, restores and exports on disk (the Node host of ../archive/).
 *
 * - A backup is written to `<file>.partial-<random>` beside the file, synced,
 *   then renamed over `<file>`: an interrupted backup never lies under the
 *   final name, and an older backup there stays whole until the new one is.
 * - An export to a file is written the same way.
 * - A restore goes into a new directory beside the target
 *   (`<dataDir>.restoring-<random>`), renamed to the target only once the
 *   whole file checked out; a bad file leaves nothing behind. A target that
 *   exists and holds anything is refused (RestoreTargetNotEmptyError).
 * - Kept files' blobs are read from `<dataDir>/blobs` and restored into the
 *   new directory's `blobs` (a DiskBlobStore each).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { finished } from 'node:stream/promises'
import { isSealedIdentity, openIdentity, ready, toHex, randomBytes, type KeyStoreParams } from '@parley/crypto'
import { backupStream, renderExport, resolveConversation, restoreInto, NoProfileError, RestoreTargetNotEmptyError, type BackupSummary, type ExportFormat, type ExportInfo, type RestoreSummary } from '../archive/index.js'
import { loadOrCreateIdentity } from '../identity-store.js'
import { peerIdOfKey } from '../room-messages.js'
import { DiskBlobStore } from './disk-blob-store.js'
import { openNodeProfileStore } from './open-store.js'
import type { BlobStore } from '../files/blob-store.js'
import type { ProfileStore } from '../store/index.js'

/** Options of {@link backupToFile}. */
export interface BackupFileInit {
  passphrase: string
  peerId: string
  nick: string
  keyStore?: KeyStoreParams
  /** The profile's blob store (a running peer's `files.blobs`): kept files go into the backup. */
  blobs?: BlobStore
}

/** Where a Node profile keeps its files' blobs. */
const blobsOf = (dataDir: string): DiskBlobStore => new DiskBlobStore(join(dataDir, 'blobs'))

const partialName = (path: string, kind: string): string => join(dirname(path), `.${basename(path)}.${kind}-${toHex(randomBytes(6))}`)

/** Writes a chunk, waiting for the stream to drain when its buffer is full (memory stays flat). */
async function write (out: WriteStream, bytes: Uint8Array): Promise<void> {
  if (out.write(bytes)) return
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => { out.off('drain', onDrain); reject(err) }
    const onDrain = (): void => { out.off('error', onError); resolve() }
    out.once('drain', onDrain)
    out.once('error', onError)
  })
}

/** Writes `chunks` to `file` through a partial file beside it, synced and renamed into place (removed on failure). */
async function writeAtomically (file: string, kind: string, chunks: AsyncIterable<Uint8Array | string>): Promise<void> {
  const partial = partialName(file, kind)
  const out = createWriteStream(partial, { flags: 'wx', mode: 0o600 })
  // A write that fails after write() returned (or one still queued when the source fails and the stream is
  // destroyed) reports on 'error': kept here and thrown at the next chunk or by finished(), never unhandled.
  let failed: Error | undefined
  out.on('error', (err) => { failed ??= err })
  try {
    for await (const chunk of chunks) {
      if (failed !== undefined) throw failed
      await write(out, typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk)
    }
    out.end()
    await finished(out)
    const handle = await open(partial, 'r+')
    try { await handle.sync() } finally { await handle.close() }
    await rename(partial, file)
  } catch (err) {
    out.destroy()
    await rm(partial, { force: true })
    throw err
  }
}

/** Writes a backup of an open store (a running peer's included) to `file`, atomically. */
export async function backupToFile (store: ProfileStore, file: string, init: BackupFileInit): Promise<BackupSummary> {
  await ready()
  const summary: BackupSummary = { entries: 0, messages: 0, conversations: 0, blobs: 0, chunks: 0, bytes: 0 }
  await writeAtomically(file, 'partial', backupStream(store, init, summary))
  return summary
}

/** Options of {@link backupProfile}. */
export interface BackupProfileInit {
  dataDir: string
  file: string
  /** Seals the backup; for a profile whose identity is sealed it must be that passphrase (WrongPassphraseError otherwise). */
  passphrase: string
  keyStore?: KeyStoreParams
}

/** The PeerId and nickname of an open profile; WrongPassphraseError when its sealed identity does not open with `passphrase`. */
async function profileOf (store: ProfileStore, dataDir: string, passphrase: string): Promise<{ peerId: string, nick: string }> {
  const blob = await store.kv('identity').get('self')
  if (blob === undefined) throw new NoProfileError(`there is no profile in ${dataDir}`)
  const identity = isSealedIdentity(blob) ? openIdentity(blob, passphrase) : (await loadOrCreateIdentity(store)).identity
  const nick = await store.kv('settings').get('nick')
  return { peerId: peerIdOfKey(identity.publicKey), nick: nick === undefined ? '' : new TextDecoder().decode(nick) }
}

/** Whether `dataDir` holds a profile database. */
async function hasProfile (dataDir: string): Promise<boolean> {
  try {
    return (await readdir(join(dataDir, 'db'))).length > 0
  } catch {
    return false
  }
}

/** Backs up the profile in `dataDir` (DataDirLockedError while a peer runs on it: ask that peer instead). */
export async function backupProfile (init: BackupProfileInit): Promise<BackupSummary & { peerId: string }> {
  await ready()
  if (!await hasProfile(init.dataDir)) throw new NoProfileError(`there is no profile in ${init.dataDir}`)
  const store = await openNodeProfileStore(init.dataDir, { check: true, passphrase: init.passphrase })
  const blobs = blobsOf(init.dataDir)
  try {
    const { peerId, nick } = await profileOf(store, init.dataDir, init.passphrase)
    return { ...await backupToFile(store, init.file, { passphrase: init.passphrase, peerId, nick, keyStore: init.keyStore, blobs }), peerId }
  } finally {
    await blobs.close()
    await store.close()
  }
}

/** Options of {@link restoreProfile}. */
export interface RestoreProfileInit {
  /** The new profile directory: missing or empty. */
  dataDir: string
  file: string
  passphrase: string
}

/** Throws RestoreTargetNotEmptyError unless `dir` is missing or an empty directory. */
async function checkEmpty (dir: string): Promise<boolean> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
  if (entries.length > 0) throw new RestoreTargetNotEmptyError(`${dir} is not empty: restore into a new directory`)
  return true
}

/** Restores a backup into a new profile directory; nothing is left behind when the file is bad. */
export async function restoreProfile (init: RestoreProfileInit): Promise<RestoreSummary> {
  await ready()
  const exists = await checkEmpty(init.dataDir)
  await mkdir(dirname(init.dataDir), { recursive: true })
  const staging = partialName(init.dataDir, 'restoring')
  try {
    const store = await openNodeProfileStore(staging)
    const blobs = blobsOf(staging)
    let summary: RestoreSummary
    try {
      summary = await restoreInto(store, createReadStream(init.file), init.passphrase, undefined, blobs)
    } finally {
      await blobs.close()
      await store.close()
    }
    if (exists) {
      await checkEmpty(init.dataDir)
      await rmdir(init.dataDir)
    }
    await rename(staging, init.dataDir)
    return summary
  } catch (err) {
    await rm(staging, { recursive: true, force: true })
    throw err
  }
}

/**
 * Exports one conversation of an open store (a running peer's included): to
 * `out` (written atomically like a backup) or, without it, to `stdout`.
 */
export async function exportConversation (store: ProfileStore, what: string, format: ExportFormat, out?: string, stdout: NodeJS.WritableStream = process.stdout): Promise<ExportInfo> {
  await ready()
  const info = await resolveConversation(store, what)
  const text = renderExport(store, info, format)
  if (out !== undefined) {
    await writeAtomically(out, 'partial', text)
    return info
  }
  for await (const chunk of text) {
    if (!stdout.write(chunk)) await new Promise((resolve) => stdout.once('drain', resolve))
  }
  return info
}

/** What `--conversation all` names: every conversation with history, one file each. */
export const ALL_CONVERSATIONS = 'all'

/** One file of an export of every conversation. */
export interface ExportedFile extends ExportInfo {
  path: string
}

/** The file name of a conversation in an export of all: its conversation id with `:` and anything unsafe as `-`. */
export const exportFileName = (conversation: string, format: ExportFormat): string =>
  `${conversation.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 100)}.${format}`

/**
 * Exports every conversation of an open store that holds history into the
 * directory `outDir` (created if missing), one file each (named by
 * {@link exportFileName}), each written atomically.
 */
export async function exportAllConversations (store: ProfileStore, format: ExportFormat, outDir: string): Promise<ExportedFile[]> {
  await ready()
  await mkdir(outDir, { recursive: true, mode: 0o700 })
  const conversations: string[] = []
  for await (const conversation of store.history.conversations()) conversations.push(conversation)
  const files: ExportedFile[] = []
  for (const conversation of conversations) {
    const info = await resolveConversation(store, conversation)
    const path = join(outDir, exportFileName(conversation, format))
    await writeAtomically(path, 'partial', renderExport(store, info, format))
    files.push({ ...info, path })
  }
  return files
}

/** Options of {@link exportProfile}. */
export interface ExportProfileInit {
  dataDir: string
  conversation: string
  format: ExportFormat
  out?: string
  /** Unlocks a profile sealed under a passphrase. */
  passphrase?: string
}

/** Exports one conversation of the profile in `dataDir` (DataDirLockedError while a peer runs on it: ask that peer instead). */
export async function exportProfile (init: ExportProfileInit): Promise<ExportInfo> {
  return withProfile(init, async (store) => exportConversation(store, init.conversation, init.format, init.out))
}

/** Exports every conversation of the profile in `dataDir` into the directory `outDir`, one file each. */
export async function exportAllProfile (init: Omit<ExportProfileInit, 'conversation' | 'out'> & { out: string }): Promise<ExportedFile[]> {
  return withProfile(init, async (store) => exportAllConversations(store, init.format, init.out))
}

/** Runs `work` on the profile of `dataDir`, opened and checked, closing it after. */
async function withProfile<T> (init: { dataDir: string, passphrase?: string }, work: (store: ProfileStore) => Promise<T>): Promise<T> {
  if (!await hasProfile(init.dataDir)) throw new NoProfileError(`there is no profile in ${init.dataDir}`)
  const store = await openNodeProfileStore(init.dataDir, { check: true, passphrase: init.passphrase })
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}
