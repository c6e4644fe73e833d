import { ED25519_PUBLIC_KEY_LENGTH } from './constants.js'
import { assertLength, toHex } from './encoding.js'
import { blake2b256 } from './hash.js'

/**
 * A short fingerprint of one public key for display beside a nickname:
 * the first 4 bytes of BLAKE2b-256(key) as hex in two groups, e.g. `3f9a:07c2`.
 * It helps tell apart two people with the same nickname; it is not a
 * verification (that is the safety number).
 */
export function shortFingerprint (publicKey: Uint8Array): string {
  assertLength(publicKey, ED25519_PUBLIC_KEY_LENGTH, 'publicKey')
  const hex = toHex(blake2b256(publicKey).subarray(0, 4))
  return `${hex.slice(0, 4)}:${hex.slice(4)}`
}
