/**
 * The ChaCha20-Poly1305 of every Noise message on the Node host's connections.
 *
 * @chainsafe/libp2p-noise seals a message under 1,200 bytes with its WebAssembly implementation
 * and a larger one through node:crypto, whose every call creates a cipher object (a key object,
 * OpenSSL's context): 30–45 µs before the first byte on the 2-core machine, against 4–8 µs for the
 * WebAssembly's set-up, which then costs about 8.5 µs per KiB. A DM frame of a 1 KiB text (1.2–1.3
 * KiB with its framing) paid 44 µs through node:crypto against 17 µs. The two cross at about
 * 3–4 KiB here (measured in bench/README.md#dm); node:crypto is kept above NATIVE_FROM_BYTES, where
 * a file chunk's 64 KiB messages take 119 µs against 573 µs.
 */
import { asCrypto, defaultCrypto, nodeCrypto } from '@chainsafe/libp2p-noise/crypto'
import type { ICryptoInterface } from '@chainsafe/libp2p-noise'

/** From this many bytes a Noise message goes through node:crypto. */
export const NATIVE_FROM_BYTES = 3072

export const noiseCrypto: ICryptoInterface = {
  ...defaultCrypto,
  chaCha20Poly1305Encrypt (plaintext, nonce, ad, k) {
    return (plaintext.byteLength < NATIVE_FROM_BYTES ? asCrypto : nodeCrypto).chaCha20Poly1305Encrypt(plaintext, nonce, ad, k)
  },
  chaCha20Poly1305Decrypt (ciphertext, nonce, ad, k, dst) {
    return (ciphertext.byteLength < NATIVE_FROM_BYTES ? asCrypto : nodeCrypto).chaCha20Poly1305Decrypt(ciphertext, nonce, ad, k, dst)
  }
}
