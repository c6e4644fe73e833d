/**
 * The pure half of history sync: who holds which messages of a room, worked
 * out from two IBLTs (see iblt.ts) without listing either history.
 *
 * Round trip, initiator I and responder R, over one time window:
 * 1. I → R `{ window, count }`.
 * 2. R → I its table, sized for `max(MIN_DIFFERENCE, |count_I − count_R|)`.
 * 3. I subtracts its own table of the same size and peels it. When the
 *    table is too small, I asks again with twice the cells (at most
 *    MAX_ROUNDS times), so the bytes spent stay within a small factor of
 *    the real difference.
 * 4. I fetches what only R holds and offers what only I hold.
 */
import { Iblt, shortIdKey, shortIdOf, type IbltDifference } from './iblt.js'

/** Smallest difference a first table is sized for. */
export const MIN_DIFFERENCE = 16
/** Most table exchanges in one reconciliation. */
export const MAX_ROUNDS = 8

/** A message as the reconciler sees it: its 32-byte id. */
export interface SyncItem {
  id: Uint8Array
}

/** One side's messages of a window, indexed by short id. */
export class SyncSet {
  readonly #byShortId = new Map<string, Uint8Array>()

  constructor (items: Iterable<SyncItem>) {
    for (const item of items) this.#byShortId.set(shortIdKey(shortIdOf(item.id)), item.id)
  }

  get size (): number {
    return this.#byShortId.size
  }

  /** The full id of a short id we hold. */
  idOf (shortKey: string): Uint8Array | undefined {
    return this.#byShortId.get(shortKey)
  }

  /** This set's IBLT with `cells` cells. */
  table (cells: number): Iblt {
    const t = new Iblt(cells)
    for (const id of this.#byShortId.values()) t.insert(shortIdOf(id))
    return t
  }

  /** Peels their table against ours; undefined when it is too small to peel. */
  differenceWith (theirs: Iblt): IbltDifference | undefined {
    return this.table(theirs.cellCount).subtract(theirs).decode()
  }
}

/** Cells of the first table a responder sends, given both counts. */
export function firstTableCells (ourCount: number, theirCount: number): number {
  return Iblt.cellsFor(Math.max(MIN_DIFFERENCE, Math.abs(ourCount - theirCount)))
}
