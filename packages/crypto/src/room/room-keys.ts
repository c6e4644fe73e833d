/**
 * Keys of private rooms and group IMs.
 *
 * - room secret: 32 random bytes, shared by invitation (as a DM);
 * - room id: BLAKE2b-256 keyed by the secret over "parley/room-id/v1", so the
 *   topic derived from it never reveals the room name or the secret;
 * - epoch keys: one 32-byte XChaCha20-Poly1305 key per epoch; removing a
 *   member starts a new epoch whose key only the remaining members receive.
 *
 * Sealed room message, version 1:
 * `u8 version | u32 epoch | nonce 24 | XChaCha20-Poly1305(inner)` with
 * associated data `"parley/room/v1" | roomId 32 | u32 epoch`, where
 * `inner = author 32 (Ed25519) | signature 64 | payload` and the signature is
 * `sign(author, 'parley/private-room-message/v1', roomId | u32 epoch | payload)`:
 * the AEAD proves membership, the signature proves which member wrote it.
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { assertBytes, assertLength, concat, toHex } from '../encoding.js'
import { InvalidArgumentError } from '../errors.js'
import { blake2b256, randomBytes } from '../hash.js'
import { assertIdentity, type Identity } from '../identity.js'
import { isValidSignature, sign, SIGNATURE_LABELS } from '../signature.js'
import { sodium } from '../sodium.js'
import { InvalidKeyringError, InvalidRoomMessageError, UnknownEpochError } from './errors.js'

/** Room secret and epoch key length. */
export const ROOM_KEY_LENGTH = 32
/** Largest sealed room message (the 64 KiB envelope limit). */
export const MAX_ROOM_MESSAGE_LENGTH = 64 * 1024
/** Most epochs a keyring keeps (older ones are dropped). */
export const MAX_EPOCHS = 256

const ROOM_ID_INPUT = new TextEncoder().encode('parley/room-id/v1')
const AD_PREFIX = new TextEncoder().encode('parley/room/v1')
const ROOM_MESSAGE_VERSION = 1
const KEYRING_VERSION = 1
const NONCE_LENGTH = 24
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** A fresh room secret. */
export function createRoomSecret (): Uint8Array {
  return randomBytes(ROOM_KEY_LENGTH)
}

/** The room id: BLAKE2b-256 keyed by the secret. */
export function roomIdFromSecret (secret: Uint8Array): Uint8Array {
  assertLength(secret, ROOM_KEY_LENGTH, 'secret')
  return blake2b256(ROOM_ID_INPUT, secret)
}

const u32 = (n: number): Uint8Array => new ByteWriter().u32(n).finish()

/** A room's epoch keys. Secrets never appear in toJSON or inspect output. */
export class RoomKeyring {
  readonly roomId: Uint8Array
  readonly #keys: Map<number, Uint8Array>
  #current: number

  constructor (roomId: Uint8Array, epoch: number, key: Uint8Array) {
    assertLength(roomId, 32, 'roomId')
    assertLength(key, ROOM_KEY_LENGTH, 'key')
    this.roomId = roomId
    this.#keys = new Map([[epoch, key]])
    this.#current = epoch
  }

  /** A keyring for a new room, at epoch 0 with a fresh key. */
  static create (roomId: Uint8Array): RoomKeyring {
    return new RoomKeyring(roomId, 0, randomBytes(ROOM_KEY_LENGTH))
  }

  get currentEpoch (): number {
    return this.#current
  }

  /** The key of an epoch (to send to members by DM). */
  epochKey (epoch: number = this.#current): Uint8Array {
    const key = this.#keys.get(epoch)
    if (key === undefined) throw new UnknownEpochError(epoch)
    return key
  }

