/**
 * Prekey bundles (X3DH §3.2): what a peer publishes so others can start a
 * session with it without a round trip.
 *
 * Wire format, version 1 (big-endian):
 * `u8 version | identityKey 32 (Ed25519) | u32 signedPrekeyId | signedPrekey 32 (X25519)
 *  | signature 64 | u16 count | count × (u32 id | publicKey 32)`.
 * The signature is `sign(identity, 'parley/signed-prekey/v1', u8 version | u32 id | signedPrekey)`.
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, X25519_KEY_LENGTH } from '../constants.js'
import { assertBytes } from '../encoding.js'
import { InvalidArgumentError } from '../errors.js'
import { isValidSignature, SIGNATURE_LABELS } from '../signature.js'
import { BUNDLE_VERSION, MAX_BUNDLE_LENGTH, MAX_BUNDLE_ONE_TIME_PREKEYS } from './constants.js'
import { InvalidPrekeyBundleError } from './errors.js'

/** A one-time prekey (X25519 public key) and its id. */
export interface OneTimePrekey {
  id: number
  publicKey: Uint8Array
}

/** A peer's published prekeys. */
export interface PrekeyBundle {
  /** The owner's Ed25519 identity key. */
  identityKey: Uint8Array
  signedPrekeyId: number
  /** X25519 public key, signed by the identity key. */
  signedPrekey: Uint8Array
  signedPrekeySignature: Uint8Array
  oneTimePrekeys: OneTimePrekey[]
}

/** The bytes the identity key signs to vouch for a signed prekey. */
export function signedPrekeyPayload (signedPrekeyId: number, signedPrekey: Uint8Array): Uint8Array {
  return new ByteWriter().u8(BUNDLE_VERSION).u32(signedPrekeyId).bytes(signedPrekey).finish()
}

const isU32 = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= 0xffffffff
const isKey = (k: unknown, length: number): boolean => k instanceof Uint8Array && k.length === length

/** Throws InvalidPrekeyBundleError unless every field has its type and length. */
function assertBundleShape (bundle: PrekeyBundle): void {
  if (typeof bundle !== 'object' || bundle === null) throw new InvalidArgumentError('bundle must be a PrekeyBundle')
  const fieldsOk = isKey(bundle.identityKey, ED25519_PUBLIC_KEY_LENGTH) && isU32(bundle.signedPrekeyId) &&
    isKey(bundle.signedPrekey, X25519_KEY_LENGTH) && isKey(bundle.signedPrekeySignature, ED25519_SIGNATURE_LENGTH) &&
    Array.isArray(bundle.oneTimePrekeys) && bundle.oneTimePrekeys.length <= MAX_BUNDLE_ONE_TIME_PREKEYS &&
    bundle.oneTimePrekeys.every((k) => isU32(k?.id) && isKey(k?.publicKey, X25519_KEY_LENGTH))
  if (!fieldsOk) throw new InvalidPrekeyBundleError('a prekey bundle field has the wrong type or length')
}

/**
 * Throws InvalidPrekeyBundleError unless the bundle is well formed and the
 * signed prekey's signature verifies against the identity key. One-time
 * prekeys are not signed (X3DH §3.2): a forged one can only make the session
 * start without DH4, which X3DH allows anyway.
 */
export function verifyPrekeyBundle (bundle: PrekeyBundle): void {
  assertBundleShape(bundle)
  const payload = signedPrekeyPayload(bundle.signedPrekeyId, bundle.signedPrekey)
  if (!isValidSignature(bundle.identityKey, SIGNATURE_LABELS.signedPrekey, payload, bundle.signedPrekeySignature)) {
    throw new InvalidPrekeyBundleError('the signed prekey\'s signature does not verify against the identity key')
  }
}

/** Encodes a bundle (see the format above); InvalidPrekeyBundleError for a field of the wrong shape. */
export function encodePrekeyBundle (bundle: PrekeyBundle): Uint8Array {
  assertBundleShape(bundle)
  const w = new ByteWriter()
    .u8(BUNDLE_VERSION)
    .bytes(bundle.identityKey)
    .u32(bundle.signedPrekeyId)
    .bytes(bundle.signedPrekey)
    .bytes(bundle.signedPrekeySignature)
    .u16(bundle.oneTimePrekeys.length)
  for (const k of bundle.oneTimePrekeys) w.u32(k.id).bytes(k.publicKey)
  return w.finish()
}

/** Decodes and verifies a bundle; InvalidPrekeyBundleError for anything malformed or unsigned. */
export function decodePrekeyBundle (bytes: Uint8Array): PrekeyBundle {
  assertBytes(bytes, 'bytes')
  if (bytes.length > MAX_BUNDLE_LENGTH) throw new InvalidPrekeyBundleError(`prekey bundle of ${bytes.length} bytes exceeds ${MAX_BUNDLE_LENGTH}`)
  const r = new ByteReader(bytes, (reason) => new InvalidPrekeyBundleError(`malformed prekey bundle: ${reason}`))
  const version = r.u8()
  if (version !== BUNDLE_VERSION) throw new InvalidPrekeyBundleError(`unsupported prekey bundle version ${version}`)
  const identityKey = r.bytes(ED25519_PUBLIC_KEY_LENGTH)
  const signedPrekeyId = r.u32()
  const signedPrekey = r.bytes(X25519_KEY_LENGTH)
  const signedPrekeySignature = r.bytes(ED25519_SIGNATURE_LENGTH)
  const count = r.u16()
  if (count > MAX_BUNDLE_ONE_TIME_PREKEYS) throw new InvalidPrekeyBundleError(`bundle carries ${count} one-time prekeys, more than ${MAX_BUNDLE_ONE_TIME_PREKEYS}`)
  const oneTimePrekeys: OneTimePrekey[] = []
  for (let i = 0; i < count; i++) oneTimePrekeys.push({ id: r.u32(), publicKey: r.bytes(X25519_KEY_LENGTH) })
  r.end()
  const bundle = { identityKey, signedPrekeyId, signedPrekey, signedPrekeySignature, oneTimePrekeys }
  verifyPrekeyBundle(bundle)
  return bundle
}
