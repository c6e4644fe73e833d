/** The public shapes of files (files.ts): options, components, sources, sinks and listed files. */
import type { AutoDownloadSettings } from './auto-download.js'
import type { FileInfo } from './file-ref.js'
import type { BlobStore } from './blob-store.js'
import type { ProfileStore } from '../store/index.js'
import type { Libp2p } from 'libp2p'

/** Options of the files of a peer (all optional). */
export interface FilesInit {
  /** Largest file sent or fetched (default DEFAULT_MAX_FILE_BYTES, 256 MiB). */
  maxFileBytes?: number
  /** Space for blobs (default DEFAULT_QUOTA_BYTES, 2 GiB). */
  quotaBytes?: number
  /** Chunks each peer may fetch from us per second (default DEFAULT_SERVE_CHUNKS_PER_SECOND). */
  serveChunksPerSecond?: number
  /** Auto-download for contacts, stored at start (left out: the stored setting, off by default). */
  autoDownload?: Partial<AutoDownloadSettings>
}

/** A file to send: its name, type, size and a way to read it (a path in Node, a File in the browser). */
export interface FileSource {
  name: string
  type: string
  size: number
  read: (offset: number, length: number) => Promise<Uint8Array>
}

/** Where a saved file's bytes go, in order. */
export interface FileSink {
  write: (bytes: Uint8Array) => Promise<void>
  /** Writes `parts` one after the other (a chunk opened in pieces), where the sink can do so at once. */
  writev?: (parts: Uint8Array[]) => Promise<void>
  /** The file is complete. */
  close: () => Promise<void>
  /** Writing stopped on an error: remove what was written. */
  abort?: () => Promise<void>
}

/** A file as listed: its message view, where it came from and how much of it is here. */
export interface FileView extends FileInfo {
  conversation: string
  message: string
  from: string
  outgoing: boolean
  complete: boolean
  kept: boolean
}

export interface FilesComponents {
  libp2p: Libp2p
  store: ProfileStore
  blobs: BlobStore
  /** Whether `peer` may fetch the files of `conversation` (see peer.ts). */
  allowed: (peer: string, conversation: string) => boolean
  /** Peers that may hold the files of `conversation` besides the author (room members online). */
  members: (conversation: string) => string[]
  /** Reaches a peer that is not connected. */
  connect?: (peer: string) => Promise<void>
  /** A file message arrived or was sent. */
  onFile: (file: FileView) => void
  /** Tells the conversation we hold a file whole ("I hold it": rooms only; a DM has no one else to tell). */
  announce?: (conversation: string, root: Uint8Array<ArrayBuffer>) => Promise<void>
  /** Lowers a peer's standing beyond the blob protocol (its gossipsub score) after it served a bad chunk. */
  penalise?: (peer: string) => void
  /** Whether `peer` is a contact (auto-download). */
  isContact?: (peer: string) => boolean
  onProgress: (progress: { id: string, bytes: number, total: number, fetched: number }) => void
  onError: (error: Error) => void
}
