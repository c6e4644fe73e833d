/**
 * OpenSSL's ChaCha20-Poly1305 (RFC 8439, through node:crypto) for the bulk of file chunks
 * (@parley/crypto's chunk-cipher.ts derives the XChaCha20 subkey; the output is libsodium's, byte
 * for byte). The Node entry registers it; the browser keeps libsodium's WebAssembly.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto'
import type { ChaCha20Poly1305 } from '@parley/crypto'

const TAG = 16

/** `bytes` as a plain Uint8Array over the same memory (a Buffer's slice() shares, a Uint8Array's copies). */
const plain = (bytes: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength)

export const nodeChaCha20Poly1305: ChaCha20Poly1305 = {
  seal (key, nonce, plaintext, ad) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
    cipher.setAAD(ad, { plaintextLength: plaintext.length })
    const out = new Uint8Array(plaintext.length + TAG)
    out.set(cipher.update(plaintext))
    cipher.final()
    out.set(cipher.getAuthTag(), plaintext.length)
    return out
  },
  open (key, nonce, sealed, ad) {
    if (sealed.length < TAG) return undefined
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
    decipher.setAAD(ad, { plaintextLength: sealed.length - TAG })
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
    const out = decipher.update(sealed.subarray(0, sealed.length - TAG))
    try {
      decipher.final()
    } catch {
      // Not authentic: what update() produced is dropped unseen.
      out.fill(0)
      return undefined
    }
    // A large result owns its memory; a small one may sit in Node's shared pool, so it is copied out.
    return out.byteOffset === 0 && out.buffer.byteLength === out.byteLength ? plain(out) : Uint8Array.from(out)
  }
}
