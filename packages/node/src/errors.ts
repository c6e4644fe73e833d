/** Typed errors of the peer. Tell them apart by `err.name`. */

/** A base class for an error kind: `err.name` is `name`, as a static too. */
export function named (name: string): new (message: string) => Error {
  return class extends Error {
    static override name = name
    constructor (message: string) {
      super(message)
      this.name = name
    }
  }
}

/** A room name that does not normalise to [a-z0-9._-]{1,64}. */
export class InvalidRoomNameError extends named('InvalidRoomNameError') {}
/** A room that was not joined. */
export class NotJoinedError extends named('NotJoinedError') {}
/** A text over MAX_TEXT_BYTES. */
export class TextTooLongError extends named('TextTooLongError') {}
/** An empty text, nick or reaction, or one that is too long. */
export class InvalidInputError extends named('InvalidInputError') {}
/** An envelope over MAX_ENVELOPE_BYTES. */
export class EnvelopeTooLargeError extends named('EnvelopeTooLargeError') {}
/** Which check a room envelope failed (see envelope.ts). */
export type EnvelopeFault = 'decode' | 'encoding' | 'signature' | 'room' | 'shape' | 'future'

/** Bytes that are not a valid signed room envelope; `reason` says which check failed. */
export class InvalidEnvelopeError extends named('InvalidEnvelopeError') {
  readonly reason: EnvelopeFault
  constructor (reason: EnvelopeFault, message: string) {
    super(message)
    this.reason = reason
  }
}
/**
 * Whether `err` is a fault every honest peer finds in the same envelope, so that none forwards it:
 * a signature that does not verify, or another room than the topic's. Not a decode, encoding or
 * shape fault (a newer version may write what this one does not read), nor a time ahead of our clock.
 */
export function isForgery (err: unknown): boolean {
  return err instanceof InvalidEnvelopeError && (err.reason === 'signature' || err.reason === 'room')
}
/** A reaction beyond MAX_REACTIONS_PER_MESSAGE on one message. */
export class TooManyReactionsError extends named('TooManyReactionsError') {}
/** A stored room message that does not decode (a damaged database). */
export class CorruptMessageError extends named('CorruptMessageError') {}
/** A message id that is not stored. */
export class UnknownMessageError extends named('UnknownMessageError') {}
/** Editing or deleting someone else's message. */
export class NotAuthorError extends named('NotAuthorError') {}
/** The peer is not running. */
export class PeerStoppedError extends named('PeerStoppedError') {}
