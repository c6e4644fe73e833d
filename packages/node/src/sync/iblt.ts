/**
 * An invertible Bloom lookup table (IBLT) over 64-bit short message ids, for
 * set reconciliation whose cost grows with the difference between two
 * histories, not with their size (Eppstein, Goodrich, Uyeda, Varghese,
 * "What's the Difference? Efficient Set Reconciliation without Prior
 * Context", SIGCOMM 2011; the same structure Erlay and Graphene use).
 *
 * Each side inserts the short ids of its messages in a time window; one side
 * sends its table, the other subtracts its own and peels the result: what is
 * left are exactly the ids only one side holds, provided the table has about
 * 1.5 cells per differing id. A table too small to peel says so, and the
 * caller retries with a larger one.
 *
 * Keys are the first 8 bytes of a message id (a BLAKE2b-256 hash, so uniform)
 * held as two unsigned 32-bit halves. Cells are split into {@link HASH_COUNT}
 * sub-tables so a key never lands twice in one cell.
 *
 * Wire format of a table: `u32 cellCount | cellCount × (i32 count | u32 keyHi | u32 keyLo | u32 check)`.
 */
import { IbltDecodeError, InvalidSyncMessageError } from './errors.js'

/** Hash functions (sub-tables) per key. */
export const HASH_COUNT = 3
/** Bytes per encoded cell. */
export const CELL_BYTES = 16
/**
 * Largest table built or accepted from the wire: 98,304 cells (1.5 MiB
 * encoded), which fits one sync message (room-sync.ts MAX_SYNC_MESSAGE_BYTES)
 * and is ample for a difference of some 65,000 messages.
 */
export const MAX_IBLT_CELLS = 3 << 15

/** A 64-bit short id as two unsigned 32-bit halves. */
export interface ShortId {
  hi: number
  lo: number
}

/** The short id of a 32-byte message id: its first 8 bytes, big-endian. */
export function shortIdOf (id: Uint8Array): ShortId {
  const view = new DataView(id.buffer, id.byteOffset, 8)
  return { hi: view.getUint32(0), lo: view.getUint32(4) }
}

/** 16 lower-case hex digits of a short id, for maps. */
export function shortIdKey (s: ShortId): string {
  return s.hi.toString(16).padStart(8, '0') + s.lo.toString(16).padStart(8, '0')
}

