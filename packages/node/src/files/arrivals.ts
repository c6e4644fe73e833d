/**
 * Which chunks of a blob are held, as a fetch stores them, so a save writes
 * chunk i out as soon as it is there (and verified) instead of after the
 * whole file: the fetch and the decrypt-and-write overlap. The sealed bytes
 * of the next few chunks the writer needs are kept as they arrive
 * (MAX_KEPT_ARRIVALS), copied into buffers of a {@link ChunkPool}, so the
 * writer need not read them back from the blob store.
 */
import type { PooledChunk } from './chunk-pool.js'

/**
 * Verified sealed chunks kept for the writer, at most: the ones it needs next. A fetch asks for
 * FETCH_BATCH chunks in each of FETCH_REQUESTS_PER_HOLDER requests, so while the writer keeps pace
 * every chunk in flight falls within this window and none is read back.
 */
export const MAX_KEPT_ARRIVALS = 12

export class Arrivals {
  readonly #held: boolean[]
  readonly #kept = new Map<number, PooledChunk>()
  /** The next chunk the writer takes. */
  #next = 0
  #failed: Error | undefined
  #waiting: Array<() => void> = []

  constructor (count: number) {
    this.#held = Array.from({ length: count }, () => false)
  }

  /** Whether the writer would keep chunk `index`'s bytes if given them now. */
  wants (index: number): boolean {
    return index >= this.#next && index < this.#next + MAX_KEPT_ARRIVALS && index < this.#held.length && !this.#kept.has(index)
  }

  /** Chunk `index` is held; its verified sealed bytes, when given, are now this writer's to release. */
  mark (index: number, sealed?: PooledChunk): void {
    if (index >= 0 && index < this.#held.length) this.#held[index] = true
    if (sealed !== undefined) {
      if (this.wants(index)) this.#kept.set(index, sealed)
      else sealed.release()
    }
    this.#wake()
  }

  /** The kept bytes of chunk `index` (the caller releases them), or undefined: read it from the store. Moves the writer past it. */
  take (index: number): PooledChunk | undefined {
    this.#next = index + 1
    const sealed = this.#kept.get(index)
    this.#kept.delete(index)
    for (const [i, other] of this.#kept) {
      if (i > index) continue
      this.#kept.delete(i)
      other.release()
    }
    return sealed
  }

  /** The save ended: what is still kept goes back to the pool. */
  dispose (): void {
    for (const sealed of this.#kept.values()) sealed.release()
    this.#kept.clear()
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
