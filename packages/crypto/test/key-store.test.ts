import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  generateIdentity,
  isSealedIdentity,
  KEY_STORE_MEM_LIMIT,
  KEY_STORE_OPS_LIMIT,
  openIdentity,
  ready,
  sealIdentity
} from '../src/index.js'
import { sodium } from '../src/sodium.js'

beforeAll(ready)

// Cheap Argon2id costs keep the suite fast; the defaults are exercised once.
const FAST = { opsLimit: 1, memLimit: 8192 * 8 }

describe('key store', () => {
  it('round-trips an identity under its passphrase', () => {
    const identity = generateIdentity()
    const blob = sealIdentity(identity, 'correct horse', FAST)
    expect(isSealedIdentity(blob)).toBe(true)
    expect(openIdentity(blob, 'correct horse').secretKey).toEqual(identity.secretKey)
  })

  it('round-trips with the default Argon2id parameters', () => {
    const identity = generateIdentity()
    expect(openIdentity(sealIdentity(identity, 'pässwörd'), 'pässwörd').publicKey).toEqual(identity.publicKey)
  })

  it('uses libsodium\'s MODERATE Argon2id limits by default', () => {
    expect(KEY_STORE_OPS_LIMIT).toBe(sodium().crypto_pwhash_OPSLIMIT_MODERATE)
    expect(KEY_STORE_MEM_LIMIT).toBe(sodium().crypto_pwhash_MEMLIMIT_MODERATE)
  })

  it('seals the same identity differently each time (fresh salt and nonce)', () => {
    const identity = generateIdentity()
    expect(sealIdentity(identity, 'pw', FAST)).not.toEqual(sealIdentity(identity, 'pw', FAST))
  })

  it('opens with the passphrase typed in either Unicode normal form', () => {
    const identity = generateIdentity()
    const blob = sealIdentity(identity, 'caf\u00e9', FAST)
    expect(openIdentity(blob, 'cafe\u0301').publicKey).toEqual(identity.publicKey)
  })

  it('refuses a wrong passphrase with WrongPassphraseError', () => {
    const blob = sealIdentity(generateIdentity(), 'right', FAST)
    expect(() => openIdentity(blob, 'wrong')).toThrow(expect.objectContaining({ name: 'WrongPassphraseError' }))
  })

  it('never returns an identity from a blob with any byte changed', () => {
    const identity = generateIdentity()
    const blob = sealIdentity(identity, 'pw', FAST)
    fc.assert(fc.property(fc.nat({ max: blob.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bad = blob.slice()
      bad[at] ^= xor
      expect(() => openIdentity(bad, 'pw')).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(WrongPassphraseError|CorruptKeyStoreError)$/)
      }))
    }), { numRuns: 60 })
  })

  it('authenticates the header: a changed but valid cost parameter fails like a wrong passphrase', () => {
    const blob = sealIdentity(generateIdentity(), 'pw', FAST)
    const view = new DataView(blob.buffer, blob.byteOffset)
    view.setUint32(6, 2)
    expect(() => openIdentity(blob, 'pw')).toThrow(expect.objectContaining({ name: 'WrongPassphraseError' }))
  })

  it('refuses another version, algorithm or out-of-range costs as corrupted', () => {
    const blob = sealIdentity(generateIdentity(), 'pw', FAST)
    const tamper = (at: number, value: number): Uint8Array => {
      const bad = blob.slice()
      bad[at] = value
      return bad
    }
    for (const bad of [tamper(4, 2), tamper(5, 1), tamper(6, 0x7f), tamper(10, 0x7f), tamper(11, 0), tamper(0, 0)]) {
      expect(() => openIdentity(bad, 'pw')).toThrow(expect.objectContaining({ name: 'CorruptKeyStoreError' }))
    }
  })

  it('refuses garbage and truncated blobs as corrupted', () => {
    const blob = sealIdentity(generateIdentity(), 'pw', FAST)
    for (const bad of [new Uint8Array(0), new Uint8Array(102), blob.subarray(0, 60), new Uint8Array([...blob, 0]), new Uint8Array(1000)]) {
      expect(() => openIdentity(bad, 'pw')).toThrow(expect.objectContaining({ name: 'CorruptKeyStoreError' }))
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
      expect(() => openIdentity(garbage, 'pw')).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(WrongPassphraseError|CorruptKeyStoreError)$/)
      }))
    }), { numRuns: 100 })
  })

  it('recognises sealed identities by their magic bytes only', () => {
    expect(isSealedIdentity(sealIdentity(generateIdentity(), 'pw', FAST))).toBe(true)
    expect(isSealedIdentity(new TextEncoder().encode('PRL'))).toBe(false)
    expect(isSealedIdentity(new Uint8Array(102))).toBe(false)
    expect(() => isSealedIdentity(null as never)).toThrow(/blob/)
  })

  it('checks its arguments', () => {
    const identity = generateIdentity()
    expect(() => sealIdentity(identity, '', FAST)).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => sealIdentity(identity, '', FAST)).toThrow(/passphrase/)
    expect(() => sealIdentity(identity, 5 as never, FAST)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => sealIdentity(identity, 'pw', { opsLimit: 1000 })).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => sealIdentity(identity, 'pw', { opsLimit: 1000 })).toThrow(/opsLimit/)
    expect(() => sealIdentity(identity, 'pw', { memLimit: 1024 })).toThrow(/memLimit/)
    expect(() => sealIdentity(identity, 'pw', { memLimit: '1' as never })).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => sealIdentity(identity, 'pw', null as never)).toThrow(/params/)
    expect(() => sealIdentity({} as never, 'pw', FAST)).toThrow(/identity/)
    expect(() => openIdentity('blob' as never, 'pw')).toThrow(/blob/)
    expect(() => openIdentity(new Uint8Array(102), '')).toThrow(/passphrase/)
  })
})
