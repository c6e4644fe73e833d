/**
 * Which chunks of a blob are held, as a fetch stores them, so a save writes
 * chunk i out as soon as it is there (and verified) instead of after the
 * whole file: the fetch and the decrypt-and-write overlap. The sealed bytes
 * of the next few chunks the writer needs are kept as they arrive
 * (MAX_KEPT_ARRIVALS), so the writer need not read them back from the blob
 * store: one 256 KiB buffer less per chunk while the two keep pace.
 */

/**
 * Verified sealed chunks kept for the writer, at most: the ones it needs next. One holder's
 * requests arrive interleaved (0, 8, 16, 1, 9, 17…), so the later batches' chunks are read back
 * from the blob store; keeping all 24 in flight measured no faster and no leaner (256 MiB, 3 trials:
 * 31.8 vs 31.4 MiB/s saved, 59 vs 64 MiB of receiver growth), so the smaller bound stays.
 */
export const MAX_KEPT_ARRIVALS = 8

export class Arrivals {
  readonly #held: boolean[]
  readonly #kept = new Map<number, Uint8Array>()
  /** The next chunk the writer takes. */
  #next = 0
  #failed: Error | undefined
  #waiting: Array<() => void> = []

  constructor (count: number) {
    this.#held = Array.from({ length: count }, () => false)
  }

  /** Chunk `index` is held (its verified sealed bytes given when at hand). */
  mark (index: number, sealed?: Uint8Array): void {
    if (index >= 0 && index < this.#held.length) this.#held[index] = true
    if (sealed !== undefined && index >= this.#next && index < this.#next + MAX_KEPT_ARRIVALS) this.#kept.set(index, sealed)
    this.#wake()
  }

  /** The sealed bytes of chunk `index` if kept (the writer then moves past it); else read it from the store. */
  take (index: number): Uint8Array | undefined {
    this.#next = index + 1
    const sealed = this.#kept.get(index)
    for (const i of this.#kept.keys()) if (i <= index) this.#kept.delete(i)
    return sealed
  }

  /** The fetch stopped: waits for chunks not held end with `error`. */
  fail (error: Error): void {
    this.#failed = error
    this.#wake()
  }

  /** Resolves once chunk `index` is held; rejects with the fetch's error if it stops first. */
  async until (index: number): Promise<void> {
    while (this.#held[index] !== true) {
      if (this.#failed !== undefined) throw this.#failed
      await new Promise<void>((resolve) => { this.#waiting.push(resolve) })
    }
  }

  #wake (): void {
    const waiting = this.#waiting
    this.#waiting = []
    for (const resolve of waiting) resolve()
  }
}
