import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateIdentity, isSealedIdentity, openIdentity, ready, sealIdentity } from '../src/index.js'

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

  it('checks its arguments', () => {
    const identity = generateIdentity()
    expect(() => sealIdentity(identity, '', FAST)).toThrow(/passphrase/)
    expect(() => sealIdentity(identity, 5 as never, FAST)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => sealIdentity(identity, 'pw', { opsLimit: 1000 })).toThrow(/opsLimit/)
    expect(() => openIdentity('blob' as never, 'pw')).toThrow(/blob/)
  })
})
