import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
// The package's entry point mends the runtime's writer (pb-runtime.ts).
import '../src/index.js'
import { FileRef } from '../src/pb/files.js'

describe('uint64 fields (protons-runtime writer mended in pb-runtime.ts)', () => {
  it('round-trip values from 2^31 to 2^32 - 1, which the runtime alone writes wrongly', () => {
    for (const size of [2n ** 31n - 1n, 2n ** 31n, 3n * 2n ** 30n, 2n ** 32n - 1n, 2n ** 32n]) {
      const bytes = FileRef.encode({ size, name: 'after the size' })
      expect(FileRef.decode(bytes)).toMatchObject({ size, name: 'after the size' })
    }
  })

  it('round-trip any uint64, with the fields after it', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (size) => {
      expect(FileRef.decode(FileRef.encode({ size, name: 'n' }))).toMatchObject({ size, name: 'n' })
    }), { numRuns: 2000 })
  })
})

describe('string fields (protons-runtime reader mended in pb-runtime.ts)', () => {
  it('round-trip any well-formed text, short or long, a leading byte order mark included', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (name) => {
      expect(FileRef.decode(FileRef.encode({ size: 1n, name })).name).toBe(name)
      expect(FileRef.decode(FileRef.encode({ size: 1n, name: `\uFEFF${name}` })).name).toBe(`\uFEFF${name}`)
    }), { numRuns: 500 })
  })

  it('decode malformed UTF-8 with replacement characters, so it does not re-encode to the same bytes', () => {
    const good = FileRef.encode({ size: 1n, name: 'aé' })
    // é's second byte (0xa9) made 'A': a lead byte with no continuation, 0xc3 0x41.
    const bad = good.slice()
    bad[good.indexOf(0xa9)] = 0x41
    const decoded = FileRef.decode(bad)
    expect(decoded.name).toBe('a\uFFFDA')
    expect(FileRef.encode(decoded)).not.toEqual(bad)
  })
})
