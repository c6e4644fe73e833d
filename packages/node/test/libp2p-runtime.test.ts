import fc from 'fast-check'
import { LengthPrefixedDecoder } from '@libp2p/utils'
import type { Uint8ArrayList } from 'uint8arraylist'
import { describe, expect, it } from 'vitest'
// The package's entry point mends the decoder (libp2p-runtime.ts).
import '../src/index.js'

/** Noise's framing: a two-byte big-endian length, then the message. */
const frame = (m: Uint8Array): Uint8Array => Uint8Array.from([m.length >> 8, m.length & 0xff, ...m])

/** A two-byte length decoder like Noise's, counting the calls made on an empty buffer. */
function counted (): { decoder: (data: Uint8ArrayList | Uint8Array) => number, empty: () => number } {
  let empty = 0
  return {
    decoder: (data) => {
      if (data.byteLength === 0) empty++
      if (data.byteLength < 2) throw new RangeError('not yet')
      return data instanceof Uint8Array ? (data[0] << 8) | data[1] : data.getUint16(0)
    },
    empty: () => empty
  }
}

describe('LengthPrefixedDecoder (@libp2p/utils, mended in libp2p-runtime.ts)', () => {
  it('yields every message whatever the chunking, and never asks for a length of nothing', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
      (messages, cuts) => {
        const bytes = Uint8Array.from(messages.flatMap((m) => [...frame(m)]))
        const { decoder, empty } = counted()
        const lp = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2 })
        const out: Uint8Array[] = []
        let at = 0
        let i = 0
        while (at < bytes.length) {
          const end = Math.min(bytes.length, at + cuts[i++ % cuts.length])
          for (const m of lp.decode(bytes.subarray(at, end))) out.push(m.subarray())
          at = end
        }
        expect(out).toEqual(messages)
        expect(empty()).toBe(0)
      }
    ), { numRuns: 300 })
  })

  it('still refuses a length over its bound (InvalidMessageLengthError) and a buffer over its bound (InvalidParametersError)', () => {
    const { decoder } = counted()
    const small = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2, maxDataLength: 10 })
    expect(() => [...small.decode(frame(new Uint8Array(11)))]).toThrow(expect.objectContaining({ name: 'InvalidMessageLengthError' }))
    const tight = new LengthPrefixedDecoder({ lengthDecoder: decoder, encodingLength: () => 2, maxBufferSize: 4 })
    expect(() => [...tight.decode(new Uint8Array(5))]).toThrow(expect.objectContaining({ name: 'InvalidParametersError' }))
  })
})
