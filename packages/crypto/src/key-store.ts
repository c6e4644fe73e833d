/**
 * The key store: an identity sealed under a passphrase.
 *
 * Format, version 1 (all integers big-endian), 102 bytes:
 *
 * | offset | bytes | field                                            |
 * |--------|-------|--------------------------------------------------|
 * | 0      | 4     | magic "PRLY"                                     |
 * | 4      | 1     | format version (1)                               |
 * | 5      | 1     | KDF algorithm (2 = Argon2id v1.3, crypto_pwhash) |
 * | 6      | 4     | Argon2id opslimit                                |
 * | 10     | 4     | Argon2id memlimit in bytes                       |
 * | 14     | 16    | salt                                             |
 * | 30     | 24    | XChaCha20-Poly1305 nonce                         |
 * | 54     | 48    | sealed 32-byte seed + 16-byte Poly1305 tag       |
 *
 * The whole header (first 54 bytes) is the AEAD's associated data, so a
 * changed cost parameter or salt fails authentication like a wrong passphrase.
 * Only the seed is sealed: the public key is derived from it on opening, so a
 * sealed identity cannot carry a mismatched key pair.
 *
 * A profile's data key (see record-box.ts) is sealed the same way under the
 * magic "PRLK" (`sealDataKey`, `openDataKey`): the magic is part of the
 * authenticated header, so one kind of blob never opens as the other.
 */
import {
  DATA_KEY_LENGTH,
  DATA_KEY_STORE_MAGIC,
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
import {
  CorruptKeyStoreError,
  InvalidArgumentError,
  InvalidLengthError,
  KeyDerivationError,
  WrongPassphraseError
} from './errors.js'
import { assertIdentity, identityFromSeed, identitySeed, type Identity } from './identity.js'
import { sodium } from './sodium.js'

/** Argon2id cost parameters of a sealed identity. */
export interface KeyStoreParams {
  /** Argon2id passes (libsodium opslimit); default {@link KEY_STORE_OPS_LIMIT}. */
  opsLimit?: number
  /** Argon2id memory in bytes (libsodium memlimit); default {@link KEY_STORE_MEM_LIMIT}. */
  memLimit?: number
}

const encoder = new TextEncoder()
const MAGIC = encoder.encode(KEY_STORE_MAGIC)
const DATA_KEY_MAGIC = encoder.encode(DATA_KEY_STORE_MAGIC)
const ALG_ARGON2ID13 = 2
const KEY_LENGTH = 32
const TAG_LENGTH = 16
const AT_VERSION = 4
const AT_ALG = 5
const AT_OPS = 6
const AT_MEM = 10
const AT_SALT = 14
const SALT_LENGTH = 16
const AT_NONCE = AT_SALT + SALT_LENGTH
const NONCE_LENGTH = 24
const HEADER_LENGTH = AT_NONCE + NONCE_LENGTH
const SEALED_LENGTH = HEADER_LENGTH + ED25519_SEED_LENGTH + TAG_LENGTH

function assertPassphrase (passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string') throw new InvalidArgumentError('passphrase must be a string')
  if (passphrase.length === 0) throw new InvalidLengthError('passphrase must not be empty')
}

function inRange (value: number, min: number, max: number): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max
}

function checkParam (value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new InvalidArgumentError(`${name} must be a number`)
  if (!inRange(value, min, max)) throw new InvalidLengthError(`${name} must be an integer in ${min}..${max}, got ${value}`)
  return value
}

/** The XChaCha20-Poly1305 key: Argon2id of the NFC-normalised passphrase, so the same text typed on any platform opens it. */
function deriveKey (passphrase: string, salt: Uint8Array, opsLimit: number, memLimit: number): Uint8Array {
  const s = sodium()
  try {
    return s.crypto_pwhash(KEY_LENGTH, encoder.encode(passphrase.normalize('NFC')), salt, opsLimit, memLimit, s.crypto_pwhash_ALG_ARGON2ID13)
  } catch {
    // libsodium fails here only when it cannot get the memory the parameters ask for.
    throw new KeyDerivationError(`Argon2id could not run with opslimit ${opsLimit} and memlimit ${memLimit}`)
  }
}

/** Seals a 32-byte secret under a passphrase behind the header that starts with `magic`. */
function sealSecret (magic: Uint8Array, secret: Uint8Array, passphrase: string, params: KeyStoreParams): Uint8Array {
  assertPassphrase(passphrase)
  if (typeof params !== 'object' || params === null) throw new InvalidArgumentError('params must be an object')
  const s = sodium()
  const opsLimit = checkParam(params.opsLimit ?? KEY_STORE_OPS_LIMIT, 'params.opsLimit', s.crypto_pwhash_OPSLIMIT_MIN, KEY_STORE_MAX_OPS_LIMIT)
  const memLimit = checkParam(params.memLimit ?? KEY_STORE_MEM_LIMIT, 'params.memLimit', s.crypto_pwhash_MEMLIMIT_MIN, KEY_STORE_MAX_MEM_LIMIT)
  const header = new Uint8Array(HEADER_LENGTH)
  const view = new DataView(header.buffer)
  header.set(magic, 0)
  header[AT_VERSION] = KEY_STORE_VERSION
  header[AT_ALG] = ALG_ARGON2ID13
  view.setUint32(AT_OPS, opsLimit)
  view.setUint32(AT_MEM, memLimit)
  header.set(s.randombytes_buf(SALT_LENGTH), AT_SALT)
  header.set(s.randombytes_buf(NONCE_LENGTH), AT_NONCE)
  const key = deriveKey(passphrase, header.subarray(AT_SALT, AT_NONCE), opsLimit, memLimit)
  const sealed = s.crypto_aead_xchacha20poly1305_ietf_encrypt(secret, header, null, header.subarray(AT_NONCE), key)
  s.memzero(key)
  return concat(header, sealed)
}

