/**
 * The room secret and the room id.
 *
 * - room secret: 32 random bytes, shared by invitation (as a DM);
 * - room id: BLAKE2b-256 keyed by the secret over "parley/room-id/v1", so the
 *   id (and the topic derived from it) reveals neither the secret nor the
 *   room's name, and only holders of the secret can compute it.
 */
import { assertLength } from '../encoding.js'
import { blake2b256, randomBytes } from '../hash.js'
import { ROOM_KEY_LENGTH } from './constants.js'

const ROOM_ID_INPUT = new TextEncoder().encode('parley/room-id/v1')

/** A fresh room secret. */
export function createRoomSecret (): Uint8Array {
  return randomBytes(ROOM_KEY_LENGTH)
}

/** The room id: BLAKE2b-256 keyed by the secret. */
export function roomIdFromSecret (secret: Uint8Array): Uint8Array {
  assertLength(secret, ROOM_KEY_LENGTH, 'secret')
  return blake2b256(ROOM_ID_INPUT, secret)
}
