/** Sizes, limits and labels of private-room keys. */

/** Room secret and epoch key length (an XChaCha20-Poly1305 key). */
export const ROOM_KEY_LENGTH = 32
/** Room id length (BLAKE2b-256). */
export const ROOM_ID_LENGTH = 32
/** Largest sealed room message (the 64 KiB envelope limit). */
export const MAX_ROOM_MESSAGE_LENGTH = 64 * 1024
/** Most epochs a keyring keeps (older ones are dropped). */
export const MAX_EPOCHS = 256
/**
 * Largest step a received keyring may take over the epoch we hold: the owner
 * starts one epoch per removal, and each re-key is sent to every member, so an
 * honest owner is never more than a few epochs ahead of a member. A bigger step
 * is refused (EpochStepError) rather than believed: epochs come from the
 * network, and one near 2^32 would leave the owner unable to rotate.
 */
export const MAX_EPOCH_STEP = 16
/** Largest serialised keyring: its fixed fields and MAX_EPOCHS epoch keys. */
export const MAX_KEYRING_LENGTH = 1 + ROOM_ID_LENGTH + 4 + 2 + MAX_EPOCHS * (4 + ROOM_KEY_LENGTH)

/** Format version of sealed room messages. */
export const ROOM_MESSAGE_VERSION = 2
/** Format version of serialised keyrings. */
export const KEYRING_VERSION = 1
