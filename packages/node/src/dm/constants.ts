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
/** Frames a peer may send per second (a recipient refuses more), and prekey requests per minute. */
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
