/**
 * MAX_CONCURRENT_WINDOW_READS: two real peers in this process (libp2p on
 * 127.0.0.1, LevelDB in temp dirs); one holds the history of several rooms,
 * the other syncs them all at once. Each side reads at most that many sync
 * windows at a time (counted on the real store's history.range and history.ids), and every
 * sync still completes with every message.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready } from '@parley/crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../../../../test/support/poll.js'
import { roomConversation } from '../../src/constants.js'
import { RoomEvent, sealEvent } from '../../src/envelope.js'
import { createNodePeer } from '../../src/node/index.js'
import { storedFrom } from '../../src/room-messages.js'
import { MAX_CONCURRENT_WINDOW_READS } from '../../src/sync/room-sync.js'
import type { Peer } from '../../src/peer.js'

const ROOMS = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5']
/** Enough that one window read takes several store batches (READ_BATCH 256), so unbounded reads would overlap. */
const PER_ROOM = 600

/** Counts the window reads (history.range or history.ids iterations) running at once on a peer's real store. */
function countReads (peer: Peer): { max: number } {
  const seen = { max: 0 }
  let open = 0
  const history = peer.store.history
  const counted = <T>(inner: AsyncIterable<T>): AsyncIterable<T> => ({
    async * [Symbol.asyncIterator] () {
      open++
      seen.max = Math.max(seen.max, open)
      try {
        yield * inner
      } finally {
        open--
      }
    }
  })
  const range = history.range.bind(history)
  const ids = history.ids.bind(history)
  history.range = (...args) => counted(range(...args))
  history.ids = (...args) => counted(ids(...args))
  return seen
}

describe('sync window reads', () => {
  const dirs: string[] = []
  const peers: Peer[] = []
  afterAll(async () => {
    await Promise.all(peers.map(async (p) => p.stop().catch(() => {})))
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it(`run at most ${MAX_CONCURRENT_WINDOW_READS} at a time on each side while ${ROOMS.length} rooms sync at once, and every room arrives whole`, async () => {
    await ready()
    const author = generateIdentity()
    for (let side = 0; side < 2; side++) {
      const dir = await mkdtemp(join(tmpdir(), 'parley-window-reads-'))
      dirs.push(dir)
      const { peer } = await createNodePeer({ dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
      peers.push(peer)
      await peer.start()
    }
    const [a, b] = peers
    const base = Date.now() - 60_000
    for (const room of ROOMS) {
      await a.rooms.join(room)
      await b.rooms.join(room)
      const records = Array.from({ length: PER_ROOM }, (_, i) => {
        const v = sealEvent(author, { room, kind: RoomEvent.Kind.TEXT, nick: 'x', text: `${room} ${i}` }, base + i)
        return { conversation: roomConversation(room), id: v.id, timestamp: Number(v.event.sentAt), value: storedFrom(v, Date.now()) }
      })
      await b.store.history.append(records)
    }
    const readsA = countReads(a)
    const readsB = countReads(b)
    // The dial starts a sync of every room from each side (their subscriptions); syncs of our own join them.
    await a.dial(b.addrs()[0])
    const remote = a.libp2p.getConnections()[0].remotePeer
    // A sync that times out on a loaded machine is tried again by anti-entropy (every 30 s).
    await Promise.all(ROOMS.map(async (room) => a.sync.syncWith(remote, room).catch(() => undefined)))
    await until('every room whole on the peer that had none', async () => {
      for (const room of ROOMS) if (await a.store.history.count(roomConversation(room)) < PER_ROOM) return false
      return true
    }, 90_000)
    expect(readsA.max).toBeGreaterThan(0)
    expect(readsB.max).toBeGreaterThan(0)
    expect(readsA.max).toBeLessThanOrEqual(MAX_CONCURRENT_WINDOW_READS)
    expect(readsB.max).toBeLessThanOrEqual(MAX_CONCURRENT_WINDOW_READS)
  }, 150_000)
})
