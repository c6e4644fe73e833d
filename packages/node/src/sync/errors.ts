/** Typed errors of history sync. */

/** A sync message that does not parse or breaks a limit. */
export class InvalidSyncMessageError extends Error {
  static override name = 'InvalidSyncMessageError'
  constructor (message = 'invalid sync message') {
    super(message)
    this.name = InvalidSyncMessageError.name
  }
}

/** Two IBLTs that cannot be combined or decoded. */
export class IbltDecodeError extends Error {
  static override name = 'IbltDecodeError'
  constructor (message = 'the difference table could not be decoded') {
    super(message)
    this.name = IbltDecodeError.name
  }
}

/** A request on a sync stream for another room than the stream's first request named. */
export class SyncRoomChangedError extends Error {
  static override name = 'SyncRoomChangedError'
  constructor (message = 'a sync stream serves one room') {
    super(message)
    this.name = SyncRoomChangedError.name
  }
}

/** A sync request for a table larger than any difference could need, or past the peer's budget of table cells. */
export class SyncBudgetError extends Error {
  static override name = 'SyncBudgetError'
  constructor (message = 'sync table budget exceeded') {
    super(message)
    this.name = SyncBudgetError.name
  }
}
