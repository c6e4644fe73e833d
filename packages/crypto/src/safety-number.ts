/**
 * Safety numbers: Signal's numeric fingerprint (libsignal
 * rust/protocol/src/fingerprint.rs, fingerprint version 0), so two contacts
 * can compare 60 digits, or scan each other's QR code, to verify keys.
 */
import {
  MAX_SCANNABLE_LENGTH,
  SAFETY_NUMBER_DIGITS,
  SAFETY_NUMBER_ITERATIONS,
  SAFETY_NUMBER_MAX_ITERATIONS,
  SCANNABLE_FINGERPRINT_LENGTH,
  SCANNABLE_VERSION
} from './constants.js'
import { assertBytes, concat } from './encoding.js'
import {
  InvalidArgumentError,
  InvalidLengthError,
  InvalidScannableError,
  ScannableVersionMismatchError
} from './errors.js'
import { constantTimeEqual } from './hash.js'
import { sodium } from './sodium.js'

/** One side of a safety number: a stable id (the PeerId bytes, for Parley) and its public key. */
export interface FingerprintIdentity {
  id: Uint8Array
  publicKey: Uint8Array
}

const FINGERPRINT_VERSION = Uint8Array.of(0, 0)
const SAFETY_NUMBER_PATTERN = new RegExp(`^[0-9]{${SAFETY_NUMBER_DIGITS}}$`)

function assertSide (side: unknown, name: string): asserts side is FingerprintIdentity {
  if (typeof side !== 'object' || side === null) throw new InvalidArgumentError(`${name} must be { id, publicKey }`)
  const { id, publicKey } = side as Partial<FingerprintIdentity>
  assertBytes(id, `${name}.id`)
  assertBytes(publicKey, `${name}.publicKey`)
  if (publicKey.length === 0) throw new InvalidLengthError(`${name}.publicKey must not be empty`)
}

function assertIterations (iterations: unknown): void {
  if (typeof iterations !== 'number') throw new InvalidArgumentError('iterations must be a number')
  if (!Number.isSafeInteger(iterations) || iterations <= 1 || iterations > SAFETY_NUMBER_MAX_ITERATIONS) {
    throw new InvalidLengthError(`iterations must be an integer in 2..${SAFETY_NUMBER_MAX_ITERATIONS}, got ${iterations}`)
  }
}

/**
 * One side's 64-byte fingerprint: `H0 = SHA-512(0x0000 || key || id || key)`,
 * then `Hi = SHA-512(Hi-1 || key)` until `iterations` hashes were made
 * (libsignal `Fingerprint::get_fingerprint`).
 */
function sideFingerprint (side: FingerprintIdentity, iterations: number): Uint8Array {
  const s = sodium()
  const key = side.publicKey
  let buf = s.crypto_hash_sha512(concat(FINGERPRINT_VERSION, key, side.id, key))
  const next = new Uint8Array(buf.length + key.length)
  next.set(key, buf.length)
  for (let i = 1; i < iterations; i++) {
    next.set(buf, 0)
    buf = s.crypto_hash_sha512(next)
  }
  return buf
}

/** 30 digits from the first 30 bytes: six 5-byte big-endian chunks, each mod 100000 (libsignal `get_encoded_string`). */
function encodeDigits (fingerprint: Uint8Array): string {
  let out = ''
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0
    for (let i = 0; i < 5; i++) value = value * 256 + fingerprint[chunk * 5 + i]
    out += String(value % 100_000).padStart(5, '0')
  }
  return out
}

/**
 * The 60-digit safety number of two identities. Both sides compute the same
 * number: the two 30-digit halves are ordered (lower first).
 */
export function safetyNumber (local: FingerprintIdentity, remote: FingerprintIdentity, iterations = SAFETY_NUMBER_ITERATIONS): string {
  assertSide(local, 'local')
  assertSide(remote, 'remote')
  assertIterations(iterations)
  const a = encodeDigits(sideFingerprint(local, iterations))
  const b = encodeDigits(sideFingerprint(remote, iterations))
  return a < b ? a + b : b + a
}

/** A 60-digit safety number as 12 groups of 5 digits, the way Signal shows it. */
export function formatSafetyNumber (digits: string): string[] {
  if (typeof digits !== 'string' || !SAFETY_NUMBER_PATTERN.test(digits)) {
    throw new InvalidArgumentError(`digits must be a string of ${SAFETY_NUMBER_DIGITS} decimal digits`)
  }
  return digits.match(/.{5}/g) ?? []
}

