/**
 * Sending a file into a conversation: seal it into the blob store, send its
 * reference in a message, and record it. A DM carries it as kind FILE
 * (`data`: the encoded FileRef, `text`: the caption); a public or private
 * room message in its `file` field, with the caption (or else the file's
 * name) as its text.
 */
import { FileRef } from '../pb/files.js'
import { DmPayload } from '../pb/dm.js'
import { dmConversationId, privateRoomConversationId, roomConversationId, tryParseConversationId } from '../conversation-id.js'
import type { FileSource, FileView, Files } from './files.js'
import type { DmService } from '../dm/dm-service.js'
import type { PrivateRooms } from '../private-rooms.js'
import type { Rooms } from '../rooms.js'

/** Where a file goes: a contact (DM), a public room or a private room (its id in hex). */
export type FileTarget = { to: string } | { room: string } | { private: string }

/** What sending needs of the peer. */
export interface FileSenders {
  files: Files
  dms: DmService
  rooms: Rooms
  privateRooms: PrivateRooms
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
export async function sendFile (peer: FileSenders, target: FileTarget, source: FileSource, extras: FileExtras = {}): Promise<FileView> {
  const { files } = peer
  const ref = await files.seal(source, { thumbnail: extras.thumbnail, caption: extras.caption }, extras.onProgress)
  const data = FileRef.encode(ref)
  const text = ref.caption !== '' ? ref.caption : ref.name
  if ('to' in target) {
    const message = await peer.dms.send(target.to, { kind: DmPayload.Kind.FILE, data, text: ref.caption })
    return files.remember(dmConversationId(target.to), message.id, message.from, ref, true)
  }
  if ('room' in target) {
    const message = await peer.rooms.send(target.room, text, { file: data })
    return files.remember(roomConversationId(message.room), message.id, message.from, ref, true)
  }
  const message = await peer.privateRooms.send(target.private, text, data)
  return files.remember(privateRoomConversationId(message.room), message.id, message.from, ref, true)
}

/**
 * "I hold it": tells a room (public: a signed presence; private: a sealed body, §3.8) that we hold
 * one of its files whole, so members fetch from us too. A DM's file has no one else to tell.
 */
export async function announceHolding (peer: Pick<FileSenders, 'rooms' | 'privateRooms'>, conversation: string, root: Uint8Array<ArrayBuffer>): Promise<void> {
  const ref = tryParseConversationId(conversation)
  if (ref?.kind === 'public-room') await peer.rooms.announceHolding(ref.room, [root])
  else if (ref?.kind === 'private-room') await peer.privateRooms.announceHolding(ref.room, [root])
}
