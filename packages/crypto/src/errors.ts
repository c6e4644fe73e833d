/**
 * Typed errors of @parley/crypto. One class per kind of failure; callers and
 * tests tell them apart by `err.name`, never by message text.
 */

/** A function was called before `ready()` resolved. */
export class NotReadyError extends Error {
  static name = 'NotReadyError'
  constructor (message = 'libsodium is not initialised: await ready() first') {
    super(message)
    this.name = NotReadyError.name
  }
}

/** An argument has the wrong type. The message names the parameter. */
export class InvalidArgumentError extends TypeError {
  static name = 'InvalidArgumentError'
  constructor (message = 'invalid argument') {
    super(message)
    this.name = InvalidArgumentError.name
  }
}

/** An argument has the right type but the wrong length or range. The message names the parameter. */
export class InvalidLengthError extends RangeError {
  static name = 'InvalidLengthError'
  constructor (message = 'invalid length') {
    super(message)
    this.name = InvalidLengthError.name
  }
}
