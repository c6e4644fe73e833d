/**
 * Auto-download for contacts: nothing is fetched on its own beyond the
 * thumbnail a message carries, unless the user turns this on. Then a file a
 * contact sends (in a DM or any room), up to `maxBytes`, is fetched into the
 * blob store as it arrives, one at a time; the user's save is then local.
 * The setting is stored in the profile ('settings' kv, AUTO_DOWNLOAD_KEY), so
 * both hosts keep it across restarts.
 */
import { AUTO_DOWNLOAD_KEY, DEFAULT_AUTO_DOWNLOAD_BYTES, MAX_AUTO_DOWNLOAD_QUEUE } from './constants.js'
import { InvalidAutoDownloadError } from './errors.js'
import type { ProfileStore } from '../store/index.js'

/** Whether files from contacts are fetched on their own, and up to which size. */
export interface AutoDownloadSettings {
  contacts: boolean
  maxBytes: number
}

/** What auto-download needs of the peer. */
export interface AutoDownloadComponents {
  store: ProfileStore
  /** Largest file the peer fetches at all. */
  maxFileBytes: number
  isContact: (peer: string) => boolean
  /** Fetches a file into the blob store (Files.download). */
  download: (id: string) => Promise<unknown>
  onError: (error: Error) => void
}

/** A file as auto-download sees it. */
export interface ArrivedFile {
  id: string
  from: string
  size: number
  outgoing: boolean
  complete: boolean
}

export class AutoDownload {
  readonly #c: AutoDownloadComponents
  #settings: AutoDownloadSettings = { contacts: false, maxBytes: DEFAULT_AUTO_DOWNLOAD_BYTES }
  readonly #queue: string[] = []
  #running = false

  constructor (components: AutoDownloadComponents) {
    this.#c = components
  }

  /** Reads the stored setting (off when none). */
  async load (): Promise<void> {
    const bytes = await this.#c.store.kv('settings').get(AUTO_DOWNLOAD_KEY)
    if (bytes === undefined) return
    try {
      this.#settings = this.#check(JSON.parse(new TextDecoder().decode(bytes)) as Partial<AutoDownloadSettings>)
    } catch (err) {
      this.#c.onError(err as Error)
    }
  }

  get settings (): AutoDownloadSettings {
    return { ...this.#settings }
  }

  /**
   * Changes (and stores) the setting; fields left out stay as they are.
   *
   * @throws InvalidAutoDownloadError
   */
  async set (change: Partial<AutoDownloadSettings>): Promise<AutoDownloadSettings> {
    const next = this.#check({ contacts: change.contacts ?? this.#settings.contacts, maxBytes: change.maxBytes ?? this.#settings.maxBytes })
    await this.#c.store.kv('settings').put(AUTO_DOWNLOAD_KEY, new TextEncoder().encode(JSON.stringify(next)))
    this.#settings = next
    return this.settings
  }

  #check (s: Partial<AutoDownloadSettings>): AutoDownloadSettings {
    const contacts = s.contacts ?? false
    const maxBytes = s.maxBytes ?? DEFAULT_AUTO_DOWNLOAD_BYTES
    if (typeof contacts !== 'boolean') throw new InvalidAutoDownloadError('contacts must be true or false')
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0 || maxBytes > this.#c.maxFileBytes) throw new InvalidAutoDownloadError(`maxBytes must be a whole number from 0 to ${this.#c.maxFileBytes}`)
    return { contacts, maxBytes }
  }

  /** A file message arrived: fetch it now when it is a contact's and small enough (at most MAX_AUTO_DOWNLOAD_QUEUE wait). */
  consider (file: ArrivedFile): void {
    const { contacts, maxBytes } = this.#settings
    if (!contacts || file.outgoing || file.complete || file.size > maxBytes || !this.#c.isContact(file.from)) return
    if (this.#queue.length >= MAX_AUTO_DOWNLOAD_QUEUE || this.#queue.includes(file.id)) return
    this.#queue.push(file.id)
    if (!this.#running) void this.#drain()
  }

  async #drain (): Promise<void> {
    this.#running = true
    try {
      for (let id = this.#queue.shift(); id !== undefined; id = this.#queue.shift()) {
        // A holder that is away now leaves the file for the user's own save later.
        await this.#c.download(id).catch((error: Error) => { this.#c.onError(error) })
      }
    } finally {
      this.#running = false
    }
  }
}
