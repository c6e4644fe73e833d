/**
 * A room's epoch keys: one 32-byte XChaCha20-Poly1305 key per epoch. Removing
 * a member starts a new epoch whose key only the remaining members receive;
 * older epochs stay readable for history.
 *
 * Serialised, version 1 (big-endian):
 * `u8 version | roomId 32 | u32 currentEpoch | u16 n | n × (u32 epoch | key 32)`.
 */
import { ByteReader, ByteWriter } from '../bytes.js'
import { assertBytes, assertLength, toHex } from '../encoding.js'
import { InvalidArgumentError } from '../errors.js'
import { constantTimeEqual, randomBytes } from '../hash.js'
import { KEYRING_VERSION, MAX_EPOCH_STEP, MAX_EPOCHS, MAX_KEYRING_LENGTH, ROOM_ID_LENGTH, ROOM_KEY_LENGTH } from './constants.js'
import { EpochStepError, InvalidKeyringError, UnknownEpochError } from './errors.js'

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

function assertEpoch (epoch: unknown): asserts epoch is number {
  if (!Number.isSafeInteger(epoch) || (epoch as number) < 0 || (epoch as number) > 0xffffffff) {
    throw new InvalidArgumentError('epoch must be a u32')
  }
}

/** A room's epoch keys. Secrets never appear in toJSON or inspect output. */
export class RoomKeyring {
  readonly roomId: Uint8Array
  readonly #keys: Map<number, Uint8Array>
  #current: number

  /** A keyring holding one epoch's key (e.g. received with an invitation), that epoch being current. */
  constructor (roomId: Uint8Array, epoch: number, key: Uint8Array) {
    assertLength(roomId, ROOM_ID_LENGTH, 'roomId')
    assertEpoch(epoch)
    assertLength(key, ROOM_KEY_LENGTH, 'key')
    this.roomId = roomId
    this.#keys = new Map([[epoch, key]])
    this.#current = epoch
  }

  /** A keyring for a new room, at epoch 0 with a fresh key. */
  static create (roomId: Uint8Array): RoomKeyring {
    return new RoomKeyring(roomId, 0, randomBytes(ROOM_KEY_LENGTH))
  }

  /** The newest epoch: messages are sealed under it. */
  get currentEpoch (): number {
    return this.#current
  }

  /** The key of an epoch (to send to members by DM); UnknownEpochError when not held. */
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
    assertEpoch(epoch)
    assertLength(key, ROOM_KEY_LENGTH, 'key')
    this.#keys.set(epoch, key)
    if (epoch > this.#current) this.#current = epoch
    while (this.#keys.size > MAX_EPOCHS) this.#keys.delete(Math.min(...this.#keys.keys()))
  }

  /** The epochs whose keys this keyring holds (at most MAX_EPOCHS), oldest first. */
  epochs (): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b)
  }

  /**
   * Takes the epoch keys of a keyring received from the room's owner (a
   * re-key). Its newest epoch may be at most MAX_EPOCH_STEP past ours
   * (EpochStepError otherwise, nothing taken); keys of epochs we already hold
   * are kept, so a re-key cannot swap the key of a past epoch. Loops over the
   * other keyring's held keys only, never over an epoch range.
   */
  merge (other: RoomKeyring): void {
    if (!(other instanceof RoomKeyring)) throw new InvalidArgumentError('other must be a RoomKeyring')
    if (!constantTimeEqual(other.roomId, this.roomId)) throw new InvalidKeyringError('keyring is for another room')
    if (other.#current > this.#current + MAX_EPOCH_STEP) throw new EpochStepError(other.#current, this.#current, MAX_EPOCH_STEP)
    for (const [epoch, key] of other.#keys) {
      if (!this.#keys.has(epoch)) this.addEpoch(epoch, key)
    }
  }

  /** Versioned bytes (see the format above). */
  serialize (): Uint8Array {
    const w = new ByteWriter().u8(KEYRING_VERSION).bytes(this.roomId).u32(this.#current).u16(this.#keys.size)
    for (const [epoch, key] of this.#keys) w.u32(epoch).bytes(key)
    return w.finish()
  }

  /** Parses {@link serialize}'s bytes; InvalidKeyringError on garbage. */
  static deserialize (bytes: Uint8Array): RoomKeyring {
    assertBytes(bytes, 'bytes')
    if (bytes.length > MAX_KEYRING_LENGTH) throw new InvalidKeyringError(`keyring of ${bytes.length} bytes exceeds ${MAX_KEYRING_LENGTH}`)
    const r = new ByteReader(bytes, (reason) => new InvalidKeyringError(`malformed keyring: ${reason}`))
    const version = r.u8()
    if (version !== KEYRING_VERSION) throw new InvalidKeyringError(`unsupported keyring version ${version}`)
    const roomId = r.bytes(ROOM_ID_LENGTH)
    const current = r.u32()
    const count = r.u16()
    if (count === 0 || count > MAX_EPOCHS) throw new InvalidKeyringError(`keyring has ${count} epochs`)
    const keys = new Map<number, Uint8Array>()
    for (let i = 0; i < count; i++) {
      const epoch = r.u32()
      if (keys.has(epoch)) throw new InvalidKeyringError(`keyring lists epoch ${epoch} twice`)
      keys.set(epoch, r.bytes(ROOM_KEY_LENGTH))
    }
    r.end()
    const currentKey = keys.get(current)
    if (currentKey === undefined) throw new InvalidKeyringError('keyring has no key for its current epoch')
    if (Math.max(...keys.keys()) !== current) throw new InvalidKeyringError('keyring\'s current epoch is not its newest')
    const keyring = new RoomKeyring(roomId, current, currentKey)
    for (const [epoch, key] of keys) keyring.#keys.set(epoch, key)
    return keyring
  }

  /** Public facts only: never keys. */
  toJSON (): { roomId: string, currentEpoch: number, epochs: number[] } {
    return { roomId: toHex(this.roomId), currentEpoch: this.#current, epochs: [...this.#keys.keys()] }
  }

  [INSPECT] (): string {
    return `RoomKeyring(${toHex(this.roomId)}, epoch ${this.#current})`
  }
}
