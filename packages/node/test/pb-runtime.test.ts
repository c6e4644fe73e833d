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
