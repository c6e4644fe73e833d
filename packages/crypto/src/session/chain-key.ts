/**
 * KDF_CK (Double Ratchet rev 1 §5.2): HMAC-SHA-256 keyed by the chain key,
 * input 0x01 for the message key and 0x02 for the next chain key.
 *
 * The message key is used directly as the XChaCha20-Poly1305 key. Departure
 * from §5.2's recommended AES-256-CBC + HMAC: an AEAD needs no separate
 * authentication key, and since every message key encrypts exactly one
 * message, the nonce can be fixed (all zeros) without reuse.
 */
import { hmacSha256 } from './hkdf.js'

const MESSAGE_KEY_INPUT = Uint8Array.of(0x01)
const CHAIN_KEY_INPUT = Uint8Array.of(0x02)

/** A chain key and the message key it yields. */
export interface ChainStep {
  chainKey: Uint8Array
  messageKey: Uint8Array
}

/** KDF_CK(ck) → (ck', mk). */
export function kdfChainKey (chainKey: Uint8Array): ChainStep {
  return {
    messageKey: hmacSha256(chainKey, MESSAGE_KEY_INPUT),
    chainKey: hmacSha256(chainKey, CHAIN_KEY_INPUT)
  }
}
