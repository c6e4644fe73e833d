/**
 * Holders that served a chunk that did not verify: not asked again for BAN_MS. At most
 * MAX_BANNED_HOLDERS are remembered (every ban lasts as long, so the oldest is the one closest to
 * its end), and an expired ban is forgotten when next asked about.
 */
import { BoundedMap } from '../bounded.js'
import { BAN_MS, MAX_BANNED_HOLDERS } from './constants.js'

export class HolderBans {
  readonly #until = new BoundedMap<string, number>(MAX_BANNED_HOLDERS)

  /** Bans `peer` for BAN_MS from `now`. */
  ban (peer: string, now = Date.now()): void {
    this.#until.set(peer, now + BAN_MS)
  }

  /** Whether `peer` is banned at `now`. */
  isBanned (peer: string, now = Date.now()): boolean {
    const until = this.#until.get(peer)
    if (until === undefined) return false
    if (until > now) return true
    this.#until.delete(peer)
    return false
  }

  /** Bans remembered (expired ones included until asked about). */
  get size (): number {
    return this.#until.size
  }
}
