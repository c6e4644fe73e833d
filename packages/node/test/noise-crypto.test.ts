import { randomBytes } from 'node:crypto'
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto'
import { describe, expect, it } from 'vitest'
import { NATIVE_FROM_BYTES, noiseCrypto } from '../src/node/noise-crypto.js'

/** Noise's output as one array (its Uint8ArrayList is another major version than ours). */
const bytes = (x: Uint8Array | { subarray: () => Uint8Array }): Uint8Array => x instanceof Uint8Array ? Uint8Array.from(x) : x.subarray()

describe('the Node host\'s Noise ChaCha20-Poly1305 (node/noise-crypto.ts)', () => {
  it('seals what Noise\'s default opens and opens what it seals, on both sides of every threshold', () => {
    const k = randomBytes(32)
    const nonce = randomBytes(12)
    const ad = randomBytes(32)
    for (const size of [0, 1, 1199, 1200, 1300, NATIVE_FROM_BYTES - 1, NATIVE_FROM_BYTES, 65519]) {
      const plaintext = randomBytes(size)
      const ours = bytes(noiseCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, k))
      expect(ours).toEqual(bytes(defaultCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, k)))
      expect(bytes(defaultCrypto.chaCha20Poly1305Decrypt(ours, nonce, ad, k))).toEqual(Uint8Array.from(plaintext))
      expect(bytes(noiseCrypto.chaCha20Poly1305Decrypt(ours, nonce, ad, k))).toEqual(Uint8Array.from(plaintext))
      // A flipped bit anywhere fails to open, whichever implementation reads it.
      const forged = ours.slice()
      forged[Math.floor(forged.length / 2)] ^= 1
      expect(() => noiseCrypto.chaCha20Poly1305Decrypt(forged, nonce, ad, k)).toThrow(forged.length < NATIVE_FROM_BYTES ? 'Invalid chacha20poly1305 decryption' : 'unable to authenticate data')
    }
  })
})
