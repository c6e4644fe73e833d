/**
 * KDF_RK (Double Ratchet rev 1 §5.2): HKDF-SHA-256 with the root key as salt
 * and the DH output as input key material, giving a new root key and a new
 * chain key.
 */
import { ROOT_KDF_INFO } from './constants.js'
import { hkdfSha256 } from './hkdf.js'

/** A root key and the chain key derived with it. */
export interface RootStep {
  rootKey: Uint8Array
  chainKey: Uint8Array
}

/** KDF_RK(rk, dh_out) → (rk', ck). */
export function kdfRootKey (rootKey: Uint8Array, dhOutput: Uint8Array): RootStep {
  const out = hkdfSha256(dhOutput, rootKey, ROOT_KDF_INFO, 64)
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64) }
}