/** A 32-bit mix (murmur3's finaliser) of a key under a seed. */
function mix (hi: number, lo: number, seed: number): number {
  let h = Math.imul(hi ^ seed, 0x85ebca6b) ^ lo
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

const CHECK_SEED = 0x5bd1e995

/** The result of peeling a difference table. */
export interface IbltDifference {
  /** Ids in the first table but not the second (we have, they lack). */
  onlyOurs: ShortId[]
  /** Ids in the second table but not the first (they have, we lack). */
  onlyTheirs: ShortId[]
}

/** An IBLT of a fixed number of cells (a multiple of HASH_COUNT). */
export class Iblt {
  readonly cellCount: number
  readonly #count: Int32Array
  readonly #hi: Uint32Array
  readonly #lo: Uint32Array
  readonly #check: Uint32Array

  constructor (cells: number) {
    if (!Number.isSafeInteger(cells) || cells < HASH_COUNT || cells > MAX_IBLT_CELLS) {
      throw new RangeError(`cells must be in ${HASH_COUNT}..${MAX_IBLT_CELLS}, got ${cells}`)
    }
    this.cellCount = Math.ceil(cells / HASH_COUNT) * HASH_COUNT
    this.#count = new Int32Array(this.cellCount)
    this.#hi = new Uint32Array(this.cellCount)
    this.#lo = new Uint32Array(this.cellCount)
    this.#check = new Uint32Array(this.cellCount)
  }

  /** Cells to size a table for an expected difference of `d` ids: 1.5 per id, plus slack that small differences need to peel reliably. */
  static cellsFor (d: number): number {
    return Math.ceil(d * 1.5) + 30
  }

  #apply (hi: number, lo: number, delta: number): void {
    const width = this.cellCount / HASH_COUNT
    const check = mix(hi, lo, CHECK_SEED)
    for (let k = 0; k < HASH_COUNT; k++) {
      const i = k * width + (mix(hi, lo, k + 1) % width)
      this.#count[i] += delta
      this.#hi[i] ^= hi
      this.#lo[i] ^= lo
      this.#check[i] ^= check
    }
  }

  /** Inserts a short id. */
  insert (id: ShortId): void {
    this.#apply(id.hi, id.lo, 1)
  }

  /** This table minus another of the same size, cell by cell. */
  subtract (other: Iblt): Iblt {
    if (other.cellCount !== this.cellCount) throw new IbltDecodeError(`tables differ in size: ${this.cellCount} and ${other.cellCount}`)
    const out = new Iblt(this.cellCount)
    for (let i = 0; i < this.cellCount; i++) {
      out.#count[i] = this.#count[i] - other.#count[i]
      out.#hi[i] = this.#hi[i] ^ other.#hi[i]
      out.#lo[i] = this.#lo[i] ^ other.#lo[i]
      out.#check[i] = this.#check[i] ^ other.#check[i]
    }
    return out
  }

  /**
   * Peels a difference table. Returns undefined when it cannot be fully
   * peeled (the difference is larger than the table holds): retry larger.
   *
   * Throws IbltDecodeError when the table is not the difference of two sets:
   * a key peeled twice, or more keys than cells. An honest difference never
   * does either (each peel empties one cell for good, so there are at most
   * cellCount peels), while a crafted table can make peeling one key
   * recreate a pure cell for ever (one cell holding count -1, key x,
   * check(x)); the bound makes such a table fail in O(cells).
   */
  decode (): IbltDifference | undefined {
    const t = this.subtract(new Iblt(this.cellCount))
    const result: IbltDifference = { onlyOurs: [], onlyTheirs: [] }
    const peeled = new Set<string>()
    const width = t.cellCount / HASH_COUNT
    const pure = (i: number): boolean =>
      (t.#count[i] === 1 || t.#count[i] === -1) && t.#check[i] === mix(t.#hi[i], t.#lo[i], CHECK_SEED)
    const queue: number[] = []
    for (let i = 0; i < t.cellCount; i++) if (pure(i)) queue.push(i)
    while (queue.length > 0) {
      const i = queue.pop() as number
      if (!pure(i)) continue
      const id = { hi: t.#hi[i], lo: t.#lo[i] }
      const key = shortIdKey(id)
      if (peeled.has(key)) throw new IbltDecodeError(`key ${key} peeled twice: the table is not a set difference`)
      if (peeled.size >= t.cellCount) throw new IbltDecodeError(`more than ${t.cellCount} keys peeled from ${t.cellCount} cells`)
      peeled.add(key)
      const sign = t.#count[i]
      ;(sign === 1 ? result.onlyOurs : result.onlyTheirs).push(id)
      t.#apply(id.hi, id.lo, -sign)
      for (let k = 0; k < HASH_COUNT; k++) {
        const j = k * width + (mix(id.hi, id.lo, k + 1) % width)
        if (pure(j)) queue.push(j)
      }
    }
    for (let i = 0; i < t.cellCount; i++) {
      if (t.#count[i] !== 0 || t.#hi[i] !== 0 || t.#lo[i] !== 0 || t.#check[i] !== 0) return undefined
    }
    return result
  }

  /** Wire bytes (see the module comment). */
  encode (): Uint8Array {
    const out = new Uint8Array(4 + this.cellCount * CELL_BYTES)
    const view = new DataView(out.buffer)
    view.setUint32(0, this.cellCount)
    for (let i = 0; i < this.cellCount; i++) {
      const at = 4 + i * CELL_BYTES
      view.setInt32(at, this.#count[i])
      view.setUint32(at + 4, this.#hi[i])
      view.setUint32(at + 8, this.#lo[i])
      view.setUint32(at + 12, this.#check[i])
    }
    return out
  }

  /** Parses {@link encode}'s bytes; InvalidSyncMessageError on anything else. */
  static decodeBytes (bytes: Uint8Array): Iblt {
    if (bytes.length < 4) throw new InvalidSyncMessageError('IBLT is truncated')
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const cells = view.getUint32(0)
    if (cells < HASH_COUNT || cells > MAX_IBLT_CELLS || cells % HASH_COUNT !== 0 || bytes.length !== 4 + cells * CELL_BYTES) {
      throw new InvalidSyncMessageError(`IBLT of ${bytes.length} bytes does not hold ${cells} cells`)
    }
    const t = new Iblt(cells)
    for (let i = 0; i < cells; i++) {
      const at = 4 + i * CELL_BYTES
      t.#count[i] = view.getInt32(at)
      t.#hi[i] = view.getUint32(at + 4)
      t.#lo[i] = view.getUint32(at + 8)
      t.#check[i] = view.getUint32(at + 12)
    }
    return t
  }
}
