/**
 * The record box: what encrypts a profile's records at rest under its data
 * key (a random 32-byte key, itself sealed under the passphrase by
 * `sealDataKey`).
 *
 * Two subkeys derive from the data key with keyed BLAKE2b (RFC 7693), each
 * under its own label, so no key is used for two purposes:
 * - the value key: XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha §2) seals
 *   each record under a fresh random 24-byte nonce; the record's storage key
 *   is the associated data, so a sealed value moved to another key fails to
 *   open;
 * - the name key: keyed BLAKE2b of a label and a text gives stable,
 *   unlinkable names for storage keys (a conversation, a message id, a
 *   key-value key) without storing the text.
 *
 * Sealed format: version byte 1 ‖ nonce (24) ‖ ciphertext ‖ tag (16).
 */
import { DATA_KEY_LENGTH } from './constants.js'
import { assertBytes } from './encoding.js'
import { InvalidArgumentError, InvalidLengthError } from './errors.js'
import { sodium } from './sodium.js'
import { rawOpener } from './raw-aead.js'
import { randomBytes } from './hash.js'

/** Bytes a sealed record adds to its plaintext: version, nonce and tag. */
export const RECORD_BOX_OVERHEAD = 1 + 24 + 16

const VERSION = 1
const NONCE_LENGTH = 24
const encoder = new TextEncoder()
const EMPTY = new Uint8Array(0)

/** The record box of one data key. Its methods never expose the keys. */
export interface RecordBox {
  /** Seals `plaintext`, bound to `ad` (the record's storage key, as UTF-8). */
  seal: (ad: string, plaintext: Uint8Array) => Uint8Array
  /** Opens a sealed record bound to `ad`; undefined when it does not authenticate (damaged, moved or forged). */
  open: (ad: string, sealed: Uint8Array) => Uint8Array | undefined
  /**
   * Opens `sealed[i]` bound to `ads[i]` for every i, as `open` does (a page of records at once:
   * the plaintexts may be views of one buffer).
   */
  openAll: (ads: readonly string[], sealed: readonly Uint8Array[]) => Array<Uint8Array | undefined>
  /** A `length`-byte keyed BLAKE2b name of `text` under `label`: the same inputs give the same name. */
  name: (label: string, text: string, length: number) => Uint8Array
}

function subkey (dataKey: Uint8Array, label: string): Uint8Array {
  return sodium().crypto_generichash(32, encoder.encode(`parley/store/${label}`), dataKey)
}

/** The record box of `dataKey` (DATA_KEY_LENGTH random bytes). */
export function createRecordBox (dataKey: Uint8Array): RecordBox {
  assertBytes(dataKey, 'dataKey')
  if (dataKey.length !== DATA_KEY_LENGTH) throw new InvalidLengthError(`dataKey must be ${DATA_KEY_LENGTH} bytes, got ${dataKey.length}`)
  const s = sodium()
  const valueKey = subkey(dataKey, 'value')
  const nameKey = subkey(dataKey, 'name')
  const fast = rawOpener(valueKey)
  const versioned = (sealed: Uint8Array): boolean => sealed.length >= RECORD_BOX_OVERHEAD && sealed[0] === VERSION
  const open = (ad: string, sealed: Uint8Array): Uint8Array | undefined => {
    if (!versioned(sealed)) return undefined
    if (fast !== undefined) return fast.open(ad, sealed, 1)
    try {
      return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(1 + NONCE_LENGTH), encoder.encode(ad), sealed.subarray(1, 1 + NONCE_LENGTH), valueKey)
    } catch {
      return undefined
    }
  }
  return {
    seal (ad, plaintext) {
      const nonce = randomBytes(NONCE_LENGTH)
      const sealed = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, encoder.encode(ad), null, nonce, valueKey)
      const out = new Uint8Array(1 + NONCE_LENGTH + sealed.length)
      out[0] = VERSION
      out.set(nonce, 1)
      out.set(sealed, 1 + NONCE_LENGTH)
      return out
    },
    open,
    openAll (ads, sealed) {
      if (ads.length !== sealed.length) throw new InvalidArgumentError('ads and sealed must be as long')
      if (fast === undefined) return sealed.map((one, i) => open(ads[i], one))
      // An unversioned record goes in empty: too short to open.
      return fast.openAll(ads, sealed.map((one) => versioned(one) ? one : EMPTY), 1)
    },
    name (label, text, length) {
      if (typeof text !== 'string') throw new InvalidArgumentError('text must be a string')
      return s.crypto_generichash(length, encoder.encode(`${label}\x00${text}`), nameKey)
    }
  }
}
