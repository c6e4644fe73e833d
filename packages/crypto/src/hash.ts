import { BLAKE2B_256_LENGTH, BLAKE2B_KEY_MAX_LENGTH, BLAKE2B_KEY_MIN_LENGTH } from './constants.js'
import { assertBytes } from './encoding.js'
import { InvalidArgumentError, InvalidLengthError } from './errors.js'
import { sodium } from './sodium.js'

/** BLAKE2b with a 32-byte output, optionally keyed (16–64 byte key). Message ids are BLAKE2b-256 of envelope bytes. */
export function blake2b256 (data: Uint8Array, key?: Uint8Array): Uint8Array {
  assertBytes(data, 'data')
  if (key !== undefined) {
    assertBytes(key, 'key')
    if (key.length < BLAKE2B_KEY_MIN_LENGTH || key.length > BLAKE2B_KEY_MAX_LENGTH) {
      throw new InvalidLengthError(`key must be ${BLAKE2B_KEY_MIN_LENGTH} to ${BLAKE2B_KEY_MAX_LENGTH} bytes, got ${key.length}`)
    }
  }
  return sodium().crypto_generichash(BLAKE2B_256_LENGTH, data, key ?? null)
}

/** SHA-512 of `data`. */
export function sha512 (data: Uint8Array): Uint8Array {
  assertBytes(data, 'data')
  return sodium().crypto_hash_sha512(data)
}

/** Most bytes one WebCrypto getRandomValues call fills (its quota). */
const RANDOM_CHUNK = 65_536
/** Requests up to this size are served from a pool filled RANDOM_POOL bytes at a time. */
const POOLED_MAX = 64
const RANDOM_POOL = 4096
const pool = new Uint8Array(RANDOM_POOL)
let poolAt = RANDOM_POOL

/**
 * `length` bytes from the platform CSPRNG (WebCrypto's getRandomValues, in Node and browsers: the
 * source libsodium's WebAssembly build draws from too). Not libsodium's randombytes_buf: that build
 * fetches its entropy a few bytes at a time, each a system call, about 0.4 ms per call on the
 * recording machine, which made the nonce of every room message cost more than its signature.
 * Small requests (nonces) come from a pool refilled 4 KiB at a time, as Node's randomUUID does;
 * bytes handed out are wiped from the pool.
 */
export function randomBytes (length: number): Uint8Array {
  if (typeof length !== 'number') throw new InvalidArgumentError('length must be a number')
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new InvalidLengthError(`length must be a non-negative integer, got ${length}`)
  }
  const out = new Uint8Array(length)
  if (length <= POOLED_MAX) {
    if (poolAt + length > RANDOM_POOL) {
      globalThis.crypto.getRandomValues(pool)
      poolAt = 0
    }
    out.set(pool.subarray(poolAt, poolAt + length))
    pool.fill(0, poolAt, poolAt + length)
    poolAt += length
    return out
  }
  for (let at = 0; at < length; at += RANDOM_CHUNK) globalThis.crypto.getRandomValues(out.subarray(at, Math.min(length, at + RANDOM_CHUNK)))
  return out
}

/** Equality in time that depends only on the lengths, never on where the bytes differ. */
export function constantTimeEqual (a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a')
  assertBytes(b, 'b')
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}
