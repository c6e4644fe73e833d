/** A chunk reply written without copying its chunk decodes as the reply protons would encode. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BlobReply } from '../../src/pb/files.js'
import { encodeChunkReply } from '../../src/files/wire.js'

describe('chunk replies', () => {
  it('decode to the same reply as BlobReply.encode, whatever the chunk length', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70_000 }), fc.nat(1 << 20), fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 24 }), (chunk, index, proof) => {
      const reply: BlobReply = { status: BlobReply.Status.OK, index, chunk: new Uint8Array(chunk), proof: proof.map((p) => new Uint8Array(p)), count: index + 1 }
      expect(BlobReply.decode(encodeChunkReply(reply).subarray())).toEqual(BlobReply.decode(BlobReply.encode(reply)))
    }), { numRuns: 50 })
  })
})
