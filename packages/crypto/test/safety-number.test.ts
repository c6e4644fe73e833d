import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  compareScannable,
  formatSafetyNumber,
  fromHex,
  generateIdentity,
  ready,
  safetyNumber,
  scannableSafetyNumber,
  shortFingerprint,
  toHex,
  type FingerprintIdentity,
  type Identity
} from '../src/index.js'
import { LIBSIGNAL_FINGERPRINT as V } from './vectors/libsignal-fingerprint.js'

beforeAll(ready)

const enc = new TextEncoder()
const alice: FingerprintIdentity = { id: enc.encode(V.aliceStableId), publicKey: fromHex(V.aliceIdentity) }
const bob: FingerprintIdentity = { id: enc.encode(V.bobStableId), publicKey: fromHex(V.bobIdentity) }

/** A Parley identity as a fingerprint side: the PeerId bytes and the raw Ed25519 key. */
function side (identity: Identity): FingerprintIdentity {
  const peerId = peerIdFromPublicKey(publicKeyFromRaw(identity.publicKey))
  return { id: peerId.toMultihash().bytes, publicKey: identity.publicKey }
}

describe('safetyNumber', () => {
  it('matches libsignal\'s displayable vector from both sides', () => {
    expect(safetyNumber(alice, bob, V.iterations)).toBe(V.displayable)
    expect(safetyNumber(bob, alice, V.iterations)).toBe(V.displayable)
  })

  it('uses 5200 iterations by default', () => {
    expect(safetyNumber(alice, bob)).toBe(V.displayable)
  })

  it('gives both Parley contacts the same 60 digits and a third identity a different number', () => {
    const a = side(generateIdentity())
    const b = side(generateIdentity())
    const m = side(generateIdentity())
    const ab = safetyNumber(a, b, 1024)
    expect(ab).toMatch(/^[0-9]{60}$/)
    expect(safetyNumber(b, a, 1024)).toBe(ab)
    expect(safetyNumber(a, m, 1024)).not.toBe(ab)
    expect(safetyNumber(m, b, 1024)).not.toBe(ab)
  })

  it('refuses iteration counts libsignal refuses and malformed sides', () => {
    expect(() => safetyNumber(alice, bob, 1)).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => safetyNumber(alice, bob, 1_000_001)).toThrow(/iterations/)
    expect(() => safetyNumber({ id: 'x' } as never, bob)).toThrow(/local\.id/)
    expect(() => safetyNumber(alice, null as never)).toThrow(/remote/)
  })
})

describe('formatSafetyNumber', () => {
  it('splits 60 digits into 12 groups of 5', () => {
    const groups = formatSafetyNumber(V.displayable)
    expect(groups).toHaveLength(12)
    expect(groups[0]).toBe('30035')
    expect(groups.join('')).toBe(V.displayable)
  })

  it('refuses anything but 60 digits', () => {
    expect(() => formatSafetyNumber('123')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
  })
})

describe('scannableSafetyNumber', () => {
  it('matches libsignal\'s version 1 scannable vectors byte for byte', () => {
    expect(toHex(scannableSafetyNumber(alice, bob, V.iterations))).toBe(V.aliceScannableV1)
    expect(toHex(scannableSafetyNumber(bob, alice, V.iterations))).toBe(V.bobScannableV1)
  })

  it('accepts the other side\'s scan and refuses our own or a third party\'s', () => {
    const a = side(generateIdentity())
    const b = side(generateIdentity())
    const m = side(generateIdentity())
    expect(compareScannable(a, b, scannableSafetyNumber(b, a, 1024), 1024)).toBe(true)
    expect(compareScannable(b, a, scannableSafetyNumber(a, b, 1024), 1024)).toBe(true)
    expect(compareScannable(a, b, scannableSafetyNumber(a, b, 1024), 1024)).toBe(false)
    expect(compareScannable(a, b, scannableSafetyNumber(m, a, 1024), 1024)).toBe(false)
  })

  it('names a version mismatch', () => {
    expect(() => compareScannable(bob, alice, fromHex(V.aliceScannableV2), V.iterations))
      .toThrow(expect.objectContaining({ name: 'ScannableVersionMismatchError' }))
  })

  it('refuses garbage with a typed error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
      try {
        expect(compareScannable(alice, bob, garbage, 2)).toBe(false)
      } catch (err) {
        expect(['InvalidScannableError', 'ScannableVersionMismatchError']).toContain((err as Error).name)
      }
    }), { numRuns: 300 })
    expect(() => compareScannable(alice, bob, new Uint8Array(0))).toThrow(expect.objectContaining({ name: 'InvalidScannableError' }))
    expect(() => compareScannable(alice, bob, 'qr' as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
  })
})

describe('shortFingerprint', () => {
  it('is short, stable and differs between keys', () => {
    const a = generateIdentity()
    const b = generateIdentity()
    expect(shortFingerprint(a.publicKey)).toMatch(/^[0-9a-f]{4}:[0-9a-f]{4}$/)
    expect(shortFingerprint(a.publicKey)).toBe(shortFingerprint(a.publicKey))
    expect(shortFingerprint(a.publicKey)).not.toBe(shortFingerprint(b.publicKey))
    expect(() => shortFingerprint(new Uint8Array(3))).toThrow(/publicKey/)
  })
})
