/** Typed errors of private rooms. Tell them apart by `err.name`. */
import { named } from '../errors.js'

/** Room keys (an invite, a re-key or a stored room) that do not decode or break a limit. */
export class InvalidRoomKeysError extends named('InvalidRoomKeysError') {}
/** Room keys whose room id is not roomIdFor(owner key, secret): a squatter claiming someone else's room. */
export class RoomIdMismatchError extends named('RoomIdMismatchError') {}
/** An invite or re-key sent by someone other than the room's owner. */
export class NotRoomOwnerError extends named('NotRoomOwnerError') {}
/** A re-key for a room we were never invited to. */
export class UnknownRoomError extends named('UnknownRoomError') {}
/** A post whose author is not a member of the room now (never was, or was removed). */
export class NotMemberError extends named('NotMemberError') {}
/** A sealed post whose body does not decode, or whose sentAt is too far in the future. */
export class InvalidPrivateMessageError extends named('InvalidPrivateMessageError') {}
/** An invite to a room that already lists MAX_PRIVATE_ROOM_MEMBERS members. */
export class RoomFullError extends named('RoomFullError') {}
/** An invite from an inviter who already has MAX_PENDING_INVITES_PER_INVITER invites waiting unaccepted. */
export class TooManyInvitesError extends named('TooManyInvitesError') {}
