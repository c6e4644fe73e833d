/**
 * KDF_CK (Double Ratchet rev 1 §5.2). The spec recommends HMAC-SHA-256 keyed
 * by the chain key, once with input 0x01 (message key) and once with 0x02
 * (next chain key). Departure: Parley makes one HMAC-SHA-512 call keyed by
 * the chain key with input 0x01 and splits the 64-byte output: the first 32
 * bytes are the message key, the last 32 the next chain key. HMAC-SHA-512 is
 * a PRF just as HMAC-SHA-256 is, the two halves are independent, and one call
 * into libsodium instead of two halves the cost of the step on the hot path.
 *
 * The message key is used directly as the XChaCha20-Poly1305 key. Departure
 * from §5.2's recommended AES-256-CBC + HMAC: an AEAD needs no separate
 * authentication key, and since every message key encrypts exactly one
 * message, the nonce can be fixed (all zeros) without reuse.
 */
import { sodium } from '../sodium.js'

const INPUT = Uint8Array.of(0x01)

/** A chain key and the message key it yields. */
export interface ChainStep {
  chainKey: Uint8Array
  messageKey: Uint8Array
}

/** KDF_CK(ck) → (ck', mk). */
export function kdfChainKey (chainKey: Uint8Array): ChainStep {
  const out = sodium().crypto_auth_hmacsha512(INPUT, chainKey)
  return { messageKey: out.subarray(0, 32), chainKey: out.subarray(32, 64) }
}