/**
 * The scannable form for a QR code: 70 bytes, byte-compatible with libsignal's
 * `CombinedFingerprints` protobuf carrying the first 32 bytes of each side's
 * fingerprint. Every length is below 128, so each varint is one byte:
 *
 * ```
 * 08 01             field 1 version = 1
 * 12 22 0a 20 <32>  field 2 localFingerprint  = LogicalFingerprint { field 1 content }
 * 1a 22 0a 20 <32>  field 3 remoteFingerprint = LogicalFingerprint { field 1 content }
 * ```
 */
export function scannableSafetyNumber (local: FingerprintIdentity, remote: FingerprintIdentity, iterations = SAFETY_NUMBER_ITERATIONS): Uint8Array {
  assertSide(local, 'local')
  assertSide(remote, 'remote')
  assertIterations(iterations)
  const l = sideFingerprint(local, iterations).subarray(0, SCANNABLE_FINGERPRINT_LENGTH)
  const r = sideFingerprint(remote, iterations).subarray(0, SCANNABLE_FINGERPRINT_LENGTH)
  const logical = (tag: number, content: Uint8Array): Uint8Array =>
    concat(Uint8Array.of(tag, content.length + 2, 0x0a, content.length), content)
  return concat(Uint8Array.of(0x08, SCANNABLE_VERSION), logical(0x12, l), logical(0x1a, r))
}

/**
 * True when `scanned` (the other side's scannable bytes) shows the same two
 * keys as ours, crossed: their local is our remote and their remote our local
 * (libsignal `ScannableFingerprint::compare`). Unparseable bytes throw
 * InvalidScannableError and another format version ScannableVersionMismatchError,
 * so a UI can tell "not a safety-number code" from "keys differ".
 */
export function compareScannable (local: FingerprintIdentity, remote: FingerprintIdentity, scanned: Uint8Array, iterations = SAFETY_NUMBER_ITERATIONS): boolean {
  assertSide(local, 'local')
  assertSide(remote, 'remote')
  assertIterations(iterations)
  assertBytes(scanned, 'scanned')
  const theirs = parseScannable(scanned)
  if (theirs.version !== SCANNABLE_VERSION) throw new ScannableVersionMismatchError(theirs.version, SCANNABLE_VERSION)
  const ourLocal = sideFingerprint(local, iterations).subarray(0, SCANNABLE_FINGERPRINT_LENGTH)
  const ourRemote = sideFingerprint(remote, iterations).subarray(0, SCANNABLE_FINGERPRINT_LENGTH)
  const same1 = constantTimeEqual(theirs.local, ourRemote)
  const same2 = constantTimeEqual(theirs.remote, ourLocal)
  return same1 && same2
}

interface Scannable { version: number, local: Uint8Array, remote: Uint8Array }

/** Parses the CombinedFingerprints protobuf, refusing anything not exactly of its shape. */
function parseScannable (bytes: Uint8Array): Scannable {
  if (bytes.length > MAX_SCANNABLE_LENGTH) throw new InvalidScannableError(`scanned code is longer than ${MAX_SCANNABLE_LENGTH} bytes`)
  const fields = new Map<number, number | Uint8Array>()
  let at = 0
  const varint = (): number => {
    let value = 0
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) throw new InvalidScannableError('scanned code is truncated')
      const b = bytes[at++]
      value += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) return value
    }
    throw new InvalidScannableError('scanned code has an overlong varint')
  }
  while (at < bytes.length) {
    const key = varint()
    const field = key >>> 3
    const wire = key & 7
    if (wire === 0) fields.set(field, varint())
    else if (wire === 2) {
      const len = varint()
      if (at + len > bytes.length) throw new InvalidScannableError('scanned code is truncated')
      fields.set(field, bytes.subarray(at, at + len))
      at += len
    } else throw new InvalidScannableError(`scanned code has an unexpected wire type ${wire}`)
  }
  const version = fields.get(1)
  if (typeof version !== 'number') throw new InvalidScannableError('scanned code has no version')
  return { version, local: logicalContent(fields.get(2)), remote: logicalContent(fields.get(3)) }
}

function logicalContent (field: number | Uint8Array | undefined): Uint8Array {
  if (!(field instanceof Uint8Array) || field.length !== SCANNABLE_FINGERPRINT_LENGTH + 2 ||
    field[0] !== 0x0a || field[1] !== SCANNABLE_FINGERPRINT_LENGTH) {
    throw new InvalidScannableError('scanned code has no 32-byte fingerprint')
  }
  return field.subarray(2)
}
