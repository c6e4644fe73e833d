/** Typed errors of calls. */
import { named } from '../errors.js'

/** A call signal that breaks the limits or the shape of its type (signal.ts). */
export class InvalidCallSignalError extends named('InvalidCallSignalError') {}
/** A call was started or arrived while another one is live (one live call at a time). */
export class CallBusyError extends named('CallBusyError') {}
/** A signal or action names a call that is not the live one. */
export class UnknownCallError extends named('UnknownCallError') {}
/** A signal of the live call came from someone other than the contact it is with (e.g. a forged answer). */
export class ForeignCallSignalError extends named('ForeignCallSignalError') {}
/** A signal that does not fit the call's state (an answer to an incoming call, a second answer). */
export class UnexpectedCallSignalError extends named('UnexpectedCallSignalError') {}
/** More than MAX_CANDIDATES_PER_CALL candidates for one call. */
export class TooManyCandidatesError extends named('TooManyCandidatesError') {}
/** More than CALL_OFFERS_PER_MINUTE offers from one contact. */
export class CallRateLimitedError extends named('CallRateLimitedError') {}
/** ICE servers that are not a list of at most MAX_ICE_SERVERS stun:/turn:/turns: URLs. */
export class InvalidIceServersError extends named('InvalidIceServersError') {}
