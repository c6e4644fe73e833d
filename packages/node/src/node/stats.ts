/** The Node host's additions to a peer's {@link PeerStats}: open file descriptors, libuv resources and V8's heap by space. */
import { readdir } from 'node:fs/promises'
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8'
import type { Peer } from '../peer.js'
import type { PeerStats, StatsOptions } from '../stats.js'

/** A Node peer's stats: the peer's, plus what the process holds open. */
export interface NodeStats extends PeerStats {
  /** Open file descriptors (sockets, LevelDB files, pipes); null where /proc is not there (not Linux). */
  fds: number | null
  /** Resources keeping the event loop alive, by kind (`Timeout`, `TCPSocketWrap`, `FSReqCallback`…). */
  resources: Record<string, number>
  /** The Node flags this process runs with (`parley` adds NODE_FLAGS, see cli/node-flags.ts). */
  execArgv: string[]
  /** Where the RSS is, as far as V8 knows it: see {@link V8Memory}. */
  v8: V8Memory
}

/**
 * V8's share of the RSS, in bytes, so growth can be placed: in the V8 heap (and there in the young
 * generation, JIT code or the old space) or outside it (malloc: LevelDB, Buffers, WebAssembly).
 */
export interface V8Memory {
  /** Committed pages of the V8 heap, every space (the young generation's semi-spaces are committed whole: its pages not used yet are not in the RSS). */
  physical: number
  /** The young generation's committed size (its semi-spaces grow while the allocation rate is high). */
  newSpace: number
  /** Live code: compiled code and bytecode with its metadata (bytes used in V8's code and trusted spaces). */
  code: number
  /** Bytes V8 itself holds with malloc (outside the heap, inside the RSS). */
  malloced: number
}

/** V8's heap figures by space (space names as V8 reports them); the bench's bare nodes report the same. */
export function v8Memory (): V8Memory {
  let newSpace = 0
  let code = 0
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') newSpace += space.physical_space_size
    if (space.space_name.startsWith('code_') || space.space_name.startsWith('trusted_')) code += space.space_used_size
  }
  const heap = getHeapStatistics()
  return { physical: heap.total_physical_size, newSpace, code, malloced: heap.malloced_memory }
}

async function openFds (): Promise<number | null> {
  try {
    return (await readdir('/proc/self/fd')).length
  } catch {
    return null
  }
}

/** {@link Peer.stats} with the process's file descriptors, event-loop resources and V8's heap by space. */
export async function nodeStats (peer: Peer, options: StatsOptions = {}): Promise<NodeStats> {
  const stats = await peer.stats(options)
  const resources: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1
  return { ...stats, fds: await openFds(), resources, execArgv: [...process.execArgv], v8: v8Memory() }
}
