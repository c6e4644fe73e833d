import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { blake2b256, constantTimeEqual, fromHex, randomBytes, ready, sha512, toHex } from '../src/index.js'
import { BLAKE2B_256_VECTORS, SHA512_ABC } from './vectors/hashes.js'

beforeAll(ready)

const enc = new TextEncoder()

/** `range:N` is the bytes 0..N-1, anything else is UTF-8 text. */
function bytesOf (spec: string): Uint8Array {
  const range = /^range:(\d+)$/.exec(spec)
  return range === null ? enc.encode(spec) : Uint8Array.from({ length: Number(range[1]) }, (_, i) => i)
}

describe('blake2b256', () => {
  it.each(BLAKE2B_256_VECTORS)('matches the reference digest of $data keyed with $key', (v) => {
    const key = v.key === null ? undefined : bytesOf(v.key)
    expect(toHex(blake2b256(bytesOf(v.data), key))).toBe(v.digest)
  })

  it('gives a different digest under a key than without one', () => {
    const data = enc.encode('abc')
    expect(blake2b256(data, new Uint8Array(16))).not.toEqual(blake2b256(data))
  })

  it('refuses keys shorter than 16 or longer than 64 bytes and non-byte input', () => {
    expect(() => blake2b256(new Uint8Array(1), new Uint8Array(15))).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => blake2b256(new Uint8Array(1), new Uint8Array(65))).toThrow(/key/)
    expect(() => blake2b256('abc' as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => blake2b256('abc' as never)).toThrow(/data/)
  })
})

describe('sha512', () => {
  it('matches the FIPS 180-2 digest of "abc"', () => {
    expect(toHex(sha512(enc.encode('abc')))).toBe(SHA512_ABC)
  })
})

describe('randomBytes', () => {
  it('returns the requested number of bytes, different each call', () => {
    expect(randomBytes(0)).toHaveLength(0)
    expect(randomBytes(40)).toHaveLength(40)
    expect(randomBytes(32)).not.toEqual(randomBytes(32))
  })

  it('refuses negative, fractional and non-number lengths', () => {
    expect(() => randomBytes(-1)).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => randomBytes(1.5)).toThrow(/length/)
    expect(() => randomBytes('8' as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
  })
})

describe('constantTimeEqual', () => {
  it('agrees with byte-by-byte equality', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
      const same = a.length === b.length && a.every((x, i) => x === b[i])
      expect(constantTimeEqual(a, b)).toBe(same)
      expect(constantTimeEqual(a, a.slice())).toBe(true)
    }), { numRuns: 300 })
  })

  it('sees a difference in the last byte and a difference in length', () => {
    expect(constantTimeEqual(fromHex('000001'), fromHex('000000'))).toBe(false)
    expect(constantTimeEqual(fromHex('0000'), fromHex('000000'))).toBe(false)
    expect(() => constantTimeEqual(new Uint8Array(1), [0] as never)).toThrow(/\bb\b/)
  })
})
