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
 *
 * Direction is in the type (vodozemac habit): a sending chain key and a
 * receiving chain key are different types, so the compiler refuses code that
 * steps one where the other belongs. The brands exist only at compile time.
 */
import { sodium } from '../sodium.js'

declare const direction: unique symbol

/** The chain key of our sending chain (§3.2 CKs). */
export type SendingChainKey = Uint8Array & { readonly [direction]: 'sending' }
/** The chain key of a receiving chain (§3.2 CKr). */
export type ReceivingChainKey = Uint8Array & { readonly [direction]: 'receiving' }
/** A key for one message, used once and then deleted (§3.1). */
export type MessageKey = Uint8Array & { readonly [direction]: 'message' }

/** Marks a fresh chain key from KDF_RK as our sending chain. */
export const sendingChain = (chainKey: Uint8Array): SendingChainKey => chainKey as SendingChainKey
/** Marks a fresh chain key from KDF_RK (or a stored one) as a receiving chain. */
export const receivingChain = (chainKey: Uint8Array): ReceivingChainKey => chainKey as ReceivingChainKey
/** Marks stored bytes as a message key (skipped keys read back from state). */
export const messageKey = (key: Uint8Array): MessageKey => key as MessageKey

/** The next chain key and the message key of one step, in the chain's direction. */
export interface ChainStep<C extends SendingChainKey | ReceivingChainKey> {
  chainKey: C
  messageKey: MessageKey
}

const INPUT = Uint8Array.of(0x01)

/** KDF_CK(ck) → (ck', mk); ck' keeps the direction of ck. */
export function kdfChainKey<C extends SendingChainKey | ReceivingChainKey> (chainKey: C): ChainStep<C> {
  const out = sodium().crypto_auth_hmacsha512(INPUT, chainKey)
  return { messageKey: out.subarray(0, 32) as MessageKey, chainKey: out.subarray(32, 64) as C }
}
