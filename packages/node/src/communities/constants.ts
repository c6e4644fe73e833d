/** Limits of owned rooms and their moderation logs. Each has its own typed error (errors.ts). */

/** Separates an owned room's name from its owner's key in the room id (`rust~<64 hex>`). */
export const OWNER_SEPARATOR = '~'
/** Hex digits of the owner key shown in the interface (`rust~3f9a07c2`); the id carries all 64. */
export const SHORT_OWNER_DIGITS = 8
/** Most actions stored in one room's moderation log; later ones are refused (ModerationLogFullError). */
export const MAX_LOG_ENTRIES = 10_000
/** Most actions held while their signer is not (yet) known to be a moderator. */
export const MAX_PENDING_ACTIONS = 256
/** Longest topic, in characters. */
export const MAX_TOPIC_LENGTH = 256
/** Longest description, in characters. */
export const MAX_DESCRIPTION_LENGTH = 2048
/** Longest posting rules, in characters. */
export const MAX_RULES_LENGTH = 2048
/** Longest slow mode interval, and longest "present for" rule, in seconds (a day). */
export const MAX_SLOW_SECONDS = 24 * 3600
/** Longest mute (a year). */
export const MAX_MUTE_MS = 365 * 24 * 3600 * 1000
/**
 * A live (gossiped) event of an owned room older than this is ignored: honest peers publish as
 * they sign, so only a backdated message (a banned or muted member dating one before the
 * action) arrives that late; history sync still brings old messages in.
 */
export const MAX_LIVE_AGE_MS = 2 * 60 * 1000
/** Per-author rate limit of an owned room, on top of slow mode: messages per window. */
export const RATE_LIMIT_MESSAGES = 20
export const RATE_LIMIT_WINDOW_MS = 10_000
/**
 * Slow mode is checked on the authors' clocks (sentAt) and on ours (arrival); network jitter may
 * bring two honest messages this much closer on arrival than they were sent.
 */
export const SLOW_MODE_SLACK_MS = 2_000
/** Most authors tracked per room by slow mode and the rate limit; the oldest are forgotten. */
export const MAX_TRACKED_AUTHORS = 4096
/** Recent sentAt values kept per author for slow mode. */
export const SLOW_MODE_HISTORY = 8
