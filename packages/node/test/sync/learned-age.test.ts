/**
 * LEARNED_MIN_AGE_MS: two real peers in this process (libp2p on 127.0.0.1,
 * LevelDB in temp dirs). Messages a sync fetches that are younger than that
 * were most likely still on their way by gossip: they are stored, but start
 * no onward round; older ones do.
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
import { LEARNED_MIN_AGE_MS, RoomSync } from '../../src/sync/room-sync.js'
import type { Peer } from '../../src/peer.js'

const ROOM = 'learned'

describe('what a sync counts as learned', () => {
  const dirs: string[] = []
  const peers: Peer[] = []
  afterAll(async () => {
    await Promise.all(peers.map(async (p) => p.stop().catch(() => {})))
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it(`stores messages younger than ${LEARNED_MIN_AGE_MS} ms without an onward round, and starts one for older messages`, async () => {
    await ready()
    for (let side = 0; side < 2; side++) {
      const dir = await mkdtemp(join(tmpdir(), 'parley-learned-'))
      dirs.push(dir)
      const { peer } = await createNodePeer({ dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
      peers.push(peer)
      await peer.start()
      await peer.rooms.join(ROOM)
    }
    const [a, b] = peers
    await b.dial(a.addrs()[0])
    // The syncs the dial starts (each side's, on the other's subscription) are over before the messages are written.
    await until('both peers synced once', () => !a.isIncomplete(ROOM) && !b.isIncomplete(ROOM), 30_000)
    const author = generateIdentity()
    // Written straight into a's store (not gossiped): only a sync brings them to b.
    const put = async (sentAt: number, text: string): Promise<void> => {
      const v = sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, nick: 'x', text }, sentAt)
      await a.store.history.append([{ conversation: roomConversation(ROOM), id: v.id, timestamp: sentAt, value: storedFrom(v, Date.now()) }])
    }
    const learned: string[] = []
    // A second initiator over b's node, store and rooms, whose onLearned the test hears.
    const sync = new RoomSync({ libp2p: b.libp2p, store: b.store, rooms: b.rooms, onSync: () => {}, onLearned: (room) => { learned.push(room) }, onError: () => {} })
    const remote = b.libp2p.getConnections()[0].remotePeer
    const count = async (): Promise<number> => b.store.history.count(roomConversation(ROOM))

    const before = await count()
    await put(Date.now(), 'fresh 1')
    await put(Date.now(), 'fresh 2')
    const fresh = await sync.syncWith(remote, ROOM)
    expect(fresh?.fetched).toBe(2)
    expect(await count()).toBe(before + 2)
    expect(learned).toEqual([])

    await put(Date.now() - 10 * LEARNED_MIN_AGE_MS, 'old 1')
    const old = await sync.syncWith(remote, ROOM)
    expect(old?.fetched).toBe(1)
    expect(learned).toEqual([ROOM])
  }, 90_000)
})
