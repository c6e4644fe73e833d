/**
 * Sending a file into a conversation: seal it into the blob store, send its
 * reference in a DM (kind FILE, `data` the encoded FileRef), and record it.
 * Only DMs carry files so far (see the design note for rooms).
 */
import { FileRef } from '../pb/files.js'
import { DmPayload } from '../pb/dm.js'
import { dmConversationId } from '../conversation-id.js'
import type { FileSource, FileView, Files } from './files.js'
import type { DmService } from '../dm/dm-service.js'

/** Where a file goes. */
export interface FileTarget {
  /** A contact's PeerId (a DM). */
  to: string
}

/** Extras a file message may carry. */
export interface FileExtras {
  /** Images: a small preview (at most MAX_THUMBNAIL_BYTES). */
  thumbnail?: Uint8Array<ArrayBuffer>
  caption?: string
  /** Bytes sealed so far. */
  onProgress?: (bytes: number) => void
}

/**
 * Seals and sends `source` to `target`.
 *
 * @throws FileTooLargeError, BlobQuotaExceededError, InvalidFileRefError, and DmService.send's errors
 */
export async function sendFile (files: Files, dms: DmService, target: FileTarget, source: FileSource, extras: FileExtras = {}): Promise<FileView> {
  const ref = await files.seal(source, { thumbnail: extras.thumbnail, caption: extras.caption }, extras.onProgress)
  const message = await dms.send(target.to, { kind: DmPayload.Kind.FILE, data: FileRef.encode(ref), text: ref.caption })
  return files.remember(dmConversationId(target.to), message.id, message.from, ref, true)
}
