/** Limits of direct messages. */
export const DM_PROTOCOL = '/parley/dm/1.0.0'
export const PREKEY_PROTOCOL = '/parley/prekey/1.0.0'
/** Largest DM frame (DESIGN.md: 64 KiB). */
export const MAX_DM_FRAME_BYTES = 64 * 1024
/** Timeout of every stream read and write. */
export const DM_TIMEOUT_MS = 10_000
/** An inbound DM stream idle this long is closed. */
export const DM_IDLE_MS = 60_000
/** An outbound DM stream is closed this long after its last frame (reused until then). */
export const DM_SENDER_IDLE_MS = 15_000
/** How often the outbox is retried for every contact. */
export const RETRY_INTERVAL_MS = 10_000
/** Frames a contact may send per second (a recipient refuses more), and prekey requests per minute per peer. */
export const DM_FRAMES_PER_SECOND = 1000
/**
 * A sender's own pace per contact: a token bucket refilled at this rate, holding at most this
 * many. Any one-second window then sees at most twice this, which is the recipient's limit, so an
 * honest sender is never refused, however the two clocks' seconds line up.
 */
export const DM_SEND_RATE = DM_FRAMES_PER_SECOND / 2
export const PREKEY_REQUESTS_PER_MINUTE = 20
/** History conversation of a contact. */
export const dmConversation = (peerId: string): string => `dm:${peerId}`
/** Frames a non-contact may send per second: far below contacts (their DMs go to message requests). */
export const STRANGER_FRAMES_PER_SECOND = 5
/** ...and all non-contacts together: each frame may cost a session start and a ratchet step. */
export const STRANGERS_FRAMES_PER_SECOND = 25
/**
 * Message keys a non-contact's frame may skip (contacts: the ratchet's MAX_SKIP, 1,000). Keys are
 * derived before the frame authenticates, about 25 µs each here: a forged header from a stranger
 * costs at most this many steps. A requester has at most MAX_REQUEST_MESSAGES messages held.
 */
export const STRANGER_MAX_SKIP = 64
/** Private-room invites and mailbox announcements a non-contact may send per hour (they are unsolicited). */
export const STRANGER_INVITES_PER_HOUR = 5
/** ...and all non-contacts together (fresh identities cost nothing). */
export const STRANGERS_INVITES_PER_HOUR = 50
/** Pending message requests kept; a new requester beyond this drops the least recent one. */
export const MAX_REQUESTERS = 100
/** DMs held per requester until the request is accepted (more are refused and stay in the sender's outbox). */
export const MAX_REQUEST_MESSAGES = 10
/** Bytes of DM text held per requester. */
export const MAX_REQUEST_BYTES = 32 * 1024
/** Characters of a request's preview. */
export const REQUEST_PREVIEW_CHARS = 120
/** Unused one-time prekeys below which a fresh batch is made. */
export const PREKEY_LOW_WATER = 20
/** One-time prekeys made per batch. */
export const PREKEY_BATCH = 100
/** The signed prekey is replaced after this long. */
export const SIGNED_PREKEY_ROTATE_MS = 7 * 24 * 60 * 60 * 1000
/** A replaced signed prekey still starts sessions for this long (bundles fetched before the rotation). */
export const SIGNED_PREKEY_GRACE_MS = 14 * 24 * 60 * 60 * 1000
/** How often the signed prekey's age is checked. */
export const PREKEY_CHECK_INTERVAL_MS = 60 * 60 * 1000
/** Key of a message request in the sessions sublevel. */
export const requestKey = (peerId: string): string => `request:${peerId}`
/**
 * Settings key a restore leaves (archive/constants.ts): at its next start the peer sends
 * SESSION_RESET to every contact, then deletes it.
 */
export const SESSION_RESET_KEY = 'session-reset'

/** Most contacts whose send pacing and last session restart the sender remembers (the least recent forgotten: a fresh bucket is full, so forgetting one never delays a DM). */
export const MAX_PACED_CONTACTS = 1024
/** Most outbox entries remembered as left at a mailbox in this run (one forgotten may be deposited again; the recipient drops the copy by its id). */
export const MAX_DEPOSITED_TRACKED = 4096
