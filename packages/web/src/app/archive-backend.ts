/**
 * The port for backups, restores, exports and the way back from a profile that does not open,
 * beside {@link ChatBackend}; {@link PeerArchive} implements it over the browser peer
 * (`@parley/node/browser`'s browser-archive.ts and browser-repair.ts). View models see Blobs,
 * file names and plain counts only.
 */
import {
  BROWSER_KEY_STORE, backupToBlob, dropBrowserProfile, exportAllToBlob, exportToBlob, forgetBrowserProfile, PROFILE_DB, ProfileClosedError,
  restoreBrowserProfile, salvageBrowserProfile, setAsideBrowserProfile
} from '@parley/node/browser'
import type { Me } from './chat-backend.js'
import type { PeerBackend } from './peer-backend.js'

/** md, html or json. */
export type ExportFormat = 'md' | 'html' | 'json'

/** A span of a conversation's history where messages are known to be lost (a repair's gap marker). */
export interface GapInfo {
  /** Times of the first and last lost message (ms since the epoch). */
  from: number
  to: number
  missing: number
}

/** A file for the user to keep. */
export interface Download {
  blob: Blob
  name: string
}

/** What the app needs for backups, restores and exports of the open profile. */
export interface ArchiveBackend {
  /** A sealed backup of the running profile (it keeps running), with how many messages it holds. */
  backup(passphrase: string): Promise<Download & { messages: number }>
  /** One conversation as Markdown, self-contained HTML or JSON. */
  exportConversation(conversationId: string, format: ExportFormat): Promise<Download>
  /** Every conversation in one file: JSON, or Markdown sections one after another. */
  exportAll(format: 'md' | 'json'): Promise<Download>
  /** Where the conversation's history is known to have lost messages, oldest first. */
  gaps(conversationId: string): Promise<GapInfo[]>
  /** Calls `listener` with a conversation's id when lost messages of it came back; returns the unsubscribe. */
  onGapsChanged(listener: (conversationId: string) => void): () => void
  /**
   * Restores a backup into this browser's empty profile and opens it as that peer. On any error
   * the half-written profile is dropped and this backend is closed: open a new one.
   */
  restore(file: Blob, passphrase: string): Promise<Me>
}

/** The way back from a profile that does not open (no backend could be opened). */
export interface RecoveryBackend {
  /** Every conversation that can still be read, as one JSON file; which ones failed part-way. */
  salvage(): Promise<Download & { conversations: number, failed: string[] }>
  /** Keeps the old records aside in a database of their own and clears the profile; resolves with the aside database's name. */
  startOver(): Promise<string>
}

/** A file name with the date, e.g. `parley-backup-2026-11-29.parley`. */
export function datedName (stem: string, extension: string, now = new Date()): string {
  const safe = stem.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)
  return `${safe === '' ? 'parley' : safe}-${now.toISOString().slice(0, 10)}.${extension}`
}

/** {@link ArchiveBackend} over the browser peer's backend. */
export class PeerArchive implements ArchiveBackend {
  readonly #backend: PeerBackend

  constructor (backend: PeerBackend) {
    this.#backend = backend
  }

  async backup (passphrase: string): Promise<Download & { messages: number }> {
    const peer = this.#backend.peer
    if (peer === undefined) throw new ProfileClosedError('the profile is not open yet')
    const { blob, summary } = await backupToBlob(peer.store, { passphrase, peerId: peer.peerId, nick: peer.nick, keyStore: BROWSER_KEY_STORE, blobs: peer.files.blobs })
    return { blob, name: datedName(`parley-backup-${peer.nick}`, 'parley'), messages: summary.messages }
  }

  async exportConversation (conversationId: string, format: ExportFormat): Promise<Download> {
    const peer = this.#backend.peer
    if (peer === undefined) throw new ProfileClosedError('the profile is not open yet')
    const { blob, info } = await exportToBlob(peer.store, conversationId, format)
    return { blob, name: datedName(`parley-${info.title.replace(/^#/, '')}`, format) }
  }

  async exportAll (format: 'md' | 'json'): Promise<Download> {
    const peer = this.#backend.peer
    if (peer === undefined) throw new ProfileClosedError('the profile is not open yet')
    return { blob: await exportAllToBlob(peer.store, format), name: datedName(`parley-all-${peer.nick}`, format) }
  }

  async gaps (conversationId: string): Promise<GapInfo[]> {
    const peer = this.#backend.peer
    if (peer === undefined) return []
    return (await peer.gaps(conversationId)).map(({ from, to, missing }) => ({ from, to, missing }))
  }

  onGapsChanged (listener: (conversationId: string) => void): () => void {
    const peer = this.#backend.peer
    if (peer === undefined) return () => {}
    const onRefilled = (e: CustomEvent<{ conversation: string }>): void => { listener(e.detail.conversation) }
    peer.addEventListener('gap-refilled', onRefilled)
    return () => { peer.removeEventListener('gap-refilled', onRefilled) }
  }

  async restore (file: Blob, passphrase: string): Promise<Me> {
    const profile = this.#backend.profile
    try {
      await restoreBrowserProfile(profile, file, passphrase, BROWSER_KEY_STORE)
      // The restored profile opens like an unlocked one (a clear profile ignores the passphrase).
      return await this.#backend.unlock(passphrase)
    } catch (err) {
      await this.#backend.close().catch(() => {})
      await dropBrowserProfile(profile.database)
      forgetBrowserProfile(profile.database)
      throw err
    }
  }
}

/** {@link RecoveryBackend} over the profile's IndexedDB database (closed: it did not open). */
export class BrowserRecovery implements RecoveryBackend {
  readonly #database: string

  constructor (database: string = PROFILE_DB) {
    this.#database = database
  }

  async salvage (): Promise<Download & { conversations: number, failed: string[] }> {
    const { blob, conversations, failed } = await salvageBrowserProfile(this.#database)
    return { blob, name: datedName('parley-salvage', 'json'), conversations, failed }
  }

  async startOver (): Promise<string> {
    return setAsideBrowserProfile(this.#database)
  }
}
