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
