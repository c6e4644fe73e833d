/**
 * The V8 flags the `parley` command runs Node with (bin/parley.js starts the CLI in a process of
 * its own with them when the one it was started in lacks them).
 *
 * V8 grows its young generation (two semi-spaces) while a process allocates quickly and shrinks it
 * only once the allocation rate falls below about 1 MB/s. A peer in a busy room allocates more than
 * that for every message it verifies, stores and shows, so without a cap the young generation
 * grows to V8's maximum for a 4 GiB heap (2 × 64 MiB) within minutes and stays there, almost all
 * of it empty after each collection: the soak benchmark measured this as most of a peer's RSS
 * growth. Capped, a collection runs more often and costs the same per surviving object.
 */

/** Largest semi-space of V8's young generation, in MiB (the young generation holds two). */
export const MAX_SEMI_SPACE_MIB = 16

/**
 * Node flags for a long-running peer. `--expose-gc`: moving a file makes a 256 KiB buffer garbage
 * per chunk at every step (read, seal, send, receive, open), which V8 frees only at a collection;
 * files/reclaim.ts asks for one every few MiB moved, so a 256 MiB transfer does not hold ~64 MiB
 * of dead buffers (bench/files.ts). `stats` with `gc: true` uses it too.
 */
export const NODE_FLAGS: readonly string[] = [`--max-semi-space-size=${MAX_SEMI_SPACE_MIB}`, '--expose-gc']

/**
 * Environment the `parley` command runs Node with, unless already set. glibc's malloc gives each
 * thread that allocates its own arena (LevelDB's reads and writes run on libuv's thread pool) and
 * returns little of a fragmented arena to the system: in the soak benchmark a peer's memory
 * outside the V8 heap grew by ~90 MiB in 10 minutes with the default (up to 8 × cores arenas)
 * and stayed flat with two. Other C libraries ignore the variable.
 */
export const NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' }
