import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH } from './constants.js'
import { assertBytes, assertLength, concat } from './encoding.js'
import { InvalidArgumentError, InvalidSignatureError } from './errors.js'
import { assertIdentity, type Identity } from './identity.js'
import { sodium } from './sodium.js'

/**
 * Domain-separation labels, one per kind of signed thing, so a signature made
 * for one purpose can never be replayed as another.
 */
export const SIGNATURE_LABELS = {
  roomMessage: 'parley/room-message/v1',
  privateRoomMessage: 'parley/private-room-message/v1',
  signedPrekey: 'parley/signed-prekey/v1',
  mailboxAnnouncement: 'parley/mailbox-announcement/v1',
  directoryAnnouncement: 'parley/directory-announcement/v1',
  moderation: 'parley/moderation/v1',
  invite: 'parley/invite/v1',
  presence: 'parley/presence/v1',
  dmMessage: 'parley/dm-message/v1',
  contactCard: 'parley/contact-card/v1'
} as const

/** One of {@link SIGNATURE_LABELS}. */
export type SignatureLabel = (typeof SIGNATURE_LABELS)[keyof typeof SIGNATURE_LABELS]

const LABELS = new Set<string>(Object.values(SIGNATURE_LABELS))
const PREFIX = new TextEncoder().encode('Parley signature\0')
const encoder = new TextEncoder()

/**
 * The bytes actually signed:
 * `"Parley signature\0" || u8 len(label) || label || payload`.
 * The length byte makes the split between label and payload unambiguous.
 */
function signedBytes (label: SignatureLabel, payload: Uint8Array): Uint8Array {
  if (!LABELS.has(label)) {
    throw new InvalidArgumentError(`label must be one of SIGNATURE_LABELS, got ${String(label)}`)
  }
  assertBytes(payload, 'payload')
  const labelBytes = encoder.encode(label)
  return concat(PREFIX, Uint8Array.of(labelBytes.length), labelBytes, payload)
}

/** Signs `payload` under `label` with the identity's Ed25519 key; 64 bytes. */
export function sign (identity: Identity, label: SignatureLabel, payload: Uint8Array): Uint8Array {
  assertIdentity(identity, 'identity')
  return sodium().crypto_sign_detached(signedBytes(label, payload), identity.secretKey)
}

/** True when `signature` is `publicKey`'s signature of `payload` under `label`. */
export function isValidSignature (publicKey: Uint8Array, label: SignatureLabel, payload: Uint8Array, signature: Uint8Array): boolean {
  assertLength(publicKey, ED25519_PUBLIC_KEY_LENGTH, 'publicKey')
  assertBytes(signature, 'signature')
  const message = signedBytes(label, payload)
  if (signature.length !== ED25519_SIGNATURE_LENGTH) return false
  try {
    return sodium().crypto_sign_verify_detached(signature, message, publicKey)
  } catch {
    // libsodium throws on keys that are not valid points: that is a failed verification too.
    return false
  }
}

/** Throws InvalidSignatureError unless the signature verifies (see {@link isValidSignature}). */
export function verify (publicKey: Uint8Array, label: SignatureLabel, payload: Uint8Array, signature: Uint8Array): void {
  if (!isValidSignature(publicKey, label, payload, signature)) {
    throw new InvalidSignatureError(`signature does not verify for label ${label}`)
  }
}
