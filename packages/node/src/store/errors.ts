/** Typed errors of the profile store. Tests and callers match on `err.name`. */

/** No stored message has that conversation and id. */
export class MessageNotFoundError extends Error {
  static override name = 'MessageNotFoundError'

  constructor (message = 'message not found') {
    super(message)
    this.name = MessageNotFoundError.name
  }
}

/** A record, key or query option is malformed; `field` names it. */
export class InvalidRecordError extends Error {
  static override name = 'InvalidRecordError'
  /** The offending field: 'conversation', 'id', 'timestamp', 'value', 'limit', 'from', 'to', 'key', 'sublevel', … */
  readonly field: string

  constructor (field: string, message = `invalid ${field}`) {
    super(message)
    this.name = InvalidRecordError.name
    this.field = field
  }
}

/** A history cursor this store did not hand out for that conversation. */
export class InvalidCursorError extends Error {
  static override name = 'InvalidCursorError'

  constructor (message = 'invalid history cursor') {
    super(message)
    this.name = InvalidCursorError.name
  }
}

/** Another process (or another open in this one) holds the profile's database. */
export class DataDirLockedError extends Error {
  static override name = 'DataDirLockedError'
  /** The data directory that is in use. */
  readonly dataDir: string

  constructor (dataDir: string, options?: ErrorOptions) {
    super(`the data directory ${dataDir} is in use by another parley process`, options)
    this.name = DataDirLockedError.name
    this.dataDir = dataDir
  }
}

/**
 * The profile's database files are damaged (disk error, crash mid-write, a
 * file overwritten or removed): LevelDB refuses to open them, a table does
 * not read back, or the identity record is gone while other data remains.
 * Not a lock (DataDirLockedError) and not a wrong passphrase
 * (WrongPassphraseError). `problem` says what is wrong in plain words.
 */
export class DataDirDamagedError extends Error {
  static override name = 'DataDirDamagedError'
  /** The data directory whose database is damaged. */
  readonly dataDir: string
  /** What is wrong, e.g. 'the CURRENT file is missing'. */
  readonly problem: string

  constructor (dataDir: string, problem: string, options?: ErrorOptions) {
    super(`the profile database in ${dataDir} is damaged: ${problem}`, options)
    this.name = DataDirDamagedError.name
    this.dataDir = dataDir
    this.problem = problem
  }
}

/** The store was closed; no further reads or writes. */
export class StoreClosedError extends Error {
  static override name = 'StoreClosedError'

  constructor (message = 'the profile store is closed') {
    super(message)
    this.name = StoreClosedError.name
  }
}

/** A transaction was used after `commit()`: each transaction commits once. */
export class TransactionCommittedError extends Error {
  static override name = 'TransactionCommittedError'

  constructor (message = 'the transaction was already committed') {
    super(message)
    this.name = TransactionCommittedError.name
  }
}

/**
 * A stored record does not read back: a sealed value that does not open
 * under the profile's data key (damaged bytes, or a value moved or forged on
 * disk), or a clear entry that does not parse.
 */
export class CorruptRecordError extends Error {
  static override name = 'CorruptRecordError'

  constructor (message = 'a stored record is damaged') {
    super(message)
    this.name = CorruptRecordError.name
  }
}

/** The profile is sealed under a passphrase and none was given (the store stays locked until unlock()). */
export class PassphraseRequiredError extends Error {
  static override name = 'PassphraseRequiredError'

  constructor (message = 'this profile is sealed: a passphrase is needed') {
    super(message)
    this.name = PassphraseRequiredError.name
  }
}

/**
 * The database refused a batch whose commit was already acknowledged from the write-ahead record
 * (write-ahead.ts): the store takes no more reads or writes, and the batch, kept in that record,
 * is written at the profile's next open.
 */
export class StoreWriteError extends Error {
  static override name = 'StoreWriteError'

  constructor (message = 'the profile database refused a write; it is kept and written at the next start', options?: ErrorOptions) {
    super(message, options)
    this.name = StoreWriteError.name
  }
}
