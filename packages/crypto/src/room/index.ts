/**
 * Keys of private rooms and group IMs: the room secret and the room id
 * derived from it and the owner's key, the epoch keyring, and sealed messages signed by their
 * author.
 *
 * @packageDocumentation
 */
export * from './constants.js'
export * from './errors.js'
export { createRoomSecret, isRoomIdOf, roomIdFor } from './room-secret.js'
export { RoomKeyring } from './room-keyring.js'
export { MAX_ROOM_PAYLOAD_LENGTH, sealRoomMessage, openRoomMessage, type OpenedRoomMessage } from './room-message.js'
