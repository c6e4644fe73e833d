/** Typed errors of owned rooms. Tell them apart by `err.name`. */
import { named } from '../errors.js'

/** A moderation action by someone who is not the owner or a moderator (at the action's time). */
export class NotModeratorError extends named('NotModeratorError') {}
/** An action only the owner may take (appointing or removing moderators), or one against the owner or a moderator. */
export class NotOwnerError extends named('NotOwnerError') {}
/** A moderation command in a room that has no owner. */
export class NotOwnedRoomError extends named('NotOwnedRoomError') {}
/** Posting while banned from the room. */
export class BannedError extends named('BannedError') {}

/** Posting while muted; `until` is when the mute ends (ms since the epoch). */
export class MutedError extends named('MutedError') {
  readonly until: number
  constructor (message: string, until: number) {
    super(message)
    this.until = until
  }
}

/** Posting again before slow mode allows; `retryAfterMs` says when it will. */
export class SlowModeError extends named('SlowModeError') {
  readonly retryAfterMs: number
  readonly seconds: number
  constructor (message: string, seconds: number, retryAfterMs: number) {
    super(message)
    this.seconds = seconds
    this.retryAfterMs = retryAfterMs
  }
}

/** More than RATE_LIMIT_MESSAGES in RATE_LIMIT_WINDOW_MS. */
export class RateLimitError extends named('RateLimitError') {}
/** Posting before having been present as long as the room's rules ask. */
export class NotPresentLongEnoughError extends named('NotPresentLongEnoughError') {}
/** The room's moderation log holds MAX_LOG_ENTRIES actions. */
export class ModerationLogFullError extends named('ModerationLogFullError') {}

/** Which check a moderation action failed. */
export type ModActionFault = 'decode' | 'action' | 'subject' | 'target' | 'field' | 'limit' | 'signature'

/** Bytes that are not a valid moderation action; `reason` says which check failed. */
export class InvalidModActionError extends named('InvalidModActionError') {
  readonly reason: ModActionFault
  constructor (reason: ModActionFault, message: string) {
    super(message)
    this.reason = reason
  }
}
/** A REPORT DM that does not decode, or whose fields break their limits (dropped, and said). */
export class InvalidReportError extends named('InvalidReportError') {}

/** Listing (or unlisting) a room again before the directory takes another entry for it; `retryAfterMs` says when it will. */
export class ListingTooSoonError extends named('ListingTooSoonError') {
  readonly retryAfterMs: number
  constructor (message: string, retryAfterMs: number) {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}
