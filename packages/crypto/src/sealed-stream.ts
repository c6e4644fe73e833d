/**
 * A passphrase-sealed stream: a key from Argon2id (the key store's KDF and
 * limits, key-store.ts) and libsodium's secretstream
 * (XChaCha20-Poly1305, https://doc.libsodium.org/secret-key_cryptography/secretstream)
 * over a sequence of chunks, so a backup of any size is sealed and opened a
 * chunk at a time.
 *
 * Header, version 1 (integers big-endian), 54 bytes:
 *
 * | offset | bytes | field                                            |
 * |--------|-------|--------------------------------------------------|
 * | 0      | 4     | magic "PRLS"                                     |
 * | 4      | 1     | format version (1)                               |
 * | 5      | 1     | KDF algorithm (2 = Argon2id v1.3, crypto_pwhash) |
 * | 6      | 4     | Argon2id opslimit                                |
 * | 10     | 4     | Argon2id memlimit in bytes                       |
 * | 14     | 16    | salt                                             |
 * | 30     | 24    | secretstream header                              |
 *
 * Each chunk is one secretstream message; its associated data is the
 * caller's `ad` followed by the header, so a changed cost, salt or caller
 * prefix fails authentication. secretstream numbers the chunks (a reordered,
 * dropped or repeated chunk fails) and marks the last one TAG_FINAL: a stream
 * that ends without it was cut short. The final chunk's plaintext ends with
 * the BLAKE2b-256 of every plaintext byte before it (the stream's checksum),
 * checked on opening.
 */
import { KEY_STORE_MAX_MEM_LIMIT, KEY_STORE_MAX_OPS_LIMIT, KEY_STORE_MEM_LIMIT, KEY_STORE_OPS_LIMIT } from './constants.js'
import { assertBytes, concat } from './encoding.js'
import { InvalidArgumentError, InvalidLengthError, KeyDerivationError, WrongPassphraseError } from './errors.js'
import { constantTimeEqual } from './hash.js'
import { sodium } from './sodium.js'
import type { KeyStoreParams } from './key-store.js'
import type { StateAddress } from 'libsodium-wrappers-sumo'

/** Magic bytes of a sealed stream header, as ASCII. */
export const SEALED_STREAM_MAGIC = 'PRLS'
/** Current sealed stream format version. */
export const SEALED_STREAM_VERSION = 1
/** Length of a sealed stream header. */
export const SEALED_STREAM_HEADER_LENGTH = 54
/** Bytes a sealed chunk adds to its plaintext (secretstream's ABYTES). */
export const SEALED_CHUNK_OVERHEAD = 17
/** Bytes of the checksum at the end of the final chunk's plaintext. */
export const SEALED_STREAM_CHECKSUM_LENGTH = 32

/** A sealed stream header or chunk that is not what this version writes, or a chunk that does not authenticate. */
export class CorruptSealedStreamError extends Error {
  static override name = 'CorruptSealedStreamError'
  constructor (message = 'the sealed stream is damaged or was altered') {
    super(message)
    this.name = CorruptSealedStreamError.name
  }
}

/** A sealed stream header of a format version this code does not read; carries both numbers. */
export class SealedStreamVersionError extends Error {
  static override name = 'SealedStreamVersionError'
  readonly found: number
  readonly supported: number
  constructor (found: number, supported = SEALED_STREAM_VERSION) {
    super(`sealed stream format version ${found}; this version reads ${supported}`)
    this.name = SealedStreamVersionError.name
    this.found = found
    this.supported = supported
  }
}

const MAGIC = new TextEncoder().encode(SEALED_STREAM_MAGIC)
const ALG_ARGON2ID13 = 2
const KEY_LENGTH = 32
const AT_SALT = 14
const AT_STREAM = 30
const EMPTY = new Uint8Array(0)

function deriveKey (passphrase: string, salt: Uint8Array, opsLimit: number, memLimit: number): Uint8Array {
  const s = sodium()
  try {
    return s.crypto_pwhash(KEY_LENGTH, new TextEncoder().encode(passphrase.normalize('NFC')), salt, opsLimit, memLimit, s.crypto_pwhash_ALG_ARGON2ID13)
  } catch {
    throw new KeyDerivationError(`Argon2id could not run with opslimit ${opsLimit} and memlimit ${memLimit}`)
  }
}

function assertPassphrase (passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string') throw new InvalidArgumentError('passphrase must be a string')
  if (passphrase.length === 0) throw new InvalidLengthError('passphrase must not be empty')
}

function costs (params: KeyStoreParams): { opsLimit: number, memLimit: number } {
  if (typeof params !== 'object' || params === null) throw new InvalidArgumentError('params must be an object')
  const s = sodium()
  const opsLimit = params.opsLimit ?? KEY_STORE_OPS_LIMIT
  const memLimit = params.memLimit ?? KEY_STORE_MEM_LIMIT
  if (!Number.isSafeInteger(opsLimit) || opsLimit < s.crypto_pwhash_OPSLIMIT_MIN || opsLimit > KEY_STORE_MAX_OPS_LIMIT) throw new InvalidLengthError(`params.opsLimit out of range: ${opsLimit}`)
  if (!Number.isSafeInteger(memLimit) || memLimit < s.crypto_pwhash_MEMLIMIT_MIN || memLimit > KEY_STORE_MAX_MEM_LIMIT) throw new InvalidLengthError(`params.memLimit out of range: ${memLimit}`)
  return { opsLimit, memLimit }
}

/** Seals chunks in order; the last one goes through {@link StreamSealer.final}. */
export class StreamSealer {
  /** The stream header, to be written before the first chunk. */
  readonly header: Uint8Array
  readonly #state: StateAddress
  readonly #ad: Uint8Array
  readonly #hash: StateAddress
  #done = false

