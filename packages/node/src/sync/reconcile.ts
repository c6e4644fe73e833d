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
import { Iblt, type IbltDifference } from './iblt.js'

/** Smallest difference a first table is sized for. */
export const MIN_DIFFERENCE = 16
/** Most table exchanges in one reconciliation. */
export const MAX_ROUNDS = 8

/** A message as the reconciler sees it: its 32-byte id, and which of the caller's lists it is in (0–255, default 0). */
export interface SyncItem {
  id: Uint8Array
  tag?: number
}

/** Bytes of a message id. */
export const ID_BYTES = 32

/**
 * Collects a window's ids into one growing buffer (32 bytes and a tag byte per message), so a read
 * of the store that takes many turns of the event loop holds no object per message: the soak
 * benchmark measured a Map of ids, keys and records per message as the peak memory of every sync,
 * growing with the room's window.
 */
export class SyncSetBuilder {
  #ids = new Uint8Array(ID_BYTES * 64)
  #tags = new Uint8Array(64)
  #count = 0

  /** Adds a 32-byte id (copied) under `tag`. */
  add (id: Uint8Array, tag = 0): void {
    if (id.length !== ID_BYTES) throw new RangeError(`a message id is ${ID_BYTES} bytes, got ${id.length}`)
    if (!Number.isInteger(tag) || tag < 0 || tag > 255) throw new RangeError(`tag must be in 0..255, got ${tag}`)
    if (this.#count === this.#tags.length) {
      const ids = new Uint8Array(this.#ids.length * 2)
      ids.set(this.#ids)
      const tags = new Uint8Array(this.#tags.length * 2)
      tags.set(this.#tags)
      this.#ids = ids
      this.#tags = tags
    }
    this.#ids.set(id, this.#count * ID_BYTES)
    this.#tags[this.#count++] = tag
  }

  /** The set of what was added: one entry per short id (the last added wins, as in a map). */
  build (): SyncSet {
    const n = this.#count
    const view = new DataView(this.#ids.buffer)
    const hi = new Uint32Array(n)
    const lo = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      hi[i] = view.getUint32(i * ID_BYTES)
      lo[i] = view.getUint32(i * ID_BYTES + 4)
    }
    // By short id, later additions after earlier ones; of equal short ids the last is kept.
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((a, b) => (hi[a] - hi[b]) || (lo[a] - lo[b]) || (a - b))
    let size = 0
    for (let k = 0; k < n; k++) {
      const next = order[k + 1]
      if (k + 1 < n && hi[next] === hi[order[k]] && lo[next] === lo[order[k]]) continue
      order[size++] = order[k]
    }
    const sorted = { ids: new Uint8Array(size * ID_BYTES), hi: new Uint32Array(size), lo: new Uint32Array(size), tags: new Uint8Array(size) }
    for (let k = 0; k < size; k++) {
      const i = order[k]
      sorted.ids.set(this.#ids.subarray(i * ID_BYTES, (i + 1) * ID_BYTES), k * ID_BYTES)
      sorted.hi[k] = hi[i]
      sorted.lo[k] = lo[i]
      sorted.tags[k] = this.#tags[i]
    }
    return new SyncSet(sorted)
  }
}

/** A built set's arrays: the ids (32 bytes each), their short ids' halves and tags, sorted by short id. */
export interface SyncSetArrays { ids: Uint8Array, hi: Uint32Array, lo: Uint32Array, tags: Uint8Array }

/** One side's messages of a window, sorted by short id in flat arrays (about 41 bytes a message). */
export class SyncSet {
  readonly #s: SyncSetArrays

  /** The set of `items` (see {@link SyncSetBuilder} to add them one at a time). */
  constructor (items: Iterable<SyncItem> | SyncSetArrays) {
    if (Symbol.iterator in items) {
      const builder = new SyncSetBuilder()
      for (const item of items) builder.add(item.id, item.tag)
      this.#s = builder.build().#s
    } else {
      this.#s = items
    }
  }

  get size (): number {
    return this.#s.hi.length
  }

  /** Position of a short id (16 hex digits, as shortIdKey writes it), or -1. */
  #find (shortKey: string): number {
    if (!/^[0-9a-f]{16}$/.test(shortKey)) return -1
    const hi = parseInt(shortKey.slice(0, 8), 16)
    const lo = parseInt(shortKey.slice(8), 16)
    let low = 0
    let high = this.#s.hi.length - 1
    while (low <= high) {
      const mid = (low + high) >>> 1
      const d = (this.#s.hi[mid] - hi) || (this.#s.lo[mid] - lo)
      if (d === 0) return mid
      if (d < 0) low = mid + 1
      else high = mid - 1
    }
    return -1
  }

  /** The full id of a short id we hold. */
  idOf (shortKey: string): Uint8Array | undefined {
    const i = this.#find(shortKey)
    return i < 0 ? undefined : this.#s.ids.slice(i * ID_BYTES, (i + 1) * ID_BYTES)
  }

  /** The tag the id of a short id we hold was added under. */
  tagOf (shortKey: string): number | undefined {
    const i = this.#find(shortKey)
    return i < 0 ? undefined : this.#s.tags[i]
  }

  /** This set's IBLT with `cells` cells. */
  table (cells: number): Iblt {
    const t = new Iblt(cells)
    for (let i = 0; i < this.#s.hi.length; i++) t.insert({ hi: this.#s.hi[i], lo: this.#s.lo[i] })
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
