/**
 * File references: the FileRef a message carries, checked against the
 * limits on both sides (a sender's typed error, a receiver's refusal), and
 * its view for the UI.
 */
import { chunkCount, FILE_KEY_LENGTH, FILE_NONCE_LENGTH, TREE_HASH_LENGTH, toHex } from '@parley/crypto'
import { MAX_TEXT_BYTES } from '../constants.js'
import { FileRef } from '../pb/files.js'
import { MAX_FILE_NAME_LENGTH, MAX_FILE_TYPE_LENGTH, MAX_THUMBNAIL_BYTES } from './constants.js'
import { CorruptMessageError } from '../errors.js'
import { InvalidFileRefError } from './errors.js'

/** A file as the UI sees it (no key). */
export interface FileInfo {
  /** The file id: its root in hex. */
  id: string
  name: string
  type: string
  size: number
  /** Images: a small preview (base64), shown at once. */
  thumbnail?: string
  caption?: string
}

/** Whether `text` holds a C0 control character (a name or type is shown on one line). */
const hasControl = (text: string): boolean => [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)

/** Throws InvalidFileRefError unless `ref` keeps every limit; `maxSize` is this peer's largest file. */
export function checkFileRef (ref: FileRef, maxSize: number): void {
  if (ref.name.length === 0 || ref.name.length > MAX_FILE_NAME_LENGTH || /[/\\]/.test(ref.name) || ref.name === '.' || ref.name === '..' || hasControl(ref.name)) throw new InvalidFileRefError(`a file name has 1..${MAX_FILE_NAME_LENGTH} characters, no slash and no control character`)
  if (ref.type.length > MAX_FILE_TYPE_LENGTH || hasControl(ref.type)) throw new InvalidFileRefError(`a file type has at most ${MAX_FILE_TYPE_LENGTH} characters`)
  if (ref.size > BigInt(maxSize)) throw new InvalidFileRefError(`the file has ${ref.size} bytes, more than ${maxSize}`)
  if (ref.root.length !== TREE_HASH_LENGTH || ref.key.length !== FILE_KEY_LENGTH || ref.nonce.length !== FILE_NONCE_LENGTH) throw new InvalidFileRefError('root, key or nonce has the wrong length')
  if (ref.thumbnail.length > MAX_THUMBNAIL_BYTES) throw new InvalidFileRefError(`a thumbnail has at most ${MAX_THUMBNAIL_BYTES} bytes`)
  if (new TextEncoder().encode(ref.caption).length > MAX_TEXT_BYTES) throw new InvalidFileRefError(`a caption has at most ${MAX_TEXT_BYTES} bytes`)
}

/** Decodes and checks a FileRef from a message; InvalidFileRefError for anything else. */
export function decodeFileRef (bytes: Uint8Array, maxSize: number): FileRef {
  let ref: FileRef
  try {
    ref = FileRef.decode(bytes)
  } catch (err) {
    throw new InvalidFileRefError(`file reference does not decode: ${(err as Error).message}`)
  }
  checkFileRef(ref, maxSize)
  return ref
}

/**
 * The UI view of the file reference a stored message holds. The reference was checked before the
 * message was stored, so one that no longer decodes is a damaged record: CorruptMessageError
 * naming `what`.
 */
export function storedFileInfo (bytes: Uint8Array, what: string): FileInfo {
  try {
    return fileInfo(decodeFileRef(bytes, Number.MAX_SAFE_INTEGER))
  } catch (err) {
    if (err instanceof InvalidFileRefError) throw new CorruptMessageError(`${what} has a damaged file reference: ${err.message}`)
    throw err
  }
}

/** Chunks of the file a reference names. */
export function refChunks (ref: FileRef): number {
  return chunkCount(Number(ref.size))
}

/** The UI view of a file reference. */
export function fileInfo (ref: FileRef): FileInfo {
  return {
    id: toHex(ref.root),
    name: ref.name,
    type: ref.type,
    size: Number(ref.size),
    ...(ref.thumbnail.length > 0 ? { thumbnail: btoa(Array.from(ref.thumbnail, (b) => String.fromCharCode(b)).join('')) } : {}),
    ...(ref.caption !== '' ? { caption: ref.caption } : {})
  }
}
