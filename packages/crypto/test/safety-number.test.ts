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

  it('changes when a stable id changes, even with the same keys', () => {
    const other = { id: enc.encode('+141512222222'), publicKey: alice.publicKey }
    expect(safetyNumber(other, bob, 1024)).not.toBe(safetyNumber(alice, bob, 1024))
  })

  it('refuses iteration counts libsignal refuses and malformed sides', () => {
    expect(() => safetyNumber(alice, bob, 1)).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => safetyNumber(alice, bob, 1_000_001)).toThrow(/iterations/)
    expect(() => safetyNumber(alice, bob, '5200' as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => safetyNumber(alice, { id: new Uint8Array(1), publicKey: new Uint8Array(0) })).toThrow(/remote\.publicKey/)
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
    for (const bad of ['123', V.displayable + '1', V.displayable.slice(0, 59) + 'x', ` ${V.displayable.slice(1)}`, 60 as never]) {
      expect(() => formatSafetyNumber(bad)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    }
    expect(() => formatSafetyNumber('1')).toThrow(/digits/)
  })
})

describe('scannableSafetyNumber', () => {
  it('matches libsignal\'s version 1 scannable vectors byte for byte', () => {
    expect(toHex(scannableSafetyNumber(alice, bob, V.iterations))).toBe(V.aliceScannableV1)
    expect(toHex(scannableSafetyNumber(bob, alice, V.iterations))).toBe(V.bobScannableV1)
  })

  it('accepts libsignal\'s code for the other side', () => {
    expect(compareScannable(alice, bob, fromHex(V.bobScannableV1), V.iterations)).toBe(true)
    expect(compareScannable(bob, alice, fromHex(V.aliceScannableV1), V.iterations)).toBe(true)
    expect(compareScannable(alice, bob, fromHex(V.aliceScannableV1), V.iterations)).toBe(false)
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

  it('names a version mismatch and carries both versions', () => {
    expect(() => compareScannable(alice, bob, fromHex(V.bobScannableV2), V.iterations))
      .toThrow(expect.objectContaining({ name: 'ScannableVersionMismatchError', theirs: 2, ours: 1 }))
  })

  it('refuses truncated, stretched and reshaped codes with InvalidScannableError', () => {
    const good = fromHex(V.bobScannableV1)
    const shortContent = fromHex('080112210a1f' + '00'.repeat(31) + '1a220a20' + '00'.repeat(32))
    const noVersion = good.subarray(2)
    const fixed64 = Uint8Array.of(0x09, ...new Uint8Array(8))
    for (const bad of [good.subarray(0, 69), good.subarray(0, 1), shortContent, noVersion, fixed64, new Uint8Array(129), Uint8Array.of(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)]) {
      expect(() => compareScannable(alice, bob, bad, V.iterations)).toThrow(expect.objectContaining({ name: 'InvalidScannableError' }))
    }
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
    expect(() => compareScannable({} as never, bob, new Uint8Array(0))).toThrow(/local\.id/)
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

  it('is the first 4 bytes of BLAKE2b-256 of the key, as two hex groups', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i)
    // BLAKE2b-256(0x00..0x1f) from CPython hashlib.blake2b(digest_size=32).
    expect(shortFingerprint(key)).toBe('cb2f:5160')
  })
})
