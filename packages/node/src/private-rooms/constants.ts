/** Limits of private rooms. */

/** Most members a private room lists (the owner included); a longer list in received keys is refused. */
export const MAX_PRIVATE_ROOM_MEMBERS = 256
/** Longest PeerId string accepted in a member list (Ed25519 PeerIds are 52 or 53 characters). */
export const MAX_PEER_ID_LENGTH = 128
/** Random bytes an author puts in each post body. */
export const BODY_NONCE_LENGTH = 8
/** Longest body nonce accepted from others. */
export const MAX_BODY_NONCE_LENGTH = 16
/** Most invites from one inviter that wait unaccepted; a further one is refused (TooManyInvitesError). */
export const MAX_PENDING_INVITES_PER_INVITER = 8
