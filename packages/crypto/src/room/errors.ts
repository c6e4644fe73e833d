/** Typed errors of private-room keys. */

/** A room message sealed under an epoch this keyring does not hold. */
export class UnknownEpochError extends Error {
  static override name = 'UnknownEpochError'
  readonly epoch: number
  constructor (epoch: number) {
    super(`no key for room epoch ${epoch}`)
    this.name = UnknownEpochError.name
    this.epoch = epoch
  }
}

/** A room message that does not parse, does not authenticate under its epoch key, or whose author signature fails. */
export class InvalidRoomMessageError extends Error {
  static override name = 'InvalidRoomMessageError'
  constructor (message = 'invalid room message') {
    super(message)
    this.name = InvalidRoomMessageError.name
  }
}

/** Serialised keyring bytes that do not parse. */
export class InvalidKeyringError extends Error {
  static override name = 'InvalidKeyringError'
  constructor (message = 'invalid room keyring') {
    super(message)
    this.name = InvalidKeyringError.name
  }
}

/** A received keyring whose newest epoch is more than MAX_EPOCH_STEP past ours; carries both numbers. */
export class EpochStepError extends Error {
  static override name = 'EpochStepError'
  readonly epoch: number
  readonly known: number
  constructor (epoch: number, known: number, step: number) {
    super(`room epoch ${epoch} is more than ${step} past the known epoch ${known}`)
    this.name = EpochStepError.name
    this.epoch = epoch
    this.known = known
  }
}
