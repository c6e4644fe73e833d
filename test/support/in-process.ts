/**
 * Parley peers in the test's own process: real libp2p on 127.0.0.1 and real LevelDB in temporary
 * directories. One pool per test file: `start` makes (or restarts, given its `dataDir`) a started
 * peer, `stop` stops one, and `close` (in `afterAll`) stops every peer still running and removes
 * every directory the pool made or was given.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createNodePeer, type NodePeerInit } from '@parley/node/node'
import type { Peer } from '@parley/node'

export interface PeerPool {
  /** A fresh temporary directory, removed by `close`. */
  dir: () => Promise<string>
  /** A started peer on 127.0.0.1 (no mDNS, loopback allowed), with `defaults` then `init` applied. */
  start: (init?: Partial<NodePeerInit>) => Promise<Peer>
  stop: (peer: Peer) => Promise<void>
  /** Takes a peer started some other way into the pool, so `close` stops it. */
  adopt: (peer: Peer) => Peer
  /** Stops every running peer and removes every directory. */
  close: () => Promise<void>
}

export function peerPool (prefix: string, defaults: Partial<NodePeerInit> = {}): PeerPool {
  const dirs = new Set<string>()
  const running = new Set<Peer>()
  const dir = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), `parley-${prefix}-`))
    dirs.add(d)
    return d
  }
  return {
    dir,
    async start (init = {}) {
      const dataDir = init.dataDir ?? await dir()
      dirs.add(dataDir)
      const { peer } = await createNodePeer({ listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true, ...defaults, ...init, dataDir })
      await peer.start()
      running.add(peer)
      return peer
    },
    adopt (peer) {
      running.add(peer)
      return peer
    },
    async stop (peer) {
      running.delete(peer)
      await peer.stop()
    },
    async close () {
      await Promise.allSettled([...running].map(async (p) => p.stop()))
      running.clear()
      await Promise.all([...dirs].map(async (d) => rm(d, { recursive: true, force: true })))
    }
  }
}
