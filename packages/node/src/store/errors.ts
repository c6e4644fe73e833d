/** Typed errors of the profile store. */

/** No stored message with that conversation and id. */
export class MessageNotFoundError extends Error {
  static override name = 'MessageNotFoundError'
  constructor (message = 'message not found') {
    super(message)
    this.name = MessageNotFoundError.name
  }
}

/** A record or query with a bad field; the message names it. */
export class InvalidRecordError extends Error {
  static override name = 'InvalidRecordError'
  constructor (message = 'invalid record') {
    super(message)
    this.name = InvalidRecordError.name
  }
}

/** A history cursor that this store did not hand out. */
export class InvalidCursorError extends Error {
  static override name = 'InvalidCursorError'
  constructor (message = 'invalid history cursor') {
    super(message)
    this.name = InvalidCursorError.name
  }
}

/** Another process holds the profile's database. */
export class DataDirLockedError extends Error {
  static override name = 'DataDirLockedError'
  readonly dataDir: string
  constructor (dataDir: string) {
    super(`the data directory ${dataDir} is in use by another parley process`)
    this.name = DataDirLockedError.name
    this.dataDir = dataDir
  }
}
