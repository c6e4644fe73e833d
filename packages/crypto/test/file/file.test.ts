import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  chunkCount, chunkPlainLength, chunkTree, FILE_CHUNK_BYTES, FILE_CHUNK_OVERHEAD, leafHash, newFileSecret, openChunk, ready, sealChunk, verifyChunk
} from '../../src/index.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })
const throwsNamed = (f: () => unknown, name: string): void => {
  let caught: unknown
  try { f() } catch (err) { caught = err }
  expect(caught).toEqual(named(name))
}

/** Seals `count` small chunks (the chunk functions take any length up to FILE_CHUNK_BYTES). */
function sealedFile (count: number): { secret: ReturnType<typeof newFileSecret>, chunks: Uint8Array[], plain: Uint8Array[] } {
  const secret = newFileSecret()
  const plain = Array.from({ length: count }, (_, i) => new TextEncoder().encode(`chunk ${i} of ${count}`))
  return { secret, plain, chunks: plain.map((p, i) => sealChunk(secret, i, count, p)) }
}

describe('file chunks', () => {
  it('counts chunks and their lengths, an empty file being one empty chunk', () => {
    expect(chunkCount(0)).toBe(1)
    expect(chunkCount(FILE_CHUNK_BYTES)).toBe(1)
    expect(chunkCount(FILE_CHUNK_BYTES + 1)).toBe(2)
    expect(chunkPlainLength(FILE_CHUNK_BYTES + 1, 1)).toBe(1)
    expect(chunkPlainLength(0, 0)).toBe(0)
    throwsNamed(() => chunkCount(-1), 'InvalidLengthError')
    throwsNamed(() => chunkPlainLength(10, 1), 'InvalidLengthError')
  })

  it('opens a chunk at its own index and count only', () => {
    const { secret, chunks, plain } = sealedFile(3)
    expect(openChunk(secret, 1, 3, chunks[1])).toEqual(plain[1])
    expect(chunks[1].length).toBe(plain[1].length + FILE_CHUNK_OVERHEAD)
    throwsNamed(() => openChunk(secret, 0, 3, chunks[1]), 'ChunkAuthenticationError')
    // Truncation: the file cut to two chunks opens none of them.
    throwsNamed(() => openChunk(secret, 1, 2, chunks[1]), 'ChunkAuthenticationError')
    throwsNamed(() => openChunk(newFileSecret(), 1, 3, chunks[1]), 'ChunkAuthenticationError')
    throwsNamed(() => openChunk(secret, 1, 3, chunks[1].subarray(0, 3)), 'ChunkAuthenticationError')
  })

  it('refuses any flipped byte of a sealed chunk', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (plaintext, at) => {
      const secret = newFileSecret()
      const sealed = sealChunk(secret, 0, 1, plaintext)
      expect(openChunk(secret, 0, 1, sealed)).toEqual(plaintext)
      const bad = sealed.slice()
      bad[at % bad.length] ^= 1 << (at % 8)
      throwsNamed(() => openChunk(secret, 0, 1, bad), 'ChunkAuthenticationError')
    }), { numRuns: 100 })
  })
})

describe('chunk tree', () => {
  it('verifies every chunk of files of 1 to 40 chunks against the root alone', () => {
    for (let count = 1; count <= 40; count++) {
      const { chunks } = sealedFile(count)
      const tree = chunkTree(chunks.map(leafHash))
      for (let i = 0; i < count; i++) verifyChunk(tree.root, count, i, chunks[i], tree.proof(i))
    }
  })

  it('refuses a flipped byte, another index, another count, a changed or padded proof', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 33 }), fc.nat(), fc.nat(), (count, pick, at) => {
      const { chunks } = sealedFile(count)
      const tree = chunkTree(chunks.map(leafHash))
      const i = pick % count
      const proof = tree.proof(i)
      const bad = chunks[i].slice()
      bad[at % bad.length] ^= 1
      throwsNamed(() => { verifyChunk(tree.root, count, i, bad, proof) }, 'InvalidChunkProofError')
      throwsNamed(() => { verifyChunk(tree.root, count, (i + 1) % count, chunks[i], proof) }, 'InvalidChunkProofError')
      throwsNamed(() => { verifyChunk(tree.root, count + 1, i, chunks[i], proof) }, 'InvalidChunkProofError')
      throwsNamed(() => { verifyChunk(tree.root, count, i, chunks[i], [...proof, tree.root]) }, 'InvalidChunkProofError')
      if (proof.length > 0) {
        const changed = proof.map((p) => p.slice())
        changed[at % changed.length][at % 32] ^= 1
        throwsNamed(() => { verifyChunk(tree.root, count, i, chunks[i], changed) }, 'InvalidChunkProofError')
        throwsNamed(() => { verifyChunk(tree.root, count, i, chunks[i], proof.slice(1)) }, 'InvalidChunkProofError')
      }
    }), { numRuns: 100 })
  })

  it('gives a leaf no way to pass for a node', () => {
    const { chunks } = sealedFile(2)
    const leaves = chunks.map(leafHash)
    const two = chunkTree(leaves)
    // A "chunk" made of the two leaf hashes is a node's preimage without its tag: it is not the top.
    const forged = new Uint8Array(64)
    forged.set(leaves[0])
    forged.set(leaves[1], 32)
    throwsNamed(() => { verifyChunk(two.root, 1, 0, forged, []) }, 'InvalidChunkProofError')
  })
})
