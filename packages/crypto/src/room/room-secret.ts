/**
 * The room secret and the room id.
 *
 * - room secret: 32 random bytes, shared by invitation (as a DM);
 * - room id: BLAKE2b-256 keyed by the secret over "parley/room-id/v2" and the
 *   owner's Ed25519 public key. The id (and the topic derived from it)
 *   reveals neither the secret nor the room's name; only holders of the
 *   secret can compute it, and it names its owner: whoever claims the id with
 *   another owner key, or without the secret, is found out (a squatter who
 *   saw the id in a topic subscription cannot take the room over).
 */
import { ED25519_PUBLIC_KEY_LENGTH } from '../constants.js'
import { assertLength, concat } from '../encoding.js'
import { blake2b256, constantTimeEqual, randomBytes } from '../hash.js'
import { ROOM_ID_LENGTH, ROOM_KEY_LENGTH } from './constants.js'

const ROOM_ID_INPUT = new TextEncoder().encode('parley/room-id/v2')

/** A fresh room secret. */
export function createRoomSecret (): Uint8Array {
  return randomBytes(ROOM_KEY_LENGTH)
}

/** The room id of the room `ownerKey` created with `secret`: BLAKE2b-256 keyed by the secret over the domain and the owner's key. */
export function roomIdFor (ownerKey: Uint8Array, secret: Uint8Array): Uint8Array {
  assertLength(ownerKey, ED25519_PUBLIC_KEY_LENGTH, 'ownerKey')
  assertLength(secret, ROOM_KEY_LENGTH, 'secret')
  return blake2b256(concat(ROOM_ID_INPUT, ownerKey), secret)
}

/** Whether `roomId` is the id of the room `ownerKey` created with `secret`. */
export function isRoomIdOf (roomId: Uint8Array, ownerKey: Uint8Array, secret: Uint8Array): boolean {
  return roomId.length === ROOM_ID_LENGTH && constantTimeEqual(roomId, roomIdFor(ownerKey, secret))
}
