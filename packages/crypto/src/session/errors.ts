/** Typed errors of sessions. Tell them apart by `err.name`. */

/** A prekey bundle's signed prekey signature does not verify, or the bundle is malformed. */
export class InvalidPrekeyBundleError extends Error {
  static override name = 'InvalidPrekeyBundleError'
  constructor (message = 'invalid prekey bundle') {
    super(message)
    this.name = InvalidPrekeyBundleError.name
  }
}

/** Bytes that do not parse as a session message. */
export class MalformedMessageError extends Error {
  static override name = 'MalformedMessageError'
  constructor (message = 'malformed session message') {
    super(message)
    this.name = MalformedMessageError.name
  }
}

/** A message failed authentication (forged or tampered); the session is unchanged. */
export class MessageAuthenticationError extends Error {
  static override name = 'MessageAuthenticationError'
  constructor (message = 'message failed authentication; session unchanged') {
    super(message)
    this.name = MessageAuthenticationError.name
  }
}

/** A message was already decrypted (or its key deleted); it is not decrypted twice. */
export class DuplicateMessageError extends Error {
  static override name = 'DuplicateMessageError'
  constructor (message = 'message already received') {
    super(message)
    this.name = DuplicateMessageError.name
  }
}

/** A message is further ahead in its chain than MAX_SKIP allows. */
export class TooManySkippedMessagesError extends Error {
  static override name = 'TooManySkippedMessagesError'
  readonly gap: number
  readonly max: number
  constructor (gap: number, max: number) {
    super(`message skips ${gap} keys in one chain, more than the maximum of ${max}`)
    this.name = TooManySkippedMessagesError.name
    this.gap = gap
    this.max = max
  }
}

/** A prekey message names a one-time prekey we do not hold (already consumed, or never ours). */
export class UnknownPrekeyError extends Error {
  static override name = 'UnknownPrekeyError'
  constructor (message = 'the message uses a prekey we do not hold') {
    super(message)
    this.name = UnknownPrekeyError.name
  }
}

/** Serialised session or prekey state that does not parse. */
export class InvalidSessionStateError extends Error {
  static override name = 'InvalidSessionStateError'
  constructor (message = 'invalid session state') {
    super(message)
    this.name = InvalidSessionStateError.name
  }
}

/** A prekey message that belongs to another session than the one asked to decrypt it. */
export class SessionMismatchError extends Error {
  static override name = 'SessionMismatchError'
  constructor (message = 'the prekey message starts another session') {
    super(message)
    this.name = SessionMismatchError.name
  }
}

/** A prekey message from another identity than the peer it came from; no prekey was touched. */
export class UnexpectedIdentityError extends Error {
  static override name = 'UnexpectedIdentityError'
  constructor (message = 'the prekey message was started by another identity than expected') {
    super(message)
    this.name = UnexpectedIdentityError.name
  }
}