/**
 * Seals an identity's seed under a passphrase (Argon2id + XChaCha20-Poly1305).
 * `params` lowers or raises the Argon2id cost; the defaults are libsodium's MODERATE limits.
 */
export function sealIdentity (identity: Identity, passphrase: string, params: KeyStoreParams = {}): Uint8Array {
  assertIdentity(identity, 'identity')
  const seed = identitySeed(identity)
  try {
    return sealSecret(MAGIC, seed, passphrase, params)
  } finally {
    sodium().memzero(seed)
  }
}

/**
 * Seals a profile's 32-byte data key under a passphrase: the identity's format
 * with the magic "PRLK". Changing a passphrase re-seals this one small blob.
 */
export function sealDataKey (dataKey: Uint8Array, passphrase: string, params: KeyStoreParams = {}): Uint8Array {
  assertBytes(dataKey, 'dataKey')
  if (dataKey.length !== DATA_KEY_LENGTH) throw new InvalidLengthError(`dataKey must be ${DATA_KEY_LENGTH} bytes, got ${dataKey.length}`)
  return sealSecret(DATA_KEY_MAGIC, dataKey, passphrase, params)
}

/** True when `blob` starts like a sealed identity (magic bytes); says nothing of its integrity. */
export function isSealedIdentity (blob: Uint8Array): boolean {
  assertBytes(blob, 'blob')
  return hasMagic(blob, MAGIC)
}

function hasMagic (blob: Uint8Array, magic: Uint8Array): boolean {
  return blob.length >= magic.length && magic.every((b, i) => blob[i] === b)
}

/** Checks everything but the authentication tag; returns the stored Argon2id costs. */
function parseHeader (blob: Uint8Array, magic: Uint8Array): { opsLimit: number, memLimit: number } {
  if (blob.length > MAX_SEALED_IDENTITY_LENGTH) throw new CorruptKeyStoreError(`sealed identity is longer than ${MAX_SEALED_IDENTITY_LENGTH} bytes`)
  if (!hasMagic(blob, magic)) throw new CorruptKeyStoreError('not a sealed Parley key (bad magic)')
  if (blob[AT_VERSION] !== KEY_STORE_VERSION) throw new CorruptKeyStoreError(`unsupported sealed identity version ${blob[AT_VERSION] ?? 'none'}`)
  if (blob.length !== SEALED_LENGTH) throw new CorruptKeyStoreError(`sealed identity must be ${SEALED_LENGTH} bytes, got ${blob.length}`)
  if (blob[AT_ALG] !== ALG_ARGON2ID13) throw new CorruptKeyStoreError(`unknown key derivation algorithm ${blob[AT_ALG]}`)
  const s = sodium()
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const opsLimit = view.getUint32(AT_OPS)
  const memLimit = view.getUint32(AT_MEM)
  if (!inRange(opsLimit, s.crypto_pwhash_OPSLIMIT_MIN, KEY_STORE_MAX_OPS_LIMIT) ||
    !inRange(memLimit, s.crypto_pwhash_MEMLIMIT_MIN, KEY_STORE_MAX_MEM_LIMIT)) {
    throw new CorruptKeyStoreError(`sealed identity has out-of-range Argon2id parameters (opslimit ${opsLimit}, memlimit ${memLimit})`)
  }
  return { opsLimit, memLimit }
}

/** Opens a blob of {@link sealSecret}; the caller zeroes the secret. */
function openSecret (magic: Uint8Array, blob: Uint8Array, passphrase: string): Uint8Array {
  assertBytes(blob, 'blob')
  assertPassphrase(passphrase)
  const { opsLimit, memLimit } = parseHeader(blob, magic)
  const s = sodium()
  const key = deriveKey(passphrase, blob.subarray(AT_SALT, AT_NONCE), opsLimit, memLimit)
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, blob.subarray(HEADER_LENGTH), blob.subarray(0, HEADER_LENGTH), blob.subarray(AT_NONCE, HEADER_LENGTH), key)
  } catch {
    throw new WrongPassphraseError('wrong passphrase, or the sealed key was altered')
  } finally {
    s.memzero(key)
  }
}

/**
 * Opens a sealed identity. Structural damage gives CorruptKeyStoreError; a
 * failed authentication (wrong passphrase, or sealed bytes changed) gives
 * WrongPassphraseError; costs this runtime cannot meet give KeyDerivationError.
 * Never returns a garbage identity.
 */
export function openIdentity (blob: Uint8Array, passphrase: string): Identity {
  const seed = openSecret(MAGIC, blob, passphrase)
  const identity = identityFromSeed(seed)
  sodium().memzero(seed)
  return identity
}

/** Opens a data key sealed by {@link sealDataKey}; errors as {@link openIdentity}. */
export function openDataKey (blob: Uint8Array, passphrase: string): Uint8Array {
  return openSecret(DATA_KEY_MAGIC, blob, passphrase)
}
