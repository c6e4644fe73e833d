/**
 * `/parley/blob/1.0.0` frames in and out of bytes, with typed errors: each
 * side reads a length-prefixed frame (at most MAX_REQUEST_BYTES or
 * MAX_REPLY_BYTES) and decodes it here, with protons limits on every
 * repeated field.
 */
import { MAX_PROOF_STEPS, TREE_HASH_LENGTH, verifyChunk } from '@parley/crypto'
import { BlobReply, BlobRequest } from '../pb/files.js'
import { MAX_CHUNK_PARTS, MAX_INDEXES_PER_REQUEST } from './constants.js'
import { BlobNotFoundError, BlobRateLimitedError, InvalidBlobReplyError, InvalidBlobRequestError } from './errors.js'
import { Uint8ArrayList } from 'uint8arraylist'

/** Protobuf tag of BlobReply.chunk (field 3, length-delimited). */
const CHUNK_TAG = 3 << 3 | 2

/** A protobuf varint (7 bits a byte, low first). */
function varint (n: number): Uint8Array {
  const out: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push(n % 0x80 | 0x80)
  out.push(n)
  return Uint8Array.from(out)
}

/**
 * A chunk reply as bytes without copying the chunk: its field first (tag, length, the chunk's own
 * bytes), then the other fields as protons encodes them. Protobuf decoders take fields in any
 * order, so this decodes as BlobReply.encode(reply) would; serving a chunk costs one 256 KiB
 * buffer (the read) instead of two.
 */
export function encodeChunkReply (reply: BlobReply): Uint8ArrayList {
  return new Uint8ArrayList(Uint8Array.of(CHUNK_TAG), varint(reply.chunk.length), reply.chunk, BlobReply.encode({ ...reply, chunk: new Uint8Array() }))
}

/** A request as a server reads it: InvalidBlobRequestError unless it decodes, names a 32-byte root and at most MAX_INDEXES_PER_REQUEST indexes. */
export function decodeBlobRequest (bytes: Uint8Array | Uint8ArrayList): BlobRequest {
  let request: BlobRequest
  try {
    request = BlobRequest.decode(bytes, { limits: { indexes: MAX_INDEXES_PER_REQUEST } })
  } catch (err) {
    throw new InvalidBlobRequestError(`request does not decode: ${(err as Error).name}`)
  }
  if (request.root.length !== TREE_HASH_LENGTH) throw new InvalidBlobRequestError(`a root has ${TREE_HASH_LENGTH} bytes`)
  if (new Set(request.indexes).size !== request.indexes.length) throw new InvalidBlobRequestError('an index is asked twice')
  return request
}

/** What a fetcher expects of one reply: the file's root and chunk count, and the index it asked for. */
export interface ExpectedChunk {
  root: Uint8Array
  count: number
  index: number
}

/** Reads the protobuf varint at `at` (lengths here fit in 5 bytes); undefined when it does not end within `list` or 5 bytes. */
function varintAt (list: Uint8ArrayList, at: number): { value: number, next: number } | undefined {
  let value = 0
  for (let i = 0; i < 5 && at + i < list.byteLength; i++) {
    const b = list.get(at + i)
    value += (b & 0x7f) * 2 ** (7 * i)
    if (b < 0x80) return { value, next: at + i + 1 }
  }
  return undefined
}

/** The pieces of a chunk as they came off the network; beyond MAX_CHUNK_PARTS (tiny frames from a hostile holder) joined into one. */
function parts (list: Uint8ArrayList): Uint8Array[] {
  const pieces = [...list]
  return pieces.length <= MAX_CHUNK_PARTS ? pieces : [list.subarray()]
}

/**
 * A reply and its chunk in pieces. The chunk comes first where encodeChunkReply wrote the reply:
 * then it is taken as the pieces of the frame it came in (no 256 KiB copy) and only the small rest
 * is decoded. Any other field order decodes whole (protons copies the chunk out).
 */
function decodeReply (bytes: Uint8Array | Uint8ArrayList): { reply: BlobReply, chunk: Uint8Array[] } {
  const list = bytes instanceof Uint8Array ? new Uint8ArrayList(bytes) : bytes
  const limits = { limits: { proof: MAX_PROOF_STEPS } }
  const length = list.byteLength > 0 && list.get(0) === CHUNK_TAG ? varintAt(list, 1) : undefined
  if (length !== undefined && length.next + length.value <= list.byteLength) {
    const end = length.next + length.value
    const reply = BlobReply.decode(list.sublist(end), limits)
    // A second chunk field overrides the first (protobuf's last one wins), as a whole decode would have it.
    return { reply, chunk: reply.chunk.length > 0 ? [reply.chunk] : parts(list.sublist(length.next, end)) }
  }
  const reply = BlobReply.decode(list, limits)
  return { reply, chunk: [reply.chunk] }
}

/**
 * The sealed chunk a reply carries (in pieces, as it came), checked against the root, and its leaf hash.
 *
 * @throws BlobNotFoundError, BlobRateLimitedError (refusals), InvalidBlobReplyError (does not
 * decode, another index or status), InvalidChunkProofError (the chunk does not lead to the root)
 */
export function openBlobReply (bytes: Uint8Array | Uint8ArrayList, expected: ExpectedChunk): { chunk: Uint8Array[], leaf: Uint8Array } {
  let decoded: { reply: BlobReply, chunk: Uint8Array[] }
  try {
    decoded = decodeReply(bytes)
  } catch (err) {
    throw new InvalidBlobReplyError(`reply does not decode: ${(err as Error).name}`)
  }
  const { reply, chunk } = decoded
  if (reply.status === BlobReply.Status.NOT_FOUND) throw new BlobNotFoundError('the holder does not serve this file')
  if (reply.status === BlobReply.Status.RATE_LIMITED) throw new BlobRateLimitedError('the holder rate-limits us')
  if (reply.status !== BlobReply.Status.OK || reply.index !== expected.index) throw new InvalidBlobReplyError(`asked for chunk ${expected.index}, got ${reply.index} (status ${reply.status})`)
  const leaf = verifyChunk(expected.root, expected.count, expected.index, chunk, reply.proof)
  return { chunk, leaf }
}
