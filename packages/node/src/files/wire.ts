/**
 * `/parley/blob/1.0.0` frames in and out of bytes, with typed errors: each
 * side reads a length-prefixed frame (at most MAX_REQUEST_BYTES or
 * MAX_REPLY_BYTES) and decodes it here, with protons limits on every
 * repeated field.
 */
import { MAX_PROOF_STEPS, TREE_HASH_LENGTH, verifyChunk } from '@parley/crypto'
import { BlobReply, BlobRequest } from '../pb/files.js'
import { MAX_INDEXES_PER_REQUEST } from './constants.js'
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

/**
 * The sealed chunk a reply carries, checked against the root, and its leaf hash.
 *
 * @throws BlobNotFoundError, BlobRateLimitedError (refusals), InvalidBlobReplyError (does not
 * decode, another index or status), InvalidChunkProofError (the chunk does not lead to the root)
 */
export function openBlobReply (bytes: Uint8Array | Uint8ArrayList, expected: ExpectedChunk): { chunk: Uint8Array, leaf: Uint8Array } {
  let reply: BlobReply
  try {
    reply = BlobReply.decode(bytes, { limits: { proof: MAX_PROOF_STEPS } })
  } catch (err) {
    throw new InvalidBlobReplyError(`reply does not decode: ${(err as Error).name}`)
  }
  if (reply.status === BlobReply.Status.NOT_FOUND) throw new BlobNotFoundError('the holder does not serve this file')
  if (reply.status === BlobReply.Status.RATE_LIMITED) throw new BlobRateLimitedError('the holder rate-limits us')
  if (reply.status !== BlobReply.Status.OK || reply.index !== expected.index) throw new InvalidBlobReplyError(`asked for chunk ${expected.index}, got ${reply.index} (status ${reply.status})`)
  const leaf = verifyChunk(expected.root, expected.count, expected.index, reply.chunk, reply.proof)
  return { chunk: reply.chunk, leaf }
}
