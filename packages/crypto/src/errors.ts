/**
 * Typed errors of @parley/crypto. One class per kind of failure; callers and
 * tests tell them apart by `err.name`, never by message text.
 */

/** A function was called before `ready()` resolved. */
export class NotReadyError extends Error {
  static override name = 'NotReadyError'
  constructor (message = 'libsodium is not initialised: await ready() first') {
    super(message)
    this.name = NotReadyError.name
  }
}

/** An argument has the wrong type. The message names the parameter. */
export class InvalidArgumentError extends TypeError {
  static override name = 'InvalidArgumentError'
  constructor (message = 'invalid argument') {
    super(message)
    this.name = InvalidArgumentError.name
  }
}

/** An argument has the right type but the wrong length or range. The message names the parameter. */
export class InvalidLengthError extends RangeError {
  static override name = 'InvalidLengthError'
  constructor (message = 'invalid length') {
    super(message)
    this.name = InvalidLengthError.name
  }
}

/** A signature does not verify: tampered payload, wrong label or wrong key. */
export class InvalidSignatureError extends Error {
  static override name = 'InvalidSignatureError'
  constructor (message = 'signature does not verify') {
    super(message)
    this.name = InvalidSignatureError.name
  }
}

/**
 * Key bytes of the right length that are not a usable key: a secret key whose
 * embedded public key does not belong to its seed, or a public key that is not
 * a valid Ed25519 point of large order.
 */
export class InvalidKeyError extends Error {
  static override name = 'InvalidKeyError'
  constructor (message = 'invalid key') {
    super(message)
    this.name = InvalidKeyError.name
  }
}

/** A string is not valid hex. */
export class InvalidHexError extends Error {
  static override name = 'InvalidHexError'
  constructor (message = 'invalid hex string') {
    super(message)
    this.name = InvalidHexError.name
  }
}

/** A scanned safety-number code cannot be parsed. */
export class InvalidScannableError extends Error {
  static override name = 'InvalidScannableError'
  constructor (message = 'the scanned code is not a Parley safety number') {
    super(message)
    this.name = InvalidScannableError.name
  }
}

/** A scanned safety-number code has another format version than ours. */
export class ScannableVersionMismatchError extends Error {
  static override name = 'ScannableVersionMismatchError'
  readonly theirs: number
  readonly ours: number
  constructor (theirs: number, ours: number) {
    super(`the scanned code has version ${theirs}, this app uses version ${ours}`)
    this.name = ScannableVersionMismatchError.name
    this.theirs = theirs
    this.ours = ours
  }
}

/** The passphrase does not open the sealed identity. */
export class WrongPassphraseError extends Error {
  static override name = 'WrongPassphraseError'
  constructor (message = 'wrong passphrase') {
    super(message)
    this.name = WrongPassphraseError.name
  }
}

/**
 * Argon2id could not run with a sealed identity's cost parameters here,
 * typically because this runtime cannot allocate the memory they ask for.
 */
export class KeyDerivationError extends Error {
  static override name = 'KeyDerivationError'
  constructor (message = 'the passphrase key could not be derived with these Argon2id parameters') {
    super(message)
    this.name = KeyDerivationError.name
  }
}

/** A sealed identity is malformed (bad magic, version, parameters or length). */
export class CorruptKeyStoreError extends Error {
  static override name = 'CorruptKeyStoreError'
  constructor (message = 'the sealed identity is corrupted') {
    super(message)
    this.name = CorruptKeyStoreError.name
  }
}
