/**
 * ENCRYPT / DECRYPT of one message under its message key (Double Ratchet
 * rev 1 §3.1, §5.2): XChaCha20-Poly1305 with associated data
 * `AD || header`, so the header (ratchet key, previous chain length, message
 * number) and both identities are authenticated with the body.
 */
import { sodium } from '../sodium.js'
import type { MessageKey } from './chain-key.js'
import { MessageAuthenticationError } from './errors.js'

/** One message key is used for one message only, so a constant nonce is safe (see chain-key.ts). */
const NONCE = new Uint8Array(24)

/** Seals `plaintext` under `messageKey`, authenticating `associatedData`. */
export function sealWithMessageKey (messageKey: MessageKey, plaintext: Uint8Array, associatedData: Uint8Array): Uint8Array {
  return sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, NONCE, messageKey)
}

/** Opens a ciphertext under `messageKey`; MessageAuthenticationError when anything was altered. */
export function openWithMessageKey (messageKey: MessageKey, ciphertext: Uint8Array, associatedData: Uint8Array): Uint8Array {
  try {
    return sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associatedData, NONCE, messageKey)
  } catch {
    throw new MessageAuthenticationError()
  }
}
