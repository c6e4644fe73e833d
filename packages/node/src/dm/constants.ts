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
/**
 * Frames a sender keeps in flight on one DM stream (written, not acknowledged yet), and their bytes
 * (each counted at the most it can take: outbound.ts frameBytes): ratchet steps stay in order, the
 * acknowledgements are cumulative, and the recipient stores what arrives together in one batch.
 * A window lost in transit (the recipient killed) leaves at most this many message keys skipped in
 * the recipient's chain, so several such losses in a row stay well inside the ratchet's MAX_SKIP.
 */
export const DM_WINDOW_FRAMES = 64
export const DM_WINDOW_BYTES = 256 * 1024
/** A frame's length prefix and protobuf field header, at most. */
export const DM_FRAME_OVERHEAD = 8
/**
 * Unread bytes a recipient buffers on one DM stream: an honest sender's whole window, and one frame
 * more. A peer that sends past its window has the stream aborted (StreamBufferError).
 */
export const DM_READ_BUFFER_BYTES = DM_WINDOW_BYTES + MAX_DM_FRAME_BYTES
/**
 * The work a contact's frames may cost a recipient per second, as a token bucket per peer: a frame
 * costs one unit per started DM_WORK_UNIT_BYTES (a 1 KiB DM one unit: a ratchet step, a decode and
 * its share of a LevelDB batch; a 64 KiB frame 16). Past it the recipient reads no more of that
 * peer's frames until the bucket refills, so the sender's window fills and it waits: the limit
 * bounds our work without refusing anything. Sized from the dm bench (bench/README.md#dm): a 1 KiB
 * DM costs the recipient about 40 µs of CPU, so a contact sending flat out takes under a core.
 */
export const DM_FRAMES_PER_SECOND = 20_000
export const DM_WORK_UNIT_BYTES = 4096
/** Work a bucket holds: a tenth of a second's. */
export const DM_WORK_BURST = DM_FRAMES_PER_SECOND / 10
/** Prekey requests per minute per peer. */
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

/** Most contacts whose last session restart the sender remembers, and whose work bucket the recipient keeps (a forgotten bucket starts full: forgetting one costs at most one more burst). */
export const MAX_PACED_CONTACTS = 1024
/** Most outbox entries remembered as left at a mailbox in this run (one forgotten may be deposited again; the recipient drops the copy by its id). */
export const MAX_DEPOSITED_TRACKED = 4096
