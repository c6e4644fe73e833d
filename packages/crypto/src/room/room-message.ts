/**
 * Sealed, signed private-room messages.
 *
 * Wire format, version 2 (big-endian):
 * ```
 * u8 version (2) | u32 epoch | nonce 24 | XChaCha20-Poly1305(inner)
 * associated data = "parley/room/v1" | roomId 32 | u32 epoch
 * inner           = author 32 (Ed25519) | signature 64 | payload
 * message id      = BLAKE2b-256("parley/room-message-id/v2" | roomId 32 | u32 epoch | author 32 | payload)
 * signature       = sign(author, 'parley/private-room-message/v1', message id)
 * ```
 * The AEAD under the epoch key proves the writer is a member of that epoch;
 * the inner signature proves which member wrote it, so a member cannot write
 * in another member's name. Room id and epoch are in both the associated data
 * and the signed id, so a message cannot be moved to another room or epoch.
 * The nonce is random: unlike a ratchet message key, an epoch key seals many
 * messages, and XChaCha20's 192-bit nonce makes random nonces safe.
 *
 * The id the author signs depends on the signed content only, never on the
 * nonce or the ciphertext: anyone holding the epoch key (a removed member
 * too) can re-seal a member's inner bytes under a fresh nonce, and the copy
 * opens with the same id, so receivers de-duplicate on it. Version 1 signed
 * `roomId | epoch | payload` and was stored under a hash of the sealed bytes,
 * which made each re-sealed copy a new message. The signed bytes of the two
 * versions cannot collide (32 bytes against at least 36).
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH } from '../constants.js'
import { assertBytes, concat } from '../encoding.js'
import { InvalidArgumentError, InvalidLengthError } from '../errors.js'
import { blake2b256, randomBytes } from '../hash.js'
import { assertIdentity, type Identity } from '../identity.js'
import { isValidSignature, sign, SIGNATURE_LABELS } from '../signature.js'
import { sodium } from '../sodium.js'
import { MAX_ROOM_MESSAGE_LENGTH, ROOM_MESSAGE_VERSION } from './constants.js'
import { InvalidRoomMessageError } from './errors.js'
import { RoomKeyring } from './room-keyring.js'

const AD_PREFIX = new TextEncoder().encode('parley/room/v1')
const ID_PREFIX = new TextEncoder().encode('parley/room-message-id/v2')
const NONCE_LENGTH = 24
const TAG_LENGTH = 16
const INNER_HEADER_LENGTH = ED25519_PUBLIC_KEY_LENGTH + ED25519_SIGNATURE_LENGTH
/** Bytes a sealed message adds to its payload. */
const OVERHEAD = 1 + 4 + NONCE_LENGTH + TAG_LENGTH + INNER_HEADER_LENGTH
/** Largest payload whose sealed message fits MAX_ROOM_MESSAGE_LENGTH. */
export const MAX_ROOM_PAYLOAD_LENGTH = MAX_ROOM_MESSAGE_LENGTH - OVERHEAD

const u32 = (n: number): Uint8Array => new ByteWriter().u32(n).finish()

function assertKeyring (keyring: unknown): asserts keyring is RoomKeyring {
  if (!(keyring instanceof RoomKeyring)) throw new InvalidArgumentError('keyring must be a RoomKeyring')
}

function associatedData (roomId: Uint8Array, epoch: number): Uint8Array {
  return concat(AD_PREFIX, roomId, u32(epoch))
}

/** The message id, which the author signs: a hash of the room id, epoch, author and payload. */
function messageId (roomId: Uint8Array, epoch: number, author: Uint8Array, payload: Uint8Array): Uint8Array {
  return blake2b256(concat(ID_PREFIX, roomId, u32(epoch), author, payload))
}

/**
 * Signs `payload` as `author` and seals it under the keyring's current epoch
 * key. A payload over MAX_ROOM_PAYLOAD_LENGTH is refused (InvalidLengthError),
 * since no member would open the result.
 */
export function sealRoomMessage (author: Identity, keyring: RoomKeyring, payload: Uint8Array): Uint8Array {
  assertIdentity(author, 'author')
  assertKeyring(keyring)
  assertBytes(payload, 'payload')
  if (payload.length > MAX_ROOM_PAYLOAD_LENGTH) {
    throw new InvalidLengthError(`payload must be at most ${MAX_ROOM_PAYLOAD_LENGTH} bytes, got ${payload.length}`)
  }
  const epoch = keyring.currentEpoch
  const signature = sign(author, SIGNATURE_LABELS.privateRoomMessage, messageId(keyring.roomId, epoch, author.publicKey, payload))
  const nonce = randomBytes(NONCE_LENGTH)
  const sealed = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(
    concat(author.publicKey, signature, payload), associatedData(keyring.roomId, epoch), null, nonce, keyring.epochKey(epoch))
  return new ByteWriter().u8(ROOM_MESSAGE_VERSION).u32(epoch).bytes(nonce).bytes(sealed).finish()
}

/** An opened room message: its id, who wrote it (verified), under which epoch, and what. */
export interface OpenedRoomMessage {
  /** The signed message id (32 bytes): the same for every sealing of one signed message, so receivers de-duplicate on it. */
  id: Uint8Array
  /** The author's Ed25519 public key; the signature over the payload verified against it. */
  author: Uint8Array
  epoch: number
  payload: Uint8Array
}

/**
 * Opens a sealed room message. UnknownEpochError when the keyring has no key
 * for its epoch (e.g. sealed after we were removed); InvalidRoomMessageError
 * for anything malformed, oversized, forged or signed by someone else.
 */
export function openRoomMessage (keyring: RoomKeyring, bytes: Uint8Array): OpenedRoomMessage {
  assertKeyring(keyring)
  assertBytes(bytes, 'bytes')
  if (bytes.length > MAX_ROOM_MESSAGE_LENGTH) throw new InvalidRoomMessageError(`room message exceeds ${MAX_ROOM_MESSAGE_LENGTH} bytes`)
  const r = new ByteReader(bytes, (reason) => new InvalidRoomMessageError(`malformed room message: ${reason}`))
  const version = r.u8()
  if (version !== ROOM_MESSAGE_VERSION) throw new InvalidRoomMessageError(`unsupported room message version ${version}`)
  const epoch = r.u32()
  const nonce = r.bytes(NONCE_LENGTH)
  const sealed = r.rest()
  const key = keyring.epochKey(epoch)
  let inner: Uint8Array
  try {
    inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, associatedData(keyring.roomId, epoch), nonce, key)
  } catch {
    throw new InvalidRoomMessageError('room message does not authenticate under its epoch key')
  }
  if (inner.length < INNER_HEADER_LENGTH) throw new InvalidRoomMessageError('room message has no author signature')
  const author = inner.slice(0, ED25519_PUBLIC_KEY_LENGTH)
  const signature = inner.subarray(ED25519_PUBLIC_KEY_LENGTH, INNER_HEADER_LENGTH)
  const payload = inner.slice(INNER_HEADER_LENGTH)
  const id = messageId(keyring.roomId, epoch, author, payload)
  if (!isValidSignature(author, SIGNATURE_LABELS.privateRoomMessage, id, signature)) {
    throw new InvalidRoomMessageError('room message author signature does not verify')
  }
  return { id, author, epoch, payload }
}
