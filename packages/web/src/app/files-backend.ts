/**
 * The files part of the {@link ChatBackend} port: sending a file, image or voice note into a
 * conversation and fetching one a message names, in UI terms. Nothing is fetched until the user
 * asks (thumbnails travel inside the message); peer-files.ts implements it over the peer.
 */

/** A file a message carries, as the timeline shows it. Name and type are the sender's and never trusted. */
export interface FileItemInfo {
  /** The file's address (the root of its chunk tree, hex). */
  id: string
  name: string
  type: string
  size: number
  /** Images: a small preview (base64 JPEG or PNG), shown at once. */
  thumbnail?: string
}

/** Bytes sealed (sending) or held and verified (fetching), of `total`. */
export interface FileProgress {
  bytes: number
  total: number
}

/** Auto-download for contacts: files a contact sends, up to `maxBytes`, are fetched as they arrive. */
export interface AutoDownloadSetting {
  contacts: boolean
  maxBytes: number
}

/** What the app needs to send and fetch files. Methods reject with the peer's typed errors (`err.name`). */
export interface FilesBackend {
  /**
   * Seals `file` chunk by chunk and sends it to the conversation, with an image's `thumbnail`
   * (at most 16 KiB). Rejects with `FileTooLargeError`, `BlobQuotaExceededError`, `InvalidFileRefError`.
   */
  send(conversationId: string, file: File, options?: { thumbnail?: Uint8Array<ArrayBuffer>, onProgress?: (progress: FileProgress) => void }): Promise<void>
  /**
   * The file's bytes, fetched (from its sender or any member that holds it, each chunk verified)
   * unless already here. Rejects with `UnknownFileError`, `FileUnavailableError`, `ChunkAuthenticationError`.
   */
  fetch(fileId: string, options?: { onProgress?: (progress: FileProgress) => void }): Promise<Blob>
  /** The auto-download setting (stored in the profile; off until the user turns it on). */
  autoDownload?(): Promise<AutoDownloadSetting>
  /** Changes it (fields left out stay). Rejects with `InvalidAutoDownloadError`. */
  setAutoDownload?(setting: Partial<AutoDownloadSetting>): Promise<AutoDownloadSetting>
}
