/**
 * File chunks sealed with XChaCha20-Poly1305 (libsodium's
 * crypto_aead_xchacha20poly1305_ietf, RFC 8439 with the extended nonce of
 * draft-irtf-cfrg-xchacha).
 *
 * Each file gets a fresh random key and a random 16-byte file nonce. Chunk `i`
 * of `count` is sealed under
 *   nonce = fileNonce ‖ u32be(i) ‖ u32be(count)          (24 bytes)
 *   ad    = "parley/file-chunk/v1" ‖ fileNonce ‖ u32be(i) ‖ u32be(count)
 * The nonce is unique per chunk of a key (each index is sealed once). Binding
 * the index stops reordering; binding the count stops truncation and
 * extension (a chunk sealed as the last of 3 does not open as chunk 2 of 2,
 * and a file cut short opens no chunk of the shorter count). The file nonce
 * keeps chunks of two files apart even were a key ever reused. The AEAD is
 * libsodium's, or a host's native ChaCha20-Poly1305 under the same
 * construction (chunk-cipher.ts).
 */
import { assertBytes, assertLength, concat } from '../encoding.js'
import { InvalidArgumentError, InvalidLengthError } from '../errors.js'
import { randomBytes } from '../hash.js'
import { xchachaOpen, xchachaSeal } from './chunk-cipher.js'
import { chunkParts, type ChunkBytes } from './tree.js'
import { FILE_CHUNK_BYTES, FILE_CHUNK_OVERHEAD, FILE_KEY_LENGTH, FILE_NONCE_LENGTH, MAX_FILE_CHUNKS } from './constants.js'
import { ChunkAuthenticationError } from './errors.js'

const LABEL = new TextEncoder().encode('parley/file-chunk/v1')

/** What seals and opens a file's chunks: travels only inside end-to-end encrypted messages. */
export interface FileSecret {
  /** 32-byte XChaCha20-Poly1305 key. */
  key: Uint8Array
  /** 16 random bytes. */
  nonce: Uint8Array
}

/** Bytes backed by an ArrayBuffer (what protobuf fields and Web APIs take). */
type Bytes = Uint8Array<ArrayBuffer>

/** A fresh random file key and nonce. */
export function newFileSecret (): { key: Bytes, nonce: Bytes } {
  return { key: randomBytes(FILE_KEY_LENGTH) as Bytes, nonce: randomBytes(FILE_NONCE_LENGTH) as Bytes }
}

/** Chunks of a file of `size` plaintext bytes: ceil(size / FILE_CHUNK_BYTES), at least 1. */
export function chunkCount (size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new InvalidLengthError(`size must be a non-negative integer, got ${size}`)
  const count = Math.max(1, Math.ceil(size / FILE_CHUNK_BYTES))
  if (count > MAX_FILE_CHUNKS) throw new InvalidLengthError(`size ${size} needs more than ${MAX_FILE_CHUNKS} chunks`)
  return count
}

/** Plaintext length of chunk `index` of a file of `size` bytes. */
export function chunkPlainLength (size: number, index: number): number {
  const count = chunkCount(size)
  checkIndex(index, count)
  return index < count - 1 ? FILE_CHUNK_BYTES : size - (count - 1) * FILE_CHUNK_BYTES
}

/** Sealed length of chunk `index` of a file of `size` bytes. */
export function chunkSealedLength (size: number, index: number): number {
  return chunkPlainLength(size, index) + FILE_CHUNK_OVERHEAD
}

function checkIndex (index: number, count: number): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_FILE_CHUNKS) throw new InvalidLengthError(`count must be 1..${MAX_FILE_CHUNKS}, got ${count}`)
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new InvalidLengthError(`index must be 0..${count - 1}, got ${index}`)
}

function checkSecret (secret: FileSecret): void {
  if (typeof secret !== 'object' || secret === null) throw new InvalidArgumentError('secret must be a FileSecret')
  assertLength(secret.key, FILE_KEY_LENGTH, 'secret.key')
  assertLength(secret.nonce, FILE_NONCE_LENGTH, 'secret.nonce')
}

/** The AEAD nonce and associated data of chunk `index` of `count`. */
function chunkParams (secret: FileSecret, index: number, count: number): { nonce: Uint8Array, ad: Uint8Array } {
  const nonce = new Uint8Array(24)
  nonce.set(secret.nonce)
  const view = new DataView(nonce.buffer)
  view.setUint32(16, index)
  view.setUint32(20, count)
  const ad = new Uint8Array(LABEL.length + 24)
  ad.set(LABEL)
  ad.set(nonce, LABEL.length)
  return { nonce, ad }
}

/** Seals chunk `index` of `count`; `plaintext` is at most FILE_CHUNK_BYTES. */
export function sealChunk (secret: FileSecret, index: number, count: number, plaintext: Uint8Array): Bytes {
  checkSecret(secret)
  checkIndex(index, count)
  assertBytes(plaintext, 'plaintext')
  if (plaintext.length > FILE_CHUNK_BYTES) throw new InvalidLengthError(`plaintext must be at most ${FILE_CHUNK_BYTES} bytes, got ${plaintext.length}`)
  const { nonce, ad } = chunkParams(secret, index, count)
  return xchachaSeal(secret.key, nonce, plaintext, ad)
}

/**
 * Opens chunk `index` of `count`, given whole or in pieces (as a fetch received it); the plaintext
 * comes in pieces too (one with libsodium; with a native cipher, one per piece given), which the
 * caller writes out in order without joining them.
 *
 * @throws ChunkAuthenticationError when it was not sealed under this secret at this index and count
 */
export function openChunkParts (secret: FileSecret, index: number, count: number, sealed: ChunkBytes): Bytes[] {
  checkSecret(secret)
  checkIndex(index, count)
  const parts = chunkParts(sealed, 'sealed')
  const length = parts.reduce((n, p) => n + p.length, 0)
  if (length < FILE_CHUNK_OVERHEAD || length > FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD) throw new ChunkAuthenticationError(`chunk ${index} has ${length} bytes`)
  const { nonce, ad } = chunkParams(secret, index, count)
  const plaintext = xchachaOpen(secret.key, nonce, parts, ad)
  if (plaintext === undefined) throw new ChunkAuthenticationError(`chunk ${index} of ${count} does not authenticate`)
  return plaintext
}

/**
 * Opens chunk `index` of `count` into one buffer.
 *
 * @throws ChunkAuthenticationError when it was not sealed under this secret at this index and count
 */
export function openChunk (secret: FileSecret, index: number, count: number, sealed: Uint8Array): Bytes {
  assertBytes(sealed, 'sealed')
  const parts = openChunkParts(secret, index, count, sealed)
  return parts.length === 1 ? parts[0] : concat(...parts) as Bytes
}
