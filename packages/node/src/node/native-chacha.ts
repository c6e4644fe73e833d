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
    const length = sealed.reduce((n, p) => n + p.length, 0)
    if (length < TAG) return undefined
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG })
    decipher.setAAD(ad, { plaintextLength: length - TAG })
    // The tag is the last TAG bytes, which may span pieces: the ciphertext is everything before.
    const tag = new Uint8Array(TAG)
    const out: Buffer[] = []
    let at = 0
    for (const part of sealed) {
      const body = Math.max(0, Math.min(part.length, length - TAG - at))
      if (body > 0) out.push(decipher.update(part.subarray(0, body)))
      if (body < part.length) tag.set(part.subarray(body), at + body - (length - TAG))
      at += part.length
    }
    decipher.setAuthTag(tag)
    try {
      decipher.final()
    } catch {
      // Not authentic: what update() produced is dropped unseen.
      for (const o of out) o.fill(0)
      return undefined
    }
    // A large result owns its memory; a small one may sit in Node's shared pool, so it is copied out.
    return out.map((o) => o.byteOffset === 0 && o.buffer.byteLength === o.byteLength ? plain(o) : Uint8Array.from(o))
  }
}
