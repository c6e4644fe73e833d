/**
 * HMAC-SHA-256 and HKDF-SHA-256 (RFC 5869). libsodium-wrappers exposes
 * HMAC-SHA-256 but not its HKDF, so HKDF is built here on the streaming HMAC,
 * which accepts keys of any length (RFC 2104). Tested against RFC 5869's
 * Appendix A vectors.
 *
 * The KDFs of a session: X3DH's SK (x3dh.ts) and KDF_RK (root-key.ts) are
 * HKDF-SHA-256 as the specs recommend; KDF_CK (chain-key.ts) is one
 * HMAC-SHA-512 call, a documented departure.
 */
import { InvalidLengthError } from '../errors.js'
import { sodium } from '../sodium.js'

/** HMAC-SHA-256(key, data...) over the concatenation of `data`. */
export function hmacSha256 (key: Uint8Array, ...data: Uint8Array[]): Uint8Array {
  const s = sodium()
  // KDF_RK's extract step has a 32-byte key (the root key) and one input: one call into libsodium.
  if (key.length === s.crypto_auth_hmacsha256_KEYBYTES && data.length === 1) return s.crypto_auth_hmacsha256(data[0], key)
  const state = s.crypto_auth_hmacsha256_init(key)
  for (const d of data) s.crypto_auth_hmacsha256_update(state, d)
  return s.crypto_auth_hmacsha256_final(state)
}

const HASH_LENGTH = 32

/** HKDF-SHA-256: extract (RFC 5869 §2.2) then expand (§2.3) to `length` bytes (at most 255 × 32). */
export function hkdfSha256 (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  // §2.3: L <= 255 * HashLen.
  if (!Number.isSafeInteger(length) || length < 1 || length > 255 * HASH_LENGTH) {
    throw new InvalidLengthError(`length must be in 1..${255 * HASH_LENGTH}, got ${length}`)
  }
  // §2.2: if the salt is not provided it is a string of HashLen zeros.
  const prk = hmacSha256(salt.length === 0 ? new Uint8Array(HASH_LENGTH) : salt, ikm)
  const blocks = Math.ceil(length / HASH_LENGTH)
  const out = new Uint8Array(blocks * HASH_LENGTH)
  let previous: Uint8Array = new Uint8Array(0)
  for (let i = 1; i <= blocks; i++) {
    previous = hmacSha256(prk, previous, info, Uint8Array.of(i))
    out.set(previous, (i - 1) * HASH_LENGTH)
  }
  return out.subarray(0, length)
}
