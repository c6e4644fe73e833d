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

/** Chunk bytes moved (sealed, stored, served or written) between two scavenges asked for. */
export const RECLAIM_EVERY_BYTES = 4 * 1024 * 1024
/**
 * Chunk bytes moved between two full collections asked for (started incrementally): buffers that
 * stay in flight across two scavenges (a fetch keeps up to 6 MiB of chunks in flight) are promoted
 * to the old generation, which only a full collection sweeps.
 */
export const FULL_RECLAIM_EVERY_BYTES = 32 * 1024 * 1024

let moved = 0
let movedSinceFull = 0

/** Counts `bytes` of chunk buffers made garbage; asks V8 for a scavenge or a full collection when due. */
export function reclaim (bytes: number): void {
  moved += bytes
  movedSinceFull += bytes
  if (moved < RECLAIM_EVERY_BYTES) return
  moved = 0
  const gc = (globalThis as { gc?: (options?: { type?: 'minor' | 'major', execution?: 'sync' | 'async' }) => void }).gc
  if (typeof gc !== 'function') return
  const full = movedSinceFull >= FULL_RECLAIM_EVERY_BYTES
  if (full) movedSinceFull = 0
  gc(full ? { type: 'major', execution: 'async' } : { type: 'minor' })
}
