/**
 * Typed errors of bootstrap addresses. Callers and tests tell them apart by `err.name`.
 */

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
