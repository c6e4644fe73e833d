import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concat, fromHex, toHex } from '../src/index.js'

describe('hex', () => {
  it('round-trips any bytes through lower-case hex', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 128 }), (bytes) => {
      const hex = toHex(bytes)
      expect(hex).toMatch(/^[0-9a-f]*$/)
      expect(hex).toHaveLength(bytes.length * 2)
      expect(fromHex(hex)).toEqual(bytes)
      expect(fromHex(hex.toUpperCase())).toEqual(bytes)
    }), { numRuns: 300 })
  })

  it('refuses odd lengths, non-hex characters and whitespace with InvalidHexError', () => {
    for (const bad of ['0', 'zz', '0g', ' 00', '00 ', '0x00', '+1', '-1', '٠٠']) {
      expect(() => fromHex(bad)).toThrow(expect.objectContaining({ name: 'InvalidHexError' }))
    }
  })

  it('refuses any string that is not hex, never returning bytes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => {
      fc.pre(!/^(?:[0-9a-fA-F]{2})*$/.test(text))
      expect(() => fromHex(text)).toThrow(expect.objectContaining({ name: 'InvalidHexError' }))
    }), { numRuns: 300 })
  })

  it('names the parameter on wrong types', () => {
    expect(() => fromHex(5 as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => fromHex(5 as never)).toThrow(/hex/)
    expect(() => toHex([1, 2] as never)).toThrow(/bytes/)
  })
})

describe('concat', () => {
  it('joins byte arrays in order', () => {
    expect(concat(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))).toEqual(Uint8Array.of(1, 2, 3))
    expect(concat()).toEqual(new Uint8Array(0))
  })
})
