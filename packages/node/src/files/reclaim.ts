/**
 * Chunk buffers are garbage as soon as a chunk is stored, sent or written, but V8 frees an
 * ArrayBuffer's memory only when it collects the object that holds it: at a scavenge of the young
 * generation (after its semi-space of small objects fills: moving chunks allocates few of those) or
 * at a full collection, which V8 starts on its own only once about 64 MB more external memory
 * is held than after the last one. Moving a large file would so hold ~64 MiB of dead 256 KiB
 * buffers at its peak (measured: bench/files.ts). Where the host exposes `gc` (the `parley`
 * command runs Node with --expose-gc, cli/node-flags.ts), a scavenge is asked for every
 * RECLAIM_EVERY_BYTES moved, which frees them (a few ms each); elsewhere (browsers) nothing happens.
 */

/**
 * Chunk bytes moved (sealed, stored, served or written) between two scavenges asked for. With 4 MiB,
 * a 256 MiB save ran either no full collection or ~40 of them (V8's own, once promoted buffers
 * pushed the old generation past its limit), 2.1–2.5 s of the collector's helper threads; with 2 or
 * 3 MiB, 0–4 in ten runs (bench/README.md, files round 10). A scavenge of a peer's young generation
 * costs the main thread about a millisecond.
 */
export const RECLAIM_EVERY_BYTES = 2 * 1024 * 1024
/**
 * ArrayBuffer bytes still held after a scavenge above which a full collection is asked for
 * (started incrementally). A buffer that stays in flight across two scavenges is promoted to the
 * old generation, which only a full collection sweeps; but a full collection marks the whole heap
 * (tens of MB in a peer), so asking for one every few MiB moved, whether or not anything was
 * promoted, cost a 256 MiB save more CPU than anything it does itself (bench/files.ts). Asked
 * for only when what is held says so, it runs a few times a file at most.
 */
export const FULL_RECLAIM_ABOVE_BYTES = 24 * 1024 * 1024
/** Chunk bytes moved between two full collections asked for at most (one runs incrementally meanwhile). */
export const FULL_RECLAIM_EVERY_BYTES = 16 * 1024 * 1024

let moved = 0
let movedSinceFull = 0

type Gc = (options?: { type?: 'minor' | 'major', execution?: 'sync' | 'async' }) => void

/** ArrayBuffer bytes held now, where the host says (Node); 0 elsewhere. */
function heldBuffers (): number {
  const usage = (globalThis as { process?: { memoryUsage?: () => { arrayBuffers: number } } }).process?.memoryUsage
  return typeof usage === 'function' ? usage().arrayBuffers : 0
}

/** Counts `bytes` of chunk buffers made garbage; asks V8 for a scavenge when due, and a full collection when a scavenge left too much held. */
export function reclaim (bytes: number): void {
  moved += bytes
  movedSinceFull += bytes
  if (moved < RECLAIM_EVERY_BYTES) return
  moved = 0
  const gc = (globalThis as { gc?: Gc }).gc
  if (typeof gc !== 'function') return
  gc({ type: 'minor' })
  if (movedSinceFull < FULL_RECLAIM_EVERY_BYTES || heldBuffers() <= FULL_RECLAIM_ABOVE_BYTES) return
  movedSinceFull = 0
  gc({ type: 'major', execution: 'async' })
}
