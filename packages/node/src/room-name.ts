import { MAX_ROOM_NAME_LENGTH } from './constants.js'
import { InvalidRoomNameError } from './errors.js'

const VALID = /^[a-z0-9._-]+$/

/** NFC, lower case, then [a-z0-9._-], 1..64 characters (DESIGN.md "Public rooms"). */
export function normaliseRoomName (name: unknown): string {
  if (typeof name !== 'string') throw new InvalidRoomNameError('room name must be a string')
  const normal = name.normalize('NFC').trim().toLowerCase().replace(/^#/, '')
  if (normal.length === 0 || normal.length > MAX_ROOM_NAME_LENGTH || !VALID.test(normal)) {
    throw new InvalidRoomNameError(`room name must be 1..${MAX_ROOM_NAME_LENGTH} characters of a-z, 0-9, '.', '_' and '-'; got ${JSON.stringify(name)}`)
  }
  return normal
}
