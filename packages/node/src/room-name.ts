import { MAX_ROOM_NAME_LENGTH } from './constants.js'
import { InvalidRoomNameError } from './errors.js'

const VALID = /^[a-z0-9._-]+$/
/** An owned room's owner part (communities/owned-room.ts): `~` and the owner key in 64 hex digits. */
const OWNER = /^~[0-9a-f]{64}$/

/**
 * NFC, lower case, then [a-z0-9._-], 1..64 characters (DESIGN.md "Public rooms"); an owned room
 * (communities/owned-room.ts) is such a name followed by `~` and its owner's key in hex.
 */
export function normaliseRoomName (name: unknown): string {
  if (typeof name !== 'string') throw new InvalidRoomNameError('room name must be a string')
  const full = name.normalize('NFC').trim().toLowerCase().replace(/^#/, '')
  const at = full.indexOf('~')
  const normal = at < 0 ? full : full.slice(0, at)
  const owner = at < 0 ? '' : full.slice(at)
  if (normal.length === 0 || normal.length > MAX_ROOM_NAME_LENGTH || !VALID.test(normal) || (owner !== '' && !OWNER.test(owner))) {
    throw new InvalidRoomNameError(`room name must be 1..${MAX_ROOM_NAME_LENGTH} characters of a-z, 0-9, '.', '_' and '-' (an owned room: then ~ and the owner's key in 64 hex digits); got ${JSON.stringify(name)}`)
  }
  return normal + owner
}
