/**
 * The AEAD under file chunks: XChaCha20-Poly1305 (IETF), which is HChaCha20 of the key and the
 * nonce's first 16 bytes (a subkey), then ChaCha20-Poly1305 of RFC 8439 under that subkey with the
 * 12-byte nonce 0⁴ ‖ nonce[16..24] (draft-irtf-cfrg-xchacha §2.3, how libsodium builds it).
 *
 * libsodium's WebAssembly does the whole of it by default. A host with a native RFC 8439
 * ChaCha20-Poly1305 (Node: OpenSSL) gives it with {@link useNativeChaCha20Poly1305}: the subkey is
 * still derived here by libsodium, and the output is byte for byte the same (tested), so peers with
 * and without it read each other's chunks. It moves a 256 KiB chunk several times faster, which is
 * what sending and saving large files are made of.
 */
import { concat } from '../encoding.js'
import { sodium } from '../sodium.js'

/** RFC 8439 ChaCha20-Poly1305 with a 32-byte key, a 12-byte nonce and a 16-byte tag after the ciphertext. */
export interface ChaCha20Poly1305 {
  seal: (key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array) => Uint8Array<ArrayBuffer>
  /**
   * The plaintext of `sealed` (ciphertext ‖ tag, given in pieces), in pieces of the same lengths
   * (the tag's bytes left out), or undefined when it does not authenticate.
   */
  open: (key: Uint8Array, nonce: Uint8Array, sealed: readonly Uint8Array[], ad: Uint8Array) => Array<Uint8Array<ArrayBuffer>> | undefined
}

let native: ChaCha20Poly1305 | undefined

/** Has file chunks sealed and opened through `cipher` (undefined: libsodium's alone again). */
export function useNativeChaCha20Poly1305 (cipher: ChaCha20Poly1305 | undefined): void {
  native = cipher
}

/** libsodium.js has HChaCha20; its type definitions leave it out. */
type HChaCha20 = (input: Uint8Array, key: Uint8Array, constant: Uint8Array | null) => Uint8Array

/** The subkey and 12-byte nonce XChaCha20-Poly1305 runs ChaCha20-Poly1305 under. */
function derive (key: Uint8Array, nonce: Uint8Array): { subkey: Uint8Array, nonce12: Uint8Array } {
  const hchacha20 = (sodium() as unknown as { crypto_core_hchacha20: HChaCha20 }).crypto_core_hchacha20
  const subkey = hchacha20(nonce.subarray(0, 16), key, null)
  const nonce12 = new Uint8Array(12)
  nonce12.set(nonce.subarray(16, 24), 4)
  return { subkey, nonce12 }
}

/** XChaCha20-Poly1305 (IETF) seal: ciphertext ‖ 16-byte tag. */
export function xchachaSeal (key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array<ArrayBuffer> {
  if (native === undefined) return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad, null, nonce, key) as Uint8Array<ArrayBuffer>
  const { subkey, nonce12 } = derive(key, nonce)
  try {
    return native.seal(subkey, nonce12, plaintext, ad)
  } finally {
    sodium().memzero(subkey)
  }
}

/** `parts` as one buffer (itself when it is one already). */
function joined (parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : concat(...parts)
}

/**
 * XChaCha20-Poly1305 (IETF) open of `sealed` in pieces: the plaintext in pieces (the native cipher
 * opens piece by piece; libsodium opens one buffer), or undefined when it does not authenticate.
 */
export function xchachaOpen (key: Uint8Array, nonce: Uint8Array, sealed: readonly Uint8Array[], ad: Uint8Array): Array<Uint8Array<ArrayBuffer>> | undefined {
  if (native === undefined) {
    try {
      return [sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, joined(sealed), ad, nonce, key) as Uint8Array<ArrayBuffer>]
    } catch {
      return undefined
    }
  }
  const { subkey, nonce12 } = derive(key, nonce)
  try {
    return native.open(subkey, nonce12, sealed, ad)
  } finally {
    sodium().memzero(subkey)
  }
}
