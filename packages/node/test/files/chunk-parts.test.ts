/**
 * A fetched chunk handled in the pieces it arrived in (no join into one buffer): hashed, verified,
 * opened (by libsodium and by OpenSSL's native cipher) and decoded from a reply exactly as whole,
 * wherever the pieces split it, the tag included; a reply in more than MAX_CHUNK_PARTS pieces is
 * joined; a chunk kept for a save's writer goes back to its pool once.
 */
import fc from 'fast-check'
import { chunkTree, leafHash, newFileSecret, openChunk, openChunkParts, ready, sealChunk, useNativeChaCha20Poly1305, verifyChunk } from '@parley/crypto'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeChaCha20Poly1305 } from '../../src/node/native-chacha.js'
import { BlobReply } from '../../src/pb/files.js'
import { encodeChunkReply, openBlobReply } from '../../src/files/wire.js'
import { MAX_CHUNK_PARTS } from '../../src/files/constants.js'
import { ChunkPool } from '../../src/files/chunk-pool.js'
import { Arrivals } from '../../src/files/arrivals.js'

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0
const join = (parts: readonly Uint8Array[]): Uint8Array => Buffer.concat(parts)

/** `bytes` cut at the given points (sorted, within its length). */
function cut (bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((x, y) => x - y)
  const out: Uint8Array[] = []
  let from = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  return out
}

beforeAll(async () => { await ready() })
afterAll(() => { useNativeChaCha20Poly1305(undefined) })

describe('a chunk in pieces', () => {
  it('hashes, verifies and opens as the whole chunk does, with either cipher, wherever it is cut', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), (plaintext, at, native) => {
      useNativeChaCha20Poly1305(native ? nodeChaCha20Poly1305 : undefined)
      const secret = newFileSecret()
      const sealed = sealChunk(secret, 1, 2, plaintext)
      const parts = cut(sealed, at)
      expect(same(leafHash(parts), leafHash(sealed))).toBe(true)
      const tree = chunkTree([leafHash(sealChunk(secret, 0, 2, new Uint8Array(1))), leafHash(sealed)])
      expect(same(verifyChunk(tree.root, 2, 1, parts, tree.proof(1)), leafHash(sealed))).toBe(true)
      expect(same(join(openChunkParts(secret, 1, 2, parts)), plaintext)).toBe(true)
      expect(same(openChunk(secret, 1, 2, sealed), plaintext)).toBe(true)
    }), { numRuns: 150 })
  })

  it('refuses a changed byte in any piece, the tag\'s included, with ChunkAuthenticationError', () => {
    useNativeChaCha20Poly1305(nodeChaCha20Poly1305)
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 500 }), fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), (plaintext, at, flip) => {
      const secret = newFileSecret()
      const sealed = Uint8Array.from(sealChunk(secret, 0, 1, plaintext))
      sealed[flip % sealed.length] ^= 1
      expect(() => openChunkParts(secret, 0, 1, cut(sealed, at))).toThrowError(expect.objectContaining({ name: 'ChunkAuthenticationError' }))
    }), { numRuns: 100 })
  })
})

describe('a chunk reply in pieces', () => {
  let chunks: Uint8Array[]
  let tree: ReturnType<typeof chunkTree>
  let expected: { root: Uint8Array, count: number, index: number }
  beforeAll(() => {
    const secret = newFileSecret()
    chunks = [0, 1, 2].map((i) => sealChunk(secret, i, 3, new Uint8Array(5000).fill(i)))
    tree = chunkTree(chunks.map((c) => leafHash(c)))
    expected = { root: tree.root, count: 3, index: 1 }
  })
  const reply = (chunk: Uint8Array): BlobReply => ({ status: BlobReply.Status.OK, index: 1, chunk: new Uint8Array(chunk), proof: tree.proof(1), count: 3 })

  it('gives the chunk in the pieces it came in, verified, wherever the frames cut the reply', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
      const list = new Uint8ArrayList(...cut(encodeChunkReply(reply(chunks[1])).subarray(), at))
      const { chunk, leaf } = openBlobReply(list, expected)
      expect(chunk.length).toBeLessThanOrEqual(MAX_CHUNK_PARTS)
      expect(same(join(chunk), chunks[1])).toBe(true)
      expect(same(leaf, leafHash(chunks[1]))).toBe(true)
    }), { numRuns: 100 })
  })

  it('decodes a reply protons wrote (another field order) and takes a second chunk field as protobuf does', () => {
    expect(same(join(openBlobReply(BlobReply.encode(reply(chunks[1])), expected).chunk), chunks[1])).toBe(true)
    // The chunk first, then another chunk field: the last one counts, and here it does not verify.
    const twice = new Uint8ArrayList(encodeChunkReply(reply(chunks[1])).subarray(), BlobReply.encode({ ...reply(chunks[2]), proof: [], index: 0, count: 0, status: BlobReply.Status.OK }))
    expect(() => openBlobReply(twice, expected)).toThrowError(expect.objectContaining({ name: 'InvalidChunkProofError' }))
  })

  it('joins a chunk that came in more than MAX_CHUNK_PARTS pieces', () => {
    const bytes = encodeChunkReply(reply(chunks[1])).subarray()
    const list = new Uint8ArrayList(...cut(bytes, Array.from({ length: 200 }, (_, i) => i * 25)))
    const { chunk } = openBlobReply(list, expected)
    expect(chunk).toHaveLength(1)
    expect(same(chunk[0], chunks[1])).toBe(true)
  })

  it('refuses garbage and a truncated chunk with InvalidBlobReplyError', () => {
    const bytes = encodeChunkReply(reply(chunks[1])).subarray()
    for (const bad of [bytes.subarray(0, 100), Uint8Array.of(0x1a, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), Uint8Array.of(0x1a)]) {
      expect(() => openBlobReply(new Uint8ArrayList(bad), expected)).toThrowError(expect.objectContaining({ name: 'InvalidBlobReplyError' }))
    }
  })
})

describe('chunks kept for a writer', () => {
  it('reuse the pool\'s buffers, each released once, and keep only what the writer needs next', () => {
    const pool = new ChunkPool(2)
    const arrivals = new Arrivals(40)
    const a = pool.copy([Uint8Array.of(1, 2), Uint8Array.of(3)])
    expect([...a.bytes]).toEqual([1, 2, 3])
    arrivals.mark(0, a)
    const taken = arrivals.take(0)
    expect(taken).toBe(a)
    taken?.release()
    taken?.release()
    expect(pool.free).toBe(1)
    // Beyond the window the writer keeps: released at once.
    expect(arrivals.wants(39)).toBe(false)
    arrivals.mark(39, pool.copy([Uint8Array.of(9)]))
    expect(pool.free).toBe(1)
    // Kept, then skipped past or left when the save ends: back to the pool.
    arrivals.mark(2, pool.copy([Uint8Array.of(2)]))
    arrivals.mark(5, pool.copy([Uint8Array.of(5)]))
    expect(pool.free).toBe(0)
    expect(arrivals.take(3)).toBeUndefined()
    expect(pool.free).toBe(1)
    arrivals.dispose()
    expect(pool.free).toBe(2)
  })
})
