import { hkdfSync } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { fromHex, ready, toHex } from '../../src/index.js'
import { hkdfSha256 } from '../../src/session/hkdf.js'

beforeAll(ready)

const range = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i)

// RFC 5869 Appendix A, test cases 1–3 (SHA-256). https://www.rfc-editor.org/rfc/rfc5869#appendix-A
describe('hkdfSha256', () => {
  it('matches RFC 5869 test case 1', () => {
    const okm = hkdfSha256(fromHex('0b'.repeat(22)), fromHex('000102030405060708090a0b0c'), fromHex('f0f1f2f3f4f5f6f7f8f9'), 42)
    expect(toHex(okm)).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865')
  })

  it('matches RFC 5869 test case 2 (longer inputs and outputs)', () => {
    const okm = hkdfSha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82)
    expect(toHex(okm)).toBe(
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c' +
      '59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71' +
      'cc30c58179ec3e87c14c01d5c1f3434f1d87'
    )
  })

  it('matches RFC 5869 test case 3 (empty salt and info)', () => {
    const okm = hkdfSha256(fromHex('0b'.repeat(22)), new Uint8Array(0), new Uint8Array(0), 42)
    expect(toHex(okm)).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8')
  })

  it('agrees with Node\'s own HKDF on random inputs', () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 1, max: 255 * 32 }),
      (ikm, salt, info, length) => {
        expect(toHex(hkdfSha256(ikm, salt, info, length))).toBe(Buffer.from(hkdfSync('sha256', ikm, salt, info, length)).toString('hex'))
      }), { numRuns: 100 })
  })

  it('refuses an output length outside 1..255 × 32', () => {
    for (const length of [0, -1, 255 * 32 + 1, 1.5]) {
      expect(() => hkdfSha256(new Uint8Array(32), new Uint8Array(0), new Uint8Array(0), length)).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    }
  })
})
