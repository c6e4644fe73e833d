import fc from 'fast-check'
import { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
import { decodeLength, MAX_LENGTH_BYTES } from '../../src/net/length-prefix.js'

/** An unsigned LEB128 varint, as protobuf and libp2p's length prefixes write one. */
function varint (n: number): Uint8Array {
  const out: number[] = []
  do {
    const low = n % 128
    n = Math.floor(n / 128)
    out.push(n > 0 ? low | 0x80 : low)
  } while (n > 0)
  return Uint8Array.from(out)
}

/** What the stream reader hands the decoder: the bytes read so far, one list entry per byte. */
const byteByByte = (bytes: Uint8Array): Uint8ArrayList => new Uint8ArrayList(...Array.from(bytes, (b) => Uint8Array.of(b)))

describe('decodeLength (net/length-prefix.ts)', () => {
  it('decodes every varint length up to MAX_LENGTH_BYTES bytes, from a list or an array', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** (7 * MAX_LENGTH_BYTES) - 1 }), (n) => {
      const encoded = varint(n)
      expect(decodeLength(byteByByte(encoded))).toBe(n)
      expect(decodeLength(encoded)).toBe(n)
    }), { numRuns: 2000 })
  })

  it('says "not yet" with a plain RangeError (the reader then reads a byte more) while the length continues', () => {
    const encoded = varint(300_000)
    for (let i = 0; i < encoded.length; i++) {
      let caught: unknown
      try {
        decodeLength(byteByByte(encoded.subarray(0, i)))
      } catch (err) {
        caught = err
      }
      expect((caught as Error).constructor).toBe(RangeError)
    }
  })

  it('refuses a prefix that has not ended after MAX_LENGTH_BYTES bytes (LengthPrefixTooLongError, not a RangeError)', () => {
    let caught: unknown
    try {
      decodeLength(byteByByte(new Uint8Array(MAX_LENGTH_BYTES).fill(0x80)))
    } catch (err) {
      caught = err
    }
    expect((caught as Error).name).toBe('LengthPrefixTooLongError')
    expect(caught).not.toBeInstanceOf(RangeError)
  })
})
