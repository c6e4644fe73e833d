/**
 * Two real peers in this process (libp2p on 127.0.0.1, LevelDB in temp
 * dirs), each holding 100,000 messages of a room, differing by 1%:
 * one reconciliation makes them equal, and the bytes exchanged stay within a
 * small factor of the size of the messages that were missing.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready } from '@parley/crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { roomConversation } from '../../src/constants.js'
import { RoomEvent, sealEvent, type VerifiedEvent } from '../../src/envelope.js'
import { createNodePeer } from '../../src/node/index.js'
import { storedFrom } from '../../src/room-messages.js'
import type { Peer } from '../../src/peer.js'

const ROOM = 'converge'
const N = 100_000

describe('history sync of two 100,000-message histories', () => {
  const dirs: string[] = []
  const peers: Peer[] = []
  afterAll(async () => {
    await Promise.all(peers.map(async (p) => p.stop().catch(() => {})))
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('converges in one reconciliation, exchanging at most 1.5 times the missing messages\' bytes', async () => {
    await ready()
    const author = generateIdentity()
    const base = Date.now() - N
    const all: VerifiedEvent[] = Array.from({ length: N }, (_, i) => sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, nick: 'x', text: `message ${i}` }, base + i))
    // Every 100th message is missing on one side, alternating which.
    const missingOn = (i: number): number => (i % 100 === 0 ? (i / 100) % 2 : -1)
    for (let side = 0; side < 2; side++) {
      const dir = await mkdtemp(join(tmpdir(), 'parley-converge-'))
      dirs.push(dir)
      const { peer } = await createNodePeer({ dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
      peers.push(peer)
      await peer.start()
      await peer.rooms.join(ROOM)
      const records = all.flatMap((v, i) => missingOn(i) === side ? [] : [{ conversation: roomConversation(ROOM), id: v.id, timestamp: Number(v.event.sentAt), value: storedFrom(v, Date.now()) }])
      for (let at = 0; at < records.length; at += 10_000) await peer.store.history.append(records.slice(at, at + 10_000))
    }
    const [a, b] = peers
    const missingBytes = all.filter((_, i) => missingOn(i) !== -1).reduce((n, v) => n + v.bytes.length, 0)
    await a.dial(b.addrs()[0])
    const result = await a.sync.syncWith(a.libp2p.getConnections()[0].remotePeer, ROOM)
    expect(result).toMatchObject({ fetched: N / 200, pushed: N / 200 })
    expect(await a.store.history.count(roomConversation(ROOM))).toBe(N)
    expect(await b.store.history.count(roomConversation(ROOM))).toBe(N)
    expect((result?.bytes ?? Infinity) / missingBytes).toBeLessThan(1.5)
  }, 180_000) // Signing 100,000 envelopes and writing 200,000 records takes about a minute on a loaded machine.
})
