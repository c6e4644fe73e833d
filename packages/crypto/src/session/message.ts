/**
 * Session messages on the wire, version 1 (big-endian):
 *
 * ```
 * u8 version (1) | u8 type (1 normal, 2 prekey)
 * type 2 only:  identityKey 32 (sender's Ed25519) | baseKey 32 (X3DH ephemeral, X25519)
 *               | u32 signedPrekeyId | u32 oneTimePrekeyId (0xffffffff: none)
 * header:       ratchetKey 32 (X25519) | u32 previousChainLength | u32 messageNumber
 * ciphertext:   XChaCha20-Poly1305 output (at least the 16-byte tag)
 * ```
 *
 * Everything before the ciphertext is authenticated as associated data
 * together with the session's AD (both identity keys).
 */
import { ByteReader } from '../bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, X25519_KEY_LENGTH } from '../constants.js'
import { assertBytes } from '../encoding.js'
import { MAX_MESSAGE_LENGTH, MESSAGE_TYPE_NORMAL, MESSAGE_TYPE_PREKEY, MESSAGE_VERSION } from './constants.js'
import { MalformedMessageError } from './errors.js'

/** What a prekey message carries so the responder can run X3DH without a round trip. */
export interface PrekeyHeader {
  identityKey: Uint8Array
  baseKey: Uint8Array
  signedPrekeyId: number
  oneTimePrekeyId: number
}

/** The Double Ratchet header (rev 1 §3.4 HEADER). */
export interface RatchetHeader {
  ratchetKey: Uint8Array
  previousChainLength: number
  messageNumber: number
}

/** A parsed message. `authenticated` is every byte before the ciphertext. */
export interface SessionMessage {
  prekey?: PrekeyHeader
  header: RatchetHeader
  authenticated: Uint8Array
  ciphertext: Uint8Array
}

const TAG_LENGTH = 16

/** Encodes the authenticated part (everything but the ciphertext). */
export function encodeMessagePrefix (header: RatchetHeader, prekey?: PrekeyHeader): Uint8Array {
  // One allocation, written in place: this runs for every message sent.
  const prekeyLength = prekey === undefined ? 0 : 32 + 32 + 4 + 4
  const out = new Uint8Array(2 + prekeyLength + 32 + 4 + 4)
  const view = new DataView(out.buffer)
  out[0] = MESSAGE_VERSION
  out[1] = prekey === undefined ? MESSAGE_TYPE_NORMAL : MESSAGE_TYPE_PREKEY
  let at = 2
  if (prekey !== undefined) {
    out.set(prekey.identityKey, at)
    out.set(prekey.baseKey, at + 32)
    view.setUint32(at + 64, prekey.signedPrekeyId)
    view.setUint32(at + 68, prekey.oneTimePrekeyId)
    at += prekeyLength
  }
  out.set(header.ratchetKey, at)
  view.setUint32(at + 32, header.previousChainLength)
  view.setUint32(at + 36, header.messageNumber)
  return out
}

/** Parses a message; MalformedMessageError on anything that is not one. */
export function decodeMessage (bytes: Uint8Array): SessionMessage {
  assertBytes(bytes, 'bytes')
  if (bytes.length > MAX_MESSAGE_LENGTH) throw new MalformedMessageError(`message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_LENGTH}`)
  const r = new ByteReader(bytes, (reason) => new MalformedMessageError(`malformed session message: ${reason}`))
  const version = r.u8()
  if (version !== MESSAGE_VERSION) throw new MalformedMessageError(`unsupported message version ${version}`)
  const type = r.u8()
  if (type !== MESSAGE_TYPE_NORMAL && type !== MESSAGE_TYPE_PREKEY) throw new MalformedMessageError(`unknown message type ${type}`)
  const prekey = type === MESSAGE_TYPE_PREKEY
    ? { identityKey: r.bytes(ED25519_PUBLIC_KEY_LENGTH), baseKey: r.bytes(X25519_KEY_LENGTH), signedPrekeyId: r.u32(), oneTimePrekeyId: r.u32() }
    : undefined
  const header = { ratchetKey: r.bytes(X25519_KEY_LENGTH), previousChainLength: r.u32(), messageNumber: r.u32() }
  const authenticated = bytes.subarray(0, bytes.length - r.remaining)
  const ciphertext = r.rest()
  if (ciphertext.length < TAG_LENGTH) throw new MalformedMessageError('message has no ciphertext')
  return { prekey, header, authenticated, ciphertext }
}

/** True when the bytes are a prekey message (the first message(s) of a session). */
export function isPrekeyMessage (bytes: Uint8Array): boolean {
  assertBytes(bytes, 'bytes')
  return bytes.length > 2 && bytes[0] === MESSAGE_VERSION && bytes[1] === MESSAGE_TYPE_PREKEY
}
