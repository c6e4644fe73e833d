import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fromHex,
  generateIdentity,
  identityFromSeed,
  isValidSignature,
  ready,
  SIGNATURE_LABELS,
  sign,
  verify,
  type SignatureLabel
} from '../src/index.js'
import { sodium } from '../src/sodium.js'
import { RFC8032_VECTORS } from './vectors/rfc8032.js'

beforeAll(ready)

const labels = Object.values(SIGNATURE_LABELS)
const enc = new TextEncoder()
const invalid = expect.objectContaining({ name: 'InvalidSignatureError' })

describe('signature', () => {
  it('signs the documented bytes: "Parley signature\\0", label length, label, payload', () => {
    const identity = identityFromSeed(fromHex(RFC8032_VECTORS[0].secretKey))
    const label = SIGNATURE_LABELS.roomMessage
    const payload = Uint8Array.of(1, 2, 3)
    const signed = Uint8Array.from([...enc.encode('Parley signature\0'), label.length, ...enc.encode(label), ...payload])
    expect(sign(identity, label, payload)).toEqual(sodium().crypto_sign_detached(signed, identity.secretKey))
  })

  it('verifies what it signed, under every label', () => {
    const identity = generateIdentity()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...labels), (payload, label) => {
      const signature = sign(identity, label, payload)
      expect(signature).toHaveLength(64)
      verify(identity.publicKey, label, payload, signature)
      expect(isValidSignature(identity.publicKey, label, payload, signature)).toBe(true)
    }), { numRuns: 200 })
  })

  it('rejects any flipped bit in payload or signature', () => {
    const identity = generateIdentity()
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), fc.boolean(), (payload, at, inSignature) => {
      const signature = sign(identity, SIGNATURE_LABELS.roomMessage, payload)
      const target = inSignature ? signature : payload
      const bit = at % (target.length * 8)
      target[bit >> 3] ^= 1 << (bit & 7)
      expect(() => verify(identity.publicKey, SIGNATURE_LABELS.roomMessage, payload, signature)).toThrow(invalid)
    }), { numRuns: 300 })
  })

  it('rejects a signature checked under any other label', () => {
    const identity = generateIdentity()
    const pairs = fc.tuple(fc.constantFrom(...labels), fc.constantFrom(...labels)).filter(([a, b]) => a !== b)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), pairs, (payload, [signedAs, checkedAs]) => {
      const signature = sign(identity, signedAs, payload)
      expect(() => verify(identity.publicKey, checkedAs, payload, signature)).toThrow(invalid)
    }), { numRuns: 100 })
  })

  it('rejects a signature checked against any other key', () => {
    const signer = generateIdentity()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (payload, otherSeed) => {
      const other = identityFromSeed(otherSeed)
      fc.pre(!sodium().memcmp(other.publicKey, signer.publicKey))
      const signature = sign(signer, SIGNATURE_LABELS.dmMessage, payload)
      expect(() => verify(other.publicKey, SIGNATURE_LABELS.dmMessage, payload, signature)).toThrow(invalid)
    }), { numRuns: 100 })
  })

  it('does not let a label boundary move between label and payload', () => {
    const identity = generateIdentity()
    const signature = sign(identity, SIGNATURE_LABELS.invite, enc.encode('x'))
    expect(isValidSignature(identity.publicKey, SIGNATURE_LABELS.invite, enc.encode('x'), signature)).toBe(true)
    expect(isValidSignature(identity.publicKey, SIGNATURE_LABELS.invite, enc.encode('xx'), signature)).toBe(false)
    expect(isValidSignature(identity.publicKey, SIGNATURE_LABELS.invite, new Uint8Array(0), signature)).toBe(false)
  })

  it('treats garbage signatures and keys as invalid, and wrong types as argument errors', () => {
    const a = generateIdentity()
    const payload = Uint8Array.of(1, 2, 3)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (signature, key) => {
      expect(isValidSignature(key, SIGNATURE_LABELS.roomMessage, payload, signature)).toBe(false)
      expect(() => verify(a.publicKey, SIGNATURE_LABELS.roomMessage, payload, signature)).toThrow(invalid)
    }), { numRuns: 200 })
    expect(isValidSignature(new Uint8Array(32).fill(0xff), SIGNATURE_LABELS.roomMessage, payload, new Uint8Array(64))).toBe(false)
    expect(() => sign(a, 'not-a-label' as SignatureLabel, payload)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => verify(a.publicKey, 'parley/other/v1' as SignatureLabel, payload, new Uint8Array(64))).toThrow(/label/)
    expect(() => sign(a, SIGNATURE_LABELS.roomMessage, 'text' as unknown as Uint8Array)).toThrow(/payload/)
    expect(() => verify(new Uint8Array(31), SIGNATURE_LABELS.roomMessage, payload, new Uint8Array(64))).toThrow(/publicKey/)
    expect(() => verify(a.publicKey, SIGNATURE_LABELS.roomMessage, payload, 'sig' as never)).toThrow(/signature/)
    expect(() => sign({} as never, SIGNATURE_LABELS.roomMessage, payload)).toThrow(/identity/)
  })
})
