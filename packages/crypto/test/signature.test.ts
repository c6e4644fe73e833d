import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateIdentity, isValidSignature, ready, SIGNATURE_LABELS, sign, verify, type SignatureLabel } from '../src/index.js'

beforeAll(ready)

const labels = Object.values(SIGNATURE_LABELS)

describe('signature', () => {
  it('verifies what it signed, under every label', () => {
    const identity = generateIdentity()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...labels), (payload, label) => {
      verify(identity.publicKey, label, payload, sign(identity, label, payload))
    }), { numRuns: 200 })
  })

  it('rejects any flipped bit in payload or signature', () => {
    const identity = generateIdentity()
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), fc.boolean(), (payload, at, inSignature) => {
      const signature = sign(identity, SIGNATURE_LABELS.roomMessage, payload)
      const target = inSignature ? signature : payload
      const bit = at % (target.length * 8)
      target[bit >> 3] ^= 1 << (bit & 7)
      expect(() => verify(identity.publicKey, SIGNATURE_LABELS.roomMessage, payload, signature))
        .toThrow(expect.objectContaining({ name: 'InvalidSignatureError' }))
    }), { numRuns: 300 })
  })

  it('rejects a signature made under another label or by another key', () => {
    const a = generateIdentity()
    const b = generateIdentity()
    const payload = new TextEncoder().encode('hello')
    const signature = sign(a, SIGNATURE_LABELS.roomMessage, payload)
    expect(isValidSignature(a.publicKey, SIGNATURE_LABELS.presence, payload, signature)).toBe(false)
    expect(isValidSignature(b.publicKey, SIGNATURE_LABELS.roomMessage, payload, signature)).toBe(false)
    expect(() => verify(b.publicKey, SIGNATURE_LABELS.roomMessage, payload, signature))
      .toThrow(expect.objectContaining({ name: 'InvalidSignatureError' }))
  })

  it('treats garbage signatures and keys as invalid, and wrong types as argument errors', () => {
    const a = generateIdentity()
    const payload = Uint8Array.of(1, 2, 3)
    expect(isValidSignature(a.publicKey, SIGNATURE_LABELS.roomMessage, payload, new Uint8Array(10))).toBe(false)
    expect(isValidSignature(new Uint8Array(32).fill(0xff), SIGNATURE_LABELS.roomMessage, payload, new Uint8Array(64))).toBe(false)
    expect(() => sign(a, 'not-a-label' as SignatureLabel, payload)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => sign(a, SIGNATURE_LABELS.roomMessage, 'text' as unknown as Uint8Array)).toThrow(/payload/)
    expect(() => verify(new Uint8Array(31), SIGNATURE_LABELS.roomMessage, payload, new Uint8Array(64))).toThrow(/publicKey/)
    expect(() => sign({} as never, SIGNATURE_LABELS.roomMessage, payload)).toThrow(/identity/)
  })
})