  constructor (passphrase: string, params: KeyStoreParams = {}, ad: Uint8Array = EMPTY) {
    assertPassphrase(passphrase)
    assertBytes(ad, 'ad')
    const s = sodium()
    const { opsLimit, memLimit } = costs(params)
    const salt = s.randombytes_buf(16)
    const key = deriveKey(passphrase, salt, opsLimit, memLimit)
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key)
    s.memzero(key)
    this.header = new Uint8Array(SEALED_STREAM_HEADER_LENGTH)
    const view = new DataView(this.header.buffer)
    this.header.set(MAGIC, 0)
    this.header[4] = SEALED_STREAM_VERSION
    this.header[5] = ALG_ARGON2ID13
    view.setUint32(6, opsLimit)
    view.setUint32(10, memLimit)
    this.header.set(salt, AT_SALT)
    this.header.set(header, AT_STREAM)
    this.#state = state
    this.#ad = concat(ad, this.header)
    this.#hash = s.crypto_generichash_init(null, SEALED_STREAM_CHECKSUM_LENGTH)
  }

  /** Seals one chunk that is not the last. */
  seal (chunk: Uint8Array): Uint8Array {
    return this.#push(chunk, false)
  }

  /** Seals the last chunk (with the stream's checksum appended); nothing may follow. */
  final (chunk: Uint8Array = EMPTY): Uint8Array {
    return this.#push(chunk, true)
  }

  #push (chunk: Uint8Array, final: boolean): Uint8Array {
    assertBytes(chunk, 'chunk')
    if (this.#done) throw new InvalidArgumentError('the stream was already finalised')
    const s = sodium()
    s.crypto_generichash_update(this.#hash, chunk)
    let plaintext = chunk
    if (final) {
      this.#done = true
      plaintext = concat(chunk, s.crypto_generichash_final(this.#hash, SEALED_STREAM_CHECKSUM_LENGTH))
    }
    const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    return s.crypto_secretstream_xchacha20poly1305_push(this.#state, plaintext, this.#ad, tag)
  }
}

/** Opens chunks in order; `done` once the final chunk opened and its checksum matched. */
export class StreamOpener {
  readonly #state: StateAddress
  readonly #ad: Uint8Array
  readonly #hash: StateAddress
  #chunks = 0
  #done = false

  /**
   * Checks the header and derives the key. A header of another version gives
   * SealedStreamVersionError; anything else malformed, CorruptSealedStreamError.
   */
  constructor (header: Uint8Array, passphrase: string, ad: Uint8Array = EMPTY) {
    assertBytes(header, 'header')
    assertPassphrase(passphrase)
    assertBytes(ad, 'ad')
    if (header.length !== SEALED_STREAM_HEADER_LENGTH || !MAGIC.every((b, i) => header[i] === b)) throw new CorruptSealedStreamError('not a sealed stream header')
    if (header[4] !== SEALED_STREAM_VERSION) throw new SealedStreamVersionError(header[4])
    if (header[5] !== ALG_ARGON2ID13) throw new CorruptSealedStreamError(`unknown key derivation algorithm ${header[5]}`)
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
    let params: { opsLimit: number, memLimit: number }
    try {
      params = costs({ opsLimit: view.getUint32(6), memLimit: view.getUint32(10) })
    } catch {
      throw new CorruptSealedStreamError('the header asks for out-of-range Argon2id costs')
    }
    const s = sodium()
    const key = deriveKey(passphrase, header.subarray(AT_SALT, AT_STREAM), params.opsLimit, params.memLimit)
    this.#state = s.crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(AT_STREAM), key)
    s.memzero(key)
    this.#ad = concat(ad, header)
    this.#hash = s.crypto_generichash_init(null, SEALED_STREAM_CHECKSUM_LENGTH)
  }

  /** Whether the final chunk was opened (and its checksum matched). */
  get done (): boolean {
    return this.#done
  }

  /**
   * Opens the next chunk. When the first chunk does not authenticate the
   * passphrase is wrong (or that chunk or the header was altered: the two
   * cannot be told apart): WrongPassphraseError. A later chunk that does not
   * authenticate, a chunk after the final one or a checksum mismatch:
   * CorruptSealedStreamError.
   */
  open (sealed: Uint8Array): { plaintext: Uint8Array, final: boolean } {
    assertBytes(sealed, 'sealed')
    if (this.#done) throw new CorruptSealedStreamError('data after the final chunk')
    const s = sodium()
    let result: { message: Uint8Array, tag: number } | false
    try {
      result = s.crypto_secretstream_xchacha20poly1305_pull(this.#state, sealed, this.#ad)
    } catch {
      result = false
    }
    const index = this.#chunks++
    if (result === false || result === null || typeof result !== 'object') {
      if (index === 0) throw new WrongPassphraseError('wrong passphrase, or the start of the stream was altered')
      throw new CorruptSealedStreamError(`chunk ${index} does not authenticate (altered, reordered or from another stream)`)
    }
    const final = result.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
    if (!final) {
      s.crypto_generichash_update(this.#hash, result.message)
      return { plaintext: result.message, final }
    }
    if (result.message.length < SEALED_STREAM_CHECKSUM_LENGTH) throw new CorruptSealedStreamError('the final chunk has no checksum')
    const plaintext = result.message.subarray(0, result.message.length - SEALED_STREAM_CHECKSUM_LENGTH)
    s.crypto_generichash_update(this.#hash, plaintext)
    const checksum = s.crypto_generichash_final(this.#hash, SEALED_STREAM_CHECKSUM_LENGTH)
    if (!constantTimeEqual(checksum, result.message.subarray(plaintext.length))) throw new CorruptSealedStreamError('the stream checksum does not match')
    this.#done = true
    return { plaintext, final }
  }
}