  /** Starts a new epoch with a fresh key (a member was removed); returns its number. */
  rotate (): number {
    this.addEpoch(this.#current + 1, randomBytes(ROOM_KEY_LENGTH))
    return this.#current
  }

  /** Adds an epoch key received from the room's owner; a newer epoch becomes current. */
  addEpoch (epoch: number, key: Uint8Array): void {
    if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > 0xffffffff) throw new InvalidArgumentError('epoch must be a u32')
    assertLength(key, ROOM_KEY_LENGTH, 'key')
    this.#keys.set(epoch, key)
    if (epoch > this.#current) this.#current = epoch
    while (this.#keys.size > MAX_EPOCHS) this.#keys.delete(Math.min(...this.#keys.keys()))
  }

  /** Versioned bytes: `u8 version | roomId 32 | u32 current | u16 n | n × (u32 epoch | key 32)`. */
  serialize (): Uint8Array {
    const w = new ByteWriter().u8(KEYRING_VERSION).bytes(this.roomId).u32(this.#current).u16(this.#keys.size)
    for (const [epoch, key] of this.#keys) w.u32(epoch).bytes(key)
    return w.finish()
  }

  /** Parses {@link serialize}'s bytes; InvalidKeyringError on garbage. */
  static deserialize (bytes: Uint8Array): RoomKeyring {
    assertBytes(bytes, 'bytes')
    const r = new ByteReader(bytes, (reason) => new InvalidKeyringError(`malformed keyring: ${reason}`))
    if (r.u8() !== KEYRING_VERSION) throw new InvalidKeyringError('unsupported keyring version')
    const roomId = r.bytes(32)
    const current = r.u32()
    const count = r.u16()
    if (count === 0 || count > MAX_EPOCHS) throw new InvalidKeyringError(`keyring has ${count} epochs`)
    const entries: Array<[number, Uint8Array]> = []
    for (let i = 0; i < count; i++) entries.push([r.u32(), r.bytes(ROOM_KEY_LENGTH)])
    r.end()
    const keyring = new RoomKeyring(roomId, entries[0][0], entries[0][1])
    for (const [epoch, key] of entries.slice(1)) keyring.addEpoch(epoch, key)
    if (!keyring.#keys.has(current)) throw new InvalidKeyringError('keyring has no key for its current epoch')
    keyring.#current = current
    return keyring
  }

  toJSON (): { roomId: string, currentEpoch: number, epochs: number[] } {
    return { roomId: toHex(this.roomId), currentEpoch: this.#current, epochs: [...this.#keys.keys()] }
  }

  [INSPECT] (): string {
    return `RoomKeyring(${toHex(this.roomId)}, epoch ${this.#current})`
  }
}

function associatedData (roomId: Uint8Array, epoch: number): Uint8Array {
  return concat(AD_PREFIX, roomId, u32(epoch))
}

/** Signs `payload` as `author` and seals it under the keyring's current epoch key. */
export function sealRoomMessage (author: Identity, keyring: RoomKeyring, payload: Uint8Array): Uint8Array {
  assertIdentity(author, 'author')
  assertBytes(payload, 'payload')
  const epoch = keyring.currentEpoch
  const signature = sign(author, SIGNATURE_LABELS.privateRoomMessage, concat(keyring.roomId, u32(epoch), payload))
  const nonce = randomBytes(NONCE_LENGTH)
  const sealed = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(
    concat(author.publicKey, signature, payload), associatedData(keyring.roomId, epoch), null, nonce, keyring.epochKey(epoch))
  return new ByteWriter().u8(ROOM_MESSAGE_VERSION).u32(epoch).bytes(nonce).bytes(sealed).finish()
}

/** An opened room message: who wrote it (verified), under which epoch, and what. */
export interface OpenedRoomMessage {
  author: Uint8Array
  epoch: number
  payload: Uint8Array
}

/** Opens a sealed room message: UnknownEpochError, or InvalidRoomMessageError for anything forged or malformed. */
export function openRoomMessage (keyring: RoomKeyring, bytes: Uint8Array): OpenedRoomMessage {
  assertBytes(bytes, 'bytes')
  if (bytes.length > MAX_ROOM_MESSAGE_LENGTH) throw new InvalidRoomMessageError(`room message exceeds ${MAX_ROOM_MESSAGE_LENGTH} bytes`)
  const r = new ByteReader(bytes, (reason) => new InvalidRoomMessageError(`malformed room message: ${reason}`))
  if (r.u8() !== ROOM_MESSAGE_VERSION) throw new InvalidRoomMessageError('unsupported room message version')
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
  if (inner.length < 96) throw new InvalidRoomMessageError('room message has no author signature')
  const author = inner.slice(0, 32)
  const payload = inner.slice(96)
  if (!isValidSignature(author, SIGNATURE_LABELS.privateRoomMessage, concat(keyring.roomId, u32(epoch), payload), inner.subarray(32, 96))) {
    throw new InvalidRoomMessageError('room message author signature does not verify')
  }
  return { author, epoch, payload }
}
