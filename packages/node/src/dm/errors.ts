/** Typed errors of direct messages. */
import { named } from '../errors.js'

/** A DM frame that is too large, does not decrypt, or comes from someone other than the stream's peer. */
export class InvalidDmError extends named('InvalidDmError') {}
/** The contact is blocked. */
export class BlockedError extends named('BlockedError') {}
/** A PeerId that is not an Ed25519 Parley identity. */
export class InvalidPeerIdError extends named('InvalidPeerIdError') {}
/** The contact could not be reached (it stays in the outbox). */
export class UnreachableError extends named('UnreachableError') {}
/** A peer sent more DM frames than the rate limit allows. */
export class RateLimitedError extends named('RateLimitedError') {}
/** The recipient refused a DM (it does not say why: blocked, rate limited or full); it stays in the outbox. */
export class DmRefusedError extends named('DmRefusedError') {}
/** The recipient cannot decrypt with the session used (e.g. its one-time prekey was already used): a new session starts. */
export class SessionRestartError extends named('SessionRestartError') {}
/** Read receipts and typing go to contacts only (accept the message request first). */
export class NotAContactError extends named('NotAContactError') {}
/** A normal (not prekey) DM from a peer we hold no session with. */
export class NoSessionError extends named('NoSessionError') {}
/** An inbound DM stream sent no frame for DM_IDLE_MS: it is closed. */
export class DmIdleError extends named('DmIdleError') {}
/** A recipient acknowledged more DM frames than were in flight. */
export class InvalidAckError extends named('InvalidAckError') {}
/** A peer's sessions were dropped from memory (reloaded from disk) before a step on them was stored: the step is not stored, and its frame is refused or not sent. */
export class SessionsDroppedError extends named('SessionsDroppedError') {}
