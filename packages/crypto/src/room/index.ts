/** Keys of private rooms and group IMs: room secret and id, epoch keyring, sealed signed messages. */
export * from './errors.js'
export {
  ROOM_KEY_LENGTH,
  MAX_ROOM_MESSAGE_LENGTH,
  MAX_EPOCHS,
  createRoomSecret,
  roomIdFromSecret,
  RoomKeyring,
  sealRoomMessage,
  openRoomMessage,
  type OpenedRoomMessage
} from './room-keys.js'
