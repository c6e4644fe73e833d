/**
 * Buffers for the sealed chunks a save keeps for its writer (arrivals.ts), reused from chunk to
 * chunk instead of allocated for each.
 *
 * Why: a fetched chunk arrives in the frames the connection decrypted it into. Kept in those until
 * the writer opens it, they live across one or two young-generation collections and V8 promotes
 * them to the old generation, which only a full collection (a mark of the whole heap) frees; a
 * 256 MiB save then spent more CPU in full collections than in anything it does itself. Copied
 * into a buffer of this pool as soon as it is verified (a 256 KiB copy into memory already
 * touched), the frames die young and are freed by the next scavenge, and the pool's buffers are
 * never garbage.
 *
 * Each {@link PooledChunk} has one owner at a time and goes back to the pool when that owner
 * releases it; releasing twice is harmless. A chunk never released (a save that stopped) is only
 * a buffer the pool allocates anew.
 */
import { FILE_CHUNK_BYTES, FILE_CHUNK_OVERHEAD } from '@parley/crypto'

/** A sealed chunk's bytes in a buffer of the pool. */
export class PooledChunk {
  readonly #pool: ChunkPool
  readonly #buffer: Uint8Array<ArrayBuffer>
  #released = false
  /** The chunk's bytes (a view of the buffer): not to be used after {@link release}. */
  readonly bytes: Uint8Array<ArrayBuffer>

  constructor (pool: ChunkPool, buffer: Uint8Array<ArrayBuffer>, length: number) {
    this.#pool = pool
    this.#buffer = buffer
    this.bytes = buffer.subarray(0, length)
  }

  /** Gives the buffer back to the pool (once). */
  release (): void {
    if (this.#released) return
    this.#released = true
    this.#pool.give(this.#buffer)
  }
}

/** Reusable buffers of a full sealed chunk's size; at most `max` kept free. */
export class ChunkPool {
  readonly #free: Array<Uint8Array<ArrayBuffer>> = []
  readonly #max: number
  /** Bytes of each buffer: a full sealed chunk. */
  static readonly SIZE = FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD

  constructor (max: number) {
    this.#max = max
  }

  /** A copy of the chunk given in `parts`, in a pooled buffer. */
  copy (parts: readonly Uint8Array[]): PooledChunk {
    const length = parts.reduce((n, p) => n + p.length, 0)
    // Longer than any chunk can be (a verified chunk never is): a buffer of its own, not pooled.
    const buffer = length > ChunkPool.SIZE ? new Uint8Array(length) : this.#free.pop() ?? new Uint8Array(ChunkPool.SIZE)
    let at = 0
    for (const p of parts) {
      buffer.set(p, at)
      at += p.length
    }
    return new PooledChunk(this, buffer, length)
  }

  /** Takes a buffer back (called by {@link PooledChunk.release}). */
  give (buffer: Uint8Array<ArrayBuffer>): void {
    if (buffer.length === ChunkPool.SIZE && this.#free.length < this.#max) this.#free.push(buffer)
  }

  /** Buffers free now (for tests). */
  get free (): number {
    return this.#free.length
  }
}
