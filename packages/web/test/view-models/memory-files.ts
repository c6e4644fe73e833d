/**
 * The files part of the in-memory backend: a sent file's bytes are kept by id (its SHA-256 here,
 * its chunk-tree root in the peer) and fetched back in 256 KiB steps with progress, as the peer
 * reports them; failures are injected by error name.
 */
import type { FileProgress, FilesBackend } from '../../src/app/files-backend.js'
import type { TimelineItem } from '../../src/app/chat-backend.js'

/** What the files need of the in-memory backend. */
export interface FilesHost {
  post(conversationId: string, text: string, extra: Partial<TimelineItem>): void
}

const STEP = 256 * 1024

function named (name: string): Error {
  const err = new Error(`${name} from the test backend`)
  err.name = name
  return err
}

export class MemoryFiles implements FilesBackend {
  readonly #host: FilesHost
  readonly stored = new Map<string, Uint8Array<ArrayBuffer>>()
  /** Thumbnails sent, by file name (view-model tests read them). */
  readonly thumbnails = new Map<string, Uint8Array>()
  /** The next fetch (or send) rejects with an error of this name. */
  failFetch: string | undefined
  failSend: string | undefined

  constructor (host: FilesHost) {
    this.#host = host
  }

  async send (conversationId: string, file: File, options: { thumbnail?: Uint8Array<ArrayBuffer>, onProgress?: (progress: FileProgress) => void } = {}): Promise<void> {
    if (!/^(room|private|dm):./.test(conversationId)) throw named('UnknownConversationError')
    const failure = this.failSend
    this.failSend = undefined
    if (failure !== undefined) throw named(failure)
    const bytes = new Uint8Array(await file.arrayBuffer())
    for (let at = 0; at < bytes.length; at += STEP) options.onProgress?.({ bytes: at, total: bytes.length })
    options.onProgress?.({ bytes: bytes.length, total: bytes.length })
    const id = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex')
    this.stored.set(id, bytes)
    if (options.thumbnail !== undefined) this.thumbnails.set(file.name, options.thumbnail)
    const thumbnail = options.thumbnail === undefined ? {} : { thumbnail: Buffer.from(options.thumbnail).toString('base64') }
    this.#host.post(conversationId, conversationId.startsWith('dm:') ? '' : file.name, { file: { id, name: file.name, type: file.type, size: file.size, ...thumbnail } })
  }

  async fetch (fileId: string, options: { onProgress?: (progress: FileProgress) => void } = {}): Promise<Blob> {
    await new Promise((resolve) => setTimeout(resolve, 0))
    const failure = this.failFetch
    this.failFetch = undefined
    if (failure !== undefined) throw named(failure)
    const bytes = this.stored.get(fileId)
    if (bytes === undefined) throw named('UnknownFileError')
    for (let at = STEP; at < bytes.length; at += STEP) options.onProgress?.({ bytes: at, total: bytes.length })
    options.onProgress?.({ bytes: bytes.length, total: bytes.length })
    return new Blob([bytes], { type: 'application/octet-stream' })
  }
}
