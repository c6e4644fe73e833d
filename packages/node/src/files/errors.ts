/** Typed errors of files. Tell them apart by `err.name`. */
import { named } from '../errors.js'

/** A file over the peer's maximum size (FilesInit.maxFileBytes, default DEFAULT_MAX_FILE_BYTES). */
export class FileTooLargeError extends named('FileTooLargeError') {
  readonly size: number
  readonly max: number
  constructor (size: number, max: number) {
    super(`the file has ${size} bytes, more than the maximum of ${max}`)
    this.size = size
    this.max = max
  }
}
/** Not enough room in the blob quota, even after evicting every file not kept. */
export class BlobQuotaExceededError extends named('BlobQuotaExceededError') {}
/** No file with that id (root) is known here, or a prefix names more than one. */
export class UnknownFileError extends named('UnknownFileError') {}
/** A file reference that breaks the limits (name, type, size, lengths of root, key, nonce, thumbnail). */
export class InvalidFileRefError extends named('InvalidFileRefError') {}
/** No holder served the rest of the file (none reachable, all refused or were dropped); a later save resumes. */
export class FileUnavailableError extends named('FileUnavailableError') {}
/** A holder's reply broke the protocol (another index than asked, an undecodable frame). */
export class InvalidBlobReplyError extends named('InvalidBlobReplyError') {}
/** A holder refused: not held, not complete there, or not ours to fetch (the holder does not say which). */
export class BlobNotFoundError extends named('BlobNotFoundError') {}
/** A holder refused because we asked too fast. */
export class BlobRateLimitedError extends named('BlobRateLimitedError') {}
/** A chunk read back from our own blob store does not open: the store is damaged. */
export class CorruptBlobError extends named('CorruptBlobError') {}
/** A request that does not decode or breaks the limits (served nothing, the stream is reset). */
export class InvalidBlobRequestError extends named('InvalidBlobRequestError') {}
/** Auto-download settings out of range (maxBytes not a whole number of bytes from 0 to the largest file size). */
export class InvalidAutoDownloadError extends named('InvalidAutoDownloadError') {}
