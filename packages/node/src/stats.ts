/**
 * What a running peer holds: memory, connections and streams, and its store's size, so memory can
 * be watched from outside (`parley --json` `stats`, the terminal's `/stats`, the soak benchmark).
 * Isomorphic: in Node the memory figures are `process.memoryUsage()`; in a browser only the JS
 * heap is known (Chromium's `performance.memory`), the rest is null.
 */
import type { Libp2p } from '@libp2p/interface'
import type { ProfileStore, StoreSize } from './store/index.js'
import { yieldToEvents } from './event-loop.js'

/** A snapshot of a peer's resources (all sizes in bytes). */
export interface PeerStats {
  /** Resident set size of the process; null in a browser. */
  rss: number | null
  /** V8 heap in use (after a collection when `gc` was asked and could run). */
  heapUsed: number | null
  heapTotal: number | null
  /** Memory of C++ objects bound to JavaScript (Buffers, LevelDB, WebAssembly); null in a browser. */
  external: number | null
  /** ArrayBuffers and SharedArrayBuffers, included in `external`; null in a browser. */
  arrayBuffers: number | null
  /** Open streams over every connection. */
  openStreams: number
  /** Open streams by protocol (a protocol still negotiating counts as ''). */
  streams: Record<string, number>
  /** Open connections. */
  connections: number
  /** The profile store: bytes on disk (LevelDB's estimate) and stored messages (exact). */
  db: StoreSize
  /** Whether a garbage collection ran just before the figures were taken (needs `--expose-gc`). */
  gc: boolean
  /** Milliseconds since the epoch when the figures were taken. */
  at: number
}

/** Options of {@link collectStats}. */
export interface StatsOptions {
  /** Run a full garbage collection first, when the runtime exposes one (`node --expose-gc`). */
  gc?: boolean
}

interface MemoryFigures { rss: number | null, heapUsed: number | null, heapTotal: number | null, external: number | null, arrayBuffers: number | null }

function memory (): MemoryFigures {
  const proc = (globalThis as { process?: { memoryUsage?: () => NodeJS.MemoryUsage } }).process
  if (typeof proc?.memoryUsage === 'function') {
    const m = proc.memoryUsage()
    return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }
  }
  const heap = (globalThis as { performance?: { memory?: { usedJSHeapSize: number, totalJSHeapSize: number } } }).performance?.memory
  return { rss: null, heapUsed: heap?.usedJSHeapSize ?? null, heapTotal: heap?.totalJSHeapSize ?? null, external: null, arrayBuffers: null }
}

/**
 * A full collection, then another once the finalizers it queued have run: memory held by native
 * objects (Buffers' and ciphers' C++ sides) whose JS wrappers died is freed only by those
 * finalizers, after the collection returns, so a figure taken right after one collection still
 * counts it (the soak saw `external` rise and fall by 2–4 MiB between samples).
 */
export async function collectGarbage (gc: () => void): Promise<void> {
  gc()
  await yieldToEvents()
  gc()
}

/** Collects a {@link PeerStats} snapshot of a libp2p node and its profile store. */
export async function collectStats (libp2p: Libp2p, store: ProfileStore, options: StatsOptions = {}): Promise<PeerStats> {
  const db = await store.size()
  const gc = (globalThis as { gc?: () => void }).gc
  const collected = options.gc === true && typeof gc === 'function'
  if (collected) await collectGarbage(gc)
  const connections = libp2p.getConnections()
  const streams: Record<string, number> = {}
  let openStreams = 0
  for (const connection of connections) {
    for (const stream of connection.streams) {
      openStreams++
      const protocol = stream.protocol ?? ''
      streams[protocol] = (streams[protocol] ?? 0) + 1
    }
  }
  return { ...memory(), openStreams, streams, connections: connections.length, db, gc: collected, at: Date.now() }
}
