/** The Node host's additions to a peer's {@link PeerStats}: open file descriptors and libuv resources. */
import { readdir } from 'node:fs/promises'
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
}

async function openFds (): Promise<number | null> {
  try {
    return (await readdir('/proc/self/fd')).length
  } catch {
    return null
  }
}

/** {@link Peer.stats} with the process's file descriptors and event-loop resources. */
export async function nodeStats (peer: Peer, options: StatsOptions = {}): Promise<NodeStats> {
  const stats = await peer.stats(options)
  const resources: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1
  return { ...stats, fds: await openFds(), resources, execArgv: [...process.execArgv] }
}
