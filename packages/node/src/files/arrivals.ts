/**
 * Which chunks of a blob are held, as a fetch stores them, so a save writes
 * chunk i out as soon as it is there (and verified) instead of after the
 * whole file: the fetch and the decrypt-and-write overlap.
 */
export class Arrivals {
  readonly #held: boolean[]
  #failed: Error | undefined
  #waiting: Array<() => void> = []

  constructor (count: number) {
    this.#held = Array.from({ length: count }, () => false)
  }

  /** Chunk `index` is held. */
  mark (index: number): void {
    if (index >= 0 && index < this.#held.length) this.#held[index] = true
    this.#wake()
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
