/**
 * Typed errors of reaching peers: bootstrap addresses, contact cards, connections. Callers and
 * tests tell them apart by `err.name`.
 */
import { named } from '../errors.js'

/** A bootstrap address from a link, the served peer list or the user is not a dialable peer address. */
export class InvalidPeerAddressError extends Error {
  static override name = 'InvalidPeerAddressError'
  /** The rejected input, truncated so that a huge link cannot flood logs. */
  readonly input: string
  constructor (input: string, reason = 'not a multiaddr') {
    const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input
    super(`invalid peer address "${shown}": ${reason}`)
    this.name = InvalidPeerAddressError.name
    this.input = shown
  }
}

/** A link carries more bootstrap addresses than `MAX_BOOTSTRAP_PEERS`. */
export class TooManyPeersError extends RangeError {
  static override name = 'TooManyPeersError'
  readonly count: number
  readonly max: number
  constructor (count: number, max: number) {
    super(`${count} bootstrap addresses given, at most ${max} are accepted`)
    this.name = TooManyPeersError.name
    this.count = count
    this.max = max
  }
}

/** Which check a contact card failed (see net/contact-card.ts). */
export type ContactCardFault = 'prefix' | 'encoding' | 'decode' | 'version' | 'key' | 'signature' | 'nick' | 'address' | 'dates'

/** A contact card link that does not decode, breaks a limit, or is not signed by the peer it names; `reason` says which check failed. */
export class InvalidContactCardError extends Error {
  static override name = 'InvalidContactCardError'
  readonly reason: ContactCardFault
  constructor (reason: ContactCardFault, message: string) {
    super(`invalid contact card: ${message}`)
    this.name = InvalidContactCardError.name
    this.reason = reason
  }
}

/** A contact card link longer than `MAX_CARD_LINK_LENGTH`. */
export class ContactCardTooLargeError extends RangeError {
  static override name = 'ContactCardTooLargeError'
  readonly length: number
  readonly max: number
  constructor (length: number, max: number) {
    super(`the contact card is ${length} characters long, at most ${max} are read`)
    this.name = ContactCardTooLargeError.name
    this.length = length
    this.max = max
  }
}

/** A contact card past its expiry, or issued further in the future than clock skew explains: ask for a fresh one. */
export class ExpiredContactCardError extends Error {
  static override name = 'ExpiredContactCardError'
  readonly issuedAt: number
  readonly expiresAt: number
  readonly now: number
  constructor (issuedAt: number, expiresAt: number, now: number) {
    super(now > expiresAt ? `the contact card expired at ${new Date(expiresAt).toISOString()}` : `the contact card is issued in the future (${new Date(issuedAt).toISOString()})`)
    this.name = ExpiredContactCardError.name
    this.issuedAt = issuedAt
    this.expiresAt = expiresAt
    this.now = now
  }
}

/** A connection whose ping went unanswered for `deadAfterMs` (net/connection-watch.ts): aborted as dead. */
export class DeadConnectionError extends named('DeadConnectionError') {
  readonly deadAfterMs: number
  constructor (deadAfterMs: number) {
    super(`no answer to a ping for ${deadAfterMs} ms`)
    this.deadAfterMs = deadAfterMs
  }
}

/** A peer answered a ping with other bytes than it was sent: it does not speak the protocol it agreed to. */
export class PingMismatchError extends named('PingMismatchError') {}

/** A length prefix on one of our streams ran past the bytes any allowed length takes: the peer is not framing. */
export class LengthPrefixTooLongError extends named('LengthPrefixTooLongError') {}
