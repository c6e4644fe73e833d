/**
 * The key store: an identity sealed under a passphrase.
 *
 * Format, version 1 (all integers big-endian), 102 bytes:
 *
 * | bytes | field                                                  |
 * |-------|--------------------------------------------------------|
 * | 4     | magic "PRLY"                                           |
 * | 1     | format version (1)                                     |
 * | 1     | KDF algorithm (2 = Argon2id v1.3, crypto_pwhash)       |
 * | 4     | Argon2id opslimit                                      |
 * | 4     | Argon2id memlimit in bytes                             |
 * | 16    | salt                                                   |
 * | 24    | XChaCha20-Poly1305 nonce                               |
 * | 48    | sealed 32-byte seed + 16-byte Poly1305 tag             |
 *
 * The whole header (first 54 bytes) is the AEAD's associated data, so a
 * changed cost parameter or salt fails authentication like a wrong passphrase.
 */
import {
  ED25519_SEED_LENGTH,
  KEY_STORE_MAGIC,
  KEY_STORE_MAX_MEM_LIMIT,
  KEY_STORE_MAX_OPS_LIMIT,
  KEY_STORE_MEM_LIMIT,
  KEY_STORE_OPS_LIMIT,
  KEY_STORE_VERSION,
  MAX_SEALED_IDENTITY_LENGTH
} from './constants.js'
import { assertBytes, concat } from './encoding.js'
import { CorruptKeyStoreError, InvalidArgumentError, InvalidLengthError, WrongPassphraseError } from './errors.js'
import { assertIdentity, identityFromSeed, identitySeed, type Identity } from './identity.js'
import { sodium } from './sodium.js'

/** Argon2id cost parameters of a sealed identity. */
export interface KeyStoreParams {
  /** Argon2id passes (libsodium opslimit); default {@link KEY_STORE_OPS_LIMIT}. */
  opsLimit?: number
  /** Argon2id memory in bytes (libsodium memlimit); default {@link KEY_STORE_MEM_LIMIT}. */
  memLimit?: number
}

const ALG_ARGON2ID13 = 2
const SALT_LENGTH = 16
const NONCE_LENGTH = 24
const HEADER_LENGTH = 4 + 1 + 1 + 4 + 4 + SALT_LENGTH + NONCE_LENGTH
const SEALED_LENGTH = HEADER_LENGTH + ED25519_SEED_LENGTH + 16
const encoder = new TextEncoder()

function assertPassphrase (passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string') throw new InvalidArgumentError('passphrase must be a string')
  if (passphrase.length === 0) throw new InvalidLengthError('passphrase must not be empty')
}

function deriveKey (passphrase: string, salt: Uint8Array, opsLimit: number, memLimit: number): Uint8Array {
  const s = sodium()
  return s.crypto_pwhash(32, encoder.encode(passphrase.normalize('NFC')), salt, opsLimit, memLimit, s.crypto_pwhash_ALG_ARGON2ID13)
}

