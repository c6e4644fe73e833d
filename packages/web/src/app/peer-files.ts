/**
 * The {@link FilesBackend} over the browser peer's files (`peer.files`, blobs in IndexedDB): a
 * `File` becomes the peer's `FileSource`, a save goes into memory as a `Blob`.
 */
import { DmPayload, FileRef, parseConversationId, sendFile } from '@parley/node/browser'
import { dmItem } from './timeline-items.js'
import type { AutoDownloadSetting, FileProgress, FilesBackend } from './files-backend.js'
import type { BackendEvent } from './chat-backend.js'
import type { FileSink, FileSource, Peer } from '@parley/node/browser'

/** What {@link PeerFiles} needs of the backend. */
export interface PeerFilesComponents {
  /** The running peer (throws ProfileClosedError before the profile is open). */
  peer: () => Peer
  emit: (event: BackendEvent) => void
}

/** Reads a browser `File` as the peer's {@link FileSource}. */
function fileSource (file: File): FileSource {
  return {
    name: file.name,
    type: file.type,
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer())
  }
}

/** Collects a saved file's bytes; the Blob is built once it is complete. */
class BlobSink implements FileSink {
  parts: Uint8Array<ArrayBuffer>[] = []
  async write (bytes: Uint8Array): Promise<void> {
    this.parts.push(new Uint8Array(bytes))
    return Promise.resolve()
  }

  async close (): Promise<void> {
    return Promise.resolve()
  }

  async abort (): Promise<void> {
    this.parts = []
    return Promise.resolve()
  }
}

export class PeerFiles implements FilesBackend {
  readonly #c: PeerFilesComponents

  constructor (components: PeerFilesComponents) {
    this.#c = components
  }

  async send (conversationId: string, file: File, options: { thumbnail?: Uint8Array<ArrayBuffer>, onProgress?: (progress: FileProgress) => void } = {}): Promise<void> {
    const peer = this.#c.peer()
    const ref = parseConversationId(conversationId)
    const onProgress = (bytes: number): void => { options.onProgress?.({ bytes, total: file.size }) }
    if (ref.kind !== 'dm') {
      // Rooms: the peer reports its own room messages like anyone's (peer-events.ts).
      await sendFile(peer, ref.kind === 'public-room' ? { room: ref.room } : { private: ref.room }, fileSource(file), { thumbnail: options.thumbnail, onProgress })
      return
    }
    // A DM is not echoed by the peer: send it here (as send-file.ts does) to show the message at once.
    const sealed = await peer.files.seal(fileSource(file), { thumbnail: options.thumbnail }, onProgress)
    const message = await peer.dms.send(ref.peer, { kind: DmPayload.Kind.FILE, data: FileRef.encode(sealed), text: '' })
    await peer.files.remember(conversationId, message.id, message.from, sealed, true)
    this.#c.emit({ type: 'message', conversationId, item: dmItem(message, peer.peerId) })
  }

  async fetch (fileId: string, options: { onProgress?: (progress: FileProgress) => void } = {}): Promise<Blob> {
    const peer = this.#c.peer()
    const listener = (evt: CustomEvent<{ id: string, bytes: number, total: number }>): void => {
      if (evt.detail.id === fileId) options.onProgress?.({ bytes: evt.detail.bytes, total: evt.detail.total })
    }
    peer.addEventListener('file-progress', listener)
    const sink = new BlobSink()
    try {
      const view = await peer.files.save(fileId, sink)
      options.onProgress?.({ bytes: view.size, total: view.size })
    } finally {
      peer.removeEventListener('file-progress', listener)
    }
    // Never the sender's type: a Blob of type text/html opened from here would run in the app's origin.
    return new Blob(sink.parts, { type: 'application/octet-stream' })
  }

  async autoDownload (): Promise<AutoDownloadSetting> {
    return Promise.resolve(this.#c.peer().files.autoDownload.settings)
  }

  async setAutoDownload (setting: Partial<AutoDownloadSetting>): Promise<AutoDownloadSetting> {
    return this.#c.peer().files.autoDownload.set(setting)
  }
}
