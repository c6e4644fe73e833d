/**
 * A private room's state (secret, owner, members, epoch keys): created by its
 * owner, sent by DM in invites and re-keys, stored by every member. Every
 * decode checks the limits and the id binding, stored bytes included.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { createRoomSecret, isRoomIdOf, RoomKeyring, roomIdFor, ROOM_ID_LENGTH, ROOM_KEY_LENGTH, type Identity } from '@parley/crypto'
import { MAX_ROOM_NAME_LENGTH } from '../constants.js'
import { PrivateRoomState } from '../pb/private-room.js'
import { peerIdOfKey } from '../room-messages.js'
import { MAX_PEER_ID_LENGTH, MAX_PRIVATE_ROOM_MEMBERS } from './constants.js'
import { InvalidRoomKeysError, RoomIdMismatchError } from './errors.js'

/** A private room as one member knows it. */
export interface RoomState {
  roomId: Uint8Array
  secret: Uint8Array
  ownerKey: Uint8Array
  /** The owner's PeerId (derived from ownerKey). */
  owner: string
  name: string
  members: string[]
  keyring: RoomKeyring
  /** Whether this profile accepted the invite (or created the room). */
  joined: boolean
}

/** Checks a room name: 1..MAX_ROOM_NAME_LENGTH characters, not blank. */
export function checkRoomName (name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_ROOM_NAME_LENGTH) {
    throw new InvalidRoomKeysError(`room name must be 1..${MAX_ROOM_NAME_LENGTH} characters`)
  }
}

/** A new room owned by `owner`: a fresh secret, the id bound to both, epoch 0. */
export function createRoomState (owner: Identity, self: string, name: string): RoomState {
  const secret = createRoomSecret()
  const roomId = roomIdFor(owner.publicKey, secret)
  return { roomId, secret, ownerKey: owner.publicKey, owner: self, name: name.trim(), members: [self], keyring: RoomKeyring.create(roomId), joined: true }
}

/** The wire and stored form of a room's state. */
export function encodeRoomState (state: RoomState): Uint8Array<ArrayBuffer> {
  return PrivateRoomState.encode({
    roomId: state.roomId as Uint8Array<ArrayBuffer>,
    secret: state.secret as Uint8Array<ArrayBuffer>,
    ownerKey: state.ownerKey as Uint8Array<ArrayBuffer>,
    name: state.name,
    members: state.members,
    keyring: state.keyring.serialize() as Uint8Array<ArrayBuffer>
  })
}

/** Whether `peer` is a PeerId string a member list may hold. */
export function isMemberId (peer: unknown): peer is string {
  if (typeof peer !== 'string' || peer.length > MAX_PEER_ID_LENGTH) return false
  try {
    return peerIdFromString(peer).type === 'Ed25519'
  } catch {
    return false
  }
}

function checkMembers (members: string[], owner: string): void {
  if (!members.every(isMemberId)) throw new InvalidRoomKeysError('a member is not a PeerId')
  if (new Set(members).size !== members.length) throw new InvalidRoomKeysError('a member is listed twice')
  if (!members.includes(owner)) throw new InvalidRoomKeysError('the owner is not a member')
}

/**
 * Decodes room state received by DM or read from the store: at most
 * MAX_PRIVATE_ROOM_MEMBERS members, each a PeerId; a name within limits; a
 * keyring for this room; and the room id bound to the owner's key and the
 * secret (RoomIdMismatchError otherwise). InvalidRoomKeysError for the rest.
 */
export function decodeRoomState (bytes: Uint8Array, joined: boolean): RoomState {
  let pb: PrivateRoomState
  try {
    pb = PrivateRoomState.decode(bytes, { limits: { members: MAX_PRIVATE_ROOM_MEMBERS } })
  } catch (err) {
    throw new InvalidRoomKeysError(`room keys do not decode: ${(err as Error).message}`)
  }
  if (pb.roomId.length !== ROOM_ID_LENGTH || pb.secret.length !== ROOM_KEY_LENGTH || pb.ownerKey.length !== 32) {
    throw new InvalidRoomKeysError('room keys have a field of the wrong length')
  }
  checkRoomName(pb.name)
  if (!isRoomIdOf(pb.roomId, pb.ownerKey, pb.secret)) throw new RoomIdMismatchError('the room id is not bound to this owner and secret')
  let owner: string
  let keyring: RoomKeyring
  try {
    owner = peerIdOfKey(pb.ownerKey)
    keyring = RoomKeyring.deserialize(pb.keyring)
  } catch (err) {
    throw new InvalidRoomKeysError(`room keys have a bad owner key or keyring: ${(err as Error).message}`)
  }
  if (!isRoomIdOf(keyring.roomId, pb.ownerKey, pb.secret)) throw new RoomIdMismatchError('the keyring is for another room')
  checkMembers(pb.members, owner)
  return { roomId: pb.roomId, secret: pb.secret, ownerKey: pb.ownerKey, owner, name: pb.name, members: pb.members, keyring, joined }
}