/** Seals an identity's seed under a passphrase (Argon2id + XChaCha20-Poly1305). */
export function sealIdentity (identity: Identity, passphrase: string, params: KeyStoreParams = {}): Uint8Array {
  assertIdentity(identity, 'identity')
  assertPassphrase(passphrase)
  const opsLimit = params.opsLimit ?? KEY_STORE_OPS_LIMIT
  const memLimit = params.memLimit ?? KEY_STORE_MEM_LIMIT
  const s = sodium()
  if (!Number.isSafeInteger(opsLimit) || opsLimit < s.crypto_pwhash_OPSLIMIT_MIN || opsLimit > KEY_STORE_MAX_OPS_LIMIT) {
    throw new InvalidLengthError(`params.opsLimit must be in ${s.crypto_pwhash_OPSLIMIT_MIN}..${KEY_STORE_MAX_OPS_LIMIT}`)
  }
  if (!Number.isSafeInteger(memLimit) || memLimit < s.crypto_pwhash_MEMLIMIT_MIN || memLimit > KEY_STORE_MAX_MEM_LIMIT) {
    throw new InvalidLengthError(`params.memLimit must be in ${s.crypto_pwhash_MEMLIMIT_MIN}..${KEY_STORE_MAX_MEM_LIMIT}`)
  }
  const header = new Uint8Array(HEADER_LENGTH)
  const view = new DataView(header.buffer)
  header.set(KEY_STORE_MAGIC, 0)
  header[4] = KEY_STORE_VERSION
  header[5] = ALG_ARGON2ID13
  view.setUint32(6, opsLimit)
  view.setUint32(10, memLimit)
  header.set(s.randombytes_buf(SALT_LENGTH), 14)
  header.set(s.randombytes_buf(NONCE_LENGTH), 14 + SALT_LENGTH)
  const key = deriveKey(passphrase, header.subarray(14, 14 + SALT_LENGTH), opsLimit, memLimit)
  const sealed = s.crypto_aead_xchacha20poly1305_ietf_encrypt(identitySeed(identity), header, null, header.subarray(14 + SALT_LENGTH), key)
  s.memzero(key)
  return concat(header, sealed)
}

/** True when `blob` starts like a sealed identity (magic bytes); says nothing of its integrity. */
export function isSealedIdentity (blob: Uint8Array): boolean {
  assertBytes(blob, 'blob')
  return blob.length >= KEY_STORE_MAGIC.length && KEY_STORE_MAGIC.every((b, i) => blob[i] === b)
}

/**
 * Opens a sealed identity. Structural damage gives CorruptKeyStoreError; a
 * failed authentication (wrong passphrase, or sealed bytes changed) gives
 * WrongPassphraseError. Never returns a garbage identity.
 */
export function openIdentity (blob: Uint8Array, passphrase: string): Identity {
  assertBytes(blob, 'blob')
  assertPassphrase(passphrase)
  if (blob.length > MAX_SEALED_IDENTITY_LENGTH) throw new CorruptKeyStoreError(`sealed identity is longer than ${MAX_SEALED_IDENTITY_LENGTH} bytes`)
  if (!isSealedIdentity(blob)) throw new CorruptKeyStoreError('not a sealed Parley identity (bad magic)')
  if (blob.length < 5 || blob[4] !== KEY_STORE_VERSION) throw new CorruptKeyStoreError(`unsupported sealed identity version ${blob[4] ?? 'none'}`)
  if (blob.length !== SEALED_LENGTH) throw new CorruptKeyStoreError(`sealed identity must be ${SEALED_LENGTH} bytes, got ${blob.length}`)
  if (blob[5] !== ALG_ARGON2ID13) throw new CorruptKeyStoreError(`unknown key derivation algorithm ${blob[5]}`)
  const s = sodium()
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const opsLimit = view.getUint32(6)
  const memLimit = view.getUint32(10)
  if (opsLimit < s.crypto_pwhash_OPSLIMIT_MIN || opsLimit > KEY_STORE_MAX_OPS_LIMIT ||
    memLimit < s.crypto_pwhash_MEMLIMIT_MIN || memLimit > KEY_STORE_MAX_MEM_LIMIT) {
    throw new CorruptKeyStoreError('sealed identity has out-of-range Argon2id parameters')
  }
  const header = blob.subarray(0, HEADER_LENGTH)
  const key = deriveKey(passphrase, blob.subarray(14, 14 + SALT_LENGTH), opsLimit, memLimit)
  let seed: Uint8Array
  try {
    seed = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, blob.subarray(HEADER_LENGTH), header, blob.subarray(14 + SALT_LENGTH, HEADER_LENGTH), key)
  } catch {
    throw new WrongPassphraseError('wrong passphrase, or the sealed identity was altered')
  } finally {
    s.memzero(key)
  }
  const identity = identityFromSeed(seed)
  s.memzero(seed)
  return identity
}
