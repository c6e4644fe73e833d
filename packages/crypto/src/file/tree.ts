/**
 * The hash tree over a file's sealed chunks: the file's address is its root,
 * so any holder can serve a chunk and any fetcher can check it, alone and as
 * it arrives, against the root without the file key.
 *
 * Hashes are BLAKE2b-256 (libsodium's crypto_generichash), domain-separated
 * like RFC 6962 §2.1 so a leaf can never pass for a node:
 *   leaf(chunk) = H(0x00 ‖ chunk)
 *   node(l, r)  = H(0x01 ‖ l ‖ r)
 *   root        = H(0x02 ‖ u32be(count) ‖ top)
 * Levels pair hashes left to right; a level's odd last hash moves up
 * unchanged (where RFC 6962 instead splits at the largest power of two: both
 * are sound, this one makes a proof the siblings level by level). The chunk
 * count is bound into the root, so a fetcher that knows the root knows how
 * many chunks there are and where each proof must lead.
 */
import { assertBytes, assertLength } from '../encoding.js'
import { InvalidArgumentError, InvalidLengthError } from '../errors.js'
import { constantTimeEqual } from '../hash.js'
import { sodium } from '../sodium.js'
import { MAX_FILE_CHUNKS, MAX_PROOF_STEPS, TREE_HASH_LENGTH } from './constants.js'
import { InvalidChunkProofError } from './errors.js'

/** Bytes backed by an ArrayBuffer (what protobuf fields and Web APIs take). */
type Bytes = Uint8Array<ArrayBuffer>

function hash (tag: number, ...parts: Uint8Array[]): Bytes {
  const s = sodium()
  const state = s.crypto_generichash_init(null, TREE_HASH_LENGTH)
  s.crypto_generichash_update(state, Uint8Array.of(tag))
  for (const p of parts) s.crypto_generichash_update(state, p)
  return s.crypto_generichash_final(state, TREE_HASH_LENGTH) as Bytes
}

/**
 * A sealed chunk: its bytes, or the same bytes in pieces (as they came off the network: a
 * fetcher hashes, stores and opens them without first joining them into one buffer).
 */
export type ChunkBytes = Uint8Array | readonly Uint8Array[]

/** The pieces of `chunk`, each checked to be bytes. */
export function chunkParts (chunk: ChunkBytes, name: string): readonly Uint8Array[] {
  if (chunk instanceof Uint8Array) return [chunk]
  if (!Array.isArray(chunk)) throw new InvalidArgumentError(`${name} must be a Uint8Array or an array of them`)
  const parts: readonly unknown[] = chunk
  parts.forEach((part, i) => { assertBytes(part, `${name}[${i}]`) })
  return parts as readonly Uint8Array[]
}

/** The leaf hash of a sealed chunk (whole or in pieces: the same hash). */
export function leafHash (sealedChunk: ChunkBytes): Bytes {
  return hash(0x00, ...chunkParts(sealedChunk, 'sealedChunk'))
}

function countBytes (count: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, count)
  return b
}

function checkCount (count: number): void {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_FILE_CHUNKS) throw new InvalidLengthError(`count must be 1..${MAX_FILE_CHUNKS}, got ${count}`)
}

/** A built tree: its root, and a proof for each chunk. */
export interface ChunkTree {
  readonly root: Bytes
  readonly count: number
  /** The sibling hashes from chunk `index`'s leaf up to the top. */
  proof: (index: number) => Bytes[]
}

/** Builds the tree over the leaf hashes of a file's chunks, in order. */
export function chunkTree (leaves: readonly Uint8Array[]): ChunkTree {
  checkCount(leaves.length)
  leaves.forEach((l, i) => { assertLength(l, TREE_HASH_LENGTH, `leaves[${i}]`) })
  const levels: Bytes[][] = [leaves.map((l) => Uint8Array.from(l))]
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1]
    const up: Bytes[] = []
    for (let i = 0; i < below.length; i += 2) up.push(i + 1 < below.length ? hash(0x01, below[i], below[i + 1]) : below[i])
    levels.push(up)
  }
  const count = leaves.length
  const root = hash(0x02, countBytes(count), levels[levels.length - 1][0])
  return {
    root,
    count,
    proof: (index) => {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new InvalidLengthError(`index must be 0..${count - 1}, got ${index}`)
      const steps: Bytes[] = []
      let i = index
      for (const level of levels.slice(0, -1)) {
        const sibling = i ^ 1
        if (sibling < level.length) steps.push(level[sibling])
        i >>= 1
      }
      return steps
    }
  }
}

/**
 * Checks that `sealedChunk` is chunk `index` of the `count`-chunk file whose root is `root`;
 * returns its leaf hash (what a holder keeps to prove it later).
 *
 * @throws InvalidChunkProofError when it is not (a changed byte, another index, a wrong or padded proof, another count)
 */
export function verifyChunk (root: Uint8Array, count: number, index: number, sealedChunk: ChunkBytes, proof: readonly Uint8Array[]): Bytes {
  assertLength(root, TREE_HASH_LENGTH, 'root')
  checkCount(count)
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new InvalidChunkProofError(`index ${index} is not one of ${count} chunks`)
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_STEPS) throw new InvalidChunkProofError('proof has too many steps')
  const leaf = leafHash(sealedChunk)
  let h = leaf
  let i = index
  let width = count
  let step = 0
  while (width > 1) {
    const hasSibling = (i ^ 1) < width
    if (hasSibling) {
      const sibling: unknown = proof[step++]
      if (!(sibling instanceof Uint8Array) || sibling.length !== TREE_HASH_LENGTH) throw new InvalidChunkProofError(`proof step ${step - 1} is missing or malformed`)
      h = (i & 1) === 0 ? hash(0x01, h, sibling) : hash(0x01, sibling, h)
    }
    i >>= 1
    width = Math.ceil(width / 2)
  }
  if (step !== proof.length) throw new InvalidChunkProofError(`proof has ${proof.length} steps, ${step} expected`)
  const computed = hash(0x02, countBytes(count), h)
  if (!constantTimeEqual(computed, root)) throw new InvalidChunkProofError(`chunk ${index} does not lead to the root`)
  return leaf
}
