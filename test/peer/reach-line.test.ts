/**
 * Reaching a contact that is not connected: a line A–B–C of Node peers in this process, on
 * 127.0.0.1 with real LevelDB, where A and C know only B (their bootstrap peer, a relay). A and
 * C reach each other through B (a circuit through B's relay, or a relay address from a contact
 * card; the kad-dht serves public addresses only, so on loopback it finds nothing), go direct
 * when they can, and talk: DMs both ways, a private-room invite and a room sync; when they cannot
 * dial each other at all, everything goes through B's relay, and delivery resumes after B restarts.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { tcp } from '@libp2p/tcp'
import { ready } from '@parley/crypto'
import { createPeer, loadOrCreateIdentity } from '@parley/node'
import { openNodeProfileStore } from '@parley/node/node'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'
import { DmPayload, type DirectMessage, type Peer } from '@parley/node'

const TEXT = DmPayload.Kind.TEXT

const pool = peerPool('line', { pubsub: { heartbeatIntervalMs: 200 } })
const { start, stop } = pool

/** Every DM text `peer` receives, in order. */
function inbox (peer: Peer): string[] {
  const texts: string[] = []
  peer.addEventListener('dm', (evt: CustomEvent<DirectMessage>) => { if (!evt.detail.outgoing) texts.push(evt.detail.text) })
  return texts
}

const tcpAddress = (peer: Peer): string => peer.addrs().find((a) => a.includes('/tcp/') && !a.includes('/p2p-circuit')) ?? ''
const connected = (a: Peer, b: Peer): boolean => a.peers().some((p) => p.peerId === b.peerId)
const relayAddress = (peer: Peer): string | undefined => peer.addrs().find((a) => a.includes('/p2p-circuit'))

/** A peer with no DHT and no listen address of its own (like a browser): only a relay slot. */
async function startWithoutDht (bootstrap: string[]): Promise<Peer> {
  await ready()
  const dataDir = await pool.dir()
  const store = await openNodeProfileStore(dataDir)
  const { identity } = await loadOrCreateIdentity(store)
  const peer = await createPeer({
    identity,
    store,
    bootstrap,
    libp2p: { addresses: { listen: ['/p2p-circuit'] }, transports: [tcp(), circuitRelayTransport()], connectionManager: { allow: ['/ip4/127.0.0.1/ipcidr/8'] } }
  })
  await peer.start()
  return pool.adopt(peer)
}

afterAll(pool.close)

describe('reaching a contact through the network', () => {
  it('A and C, who know only B, exchange DMs both ways though neither knew where the other listens', async () => {
    const b = await start()
    const a = await start({ bootstrap: [tcpAddress(b)] })
    const c = await start({ bootstrap: [tcpAddress(b)] })
    const [atA, atC] = [inbox(a), inbox(c)]
    expect(connected(a, c)).toBe(false)
    await a.contacts.add(c.peerId, 'c')
    await c.contacts.add(a.peerId, 'a')

    await a.dms.send(c.peerId, { kind: TEXT, text: 'hello c' })
    await until('c to receive a DM from a', () => atC.includes('hello c'), 30_000)
    await c.dms.send(a.peerId, { kind: TEXT, text: 'hello a' })
    await until('a to receive the answer', () => atA.includes('hello a'), 30_000)
    // Reached through B's relay, then upgraded: both listen on loopback, so the relay is not kept.
    await until('a direct connection between a and c', () => a.isDirect(c.peerId), 20_000)
  })

  it('holds no more relay slots than maxReservations', async () => {
    const b = await start({ maxReservations: 1 })
    const a = await start({ listen: [], bootstrap: [tcpAddress(b)] })
    await until('a to hold the one relay slot on b', () => relayAddress(a) !== undefined, 20_000)
    const c = await start({ listen: [], bootstrap: [tcpAddress(b)] })
    // C is connected to B and has tried (identify told it B relays): the slot is taken.
    await until('c to be connected to b', () => connected(c, b), 20_000)
    const d = await start({ maxReservations: 1 })
    await c.libp2p.dial(multiaddr(tcpAddress(d)))
    await until('c to hold a slot on the other relay instead', () => relayAddress(c)?.includes(d.peerId) === true, 20_000)
    expect(c.addrs().some((x) => x.includes(`/p2p/${b.peerId}/p2p-circuit`))).toBe(false)
  })

  it('peers with no DHT reach each other through a circuit on the relay both use', async () => {
    const b = await start()
    const a = await startWithoutDht([tcpAddress(b)])
    const c = await startWithoutDht([tcpAddress(b)])
    const atC = inbox(c)
    await until('c to hold a relay slot on b', () => relayAddress(c) !== undefined, 20_000)
    await c.contacts.add(a.peerId, 'a')
    await a.dms.send(c.peerId, { kind: TEXT, text: 'found through the relay' })
    await until('c to receive the DM', () => atC.includes('found through the relay'), 30_000)
  })

  it('members of a private room, who know only B, dial each other on their own: a post after a restart reaches a member not connected', async () => {
    const b = await start()
    const bootstrap = [tcpAddress(b)]
    const [dirA, dirC] = [await pool.dir(), await pool.dir()]
    // Relay slots only, no listen address: reachable through B alone, like peers behind NATs.
    let a = await start({ dataDir: dirA, listen: [], bootstrap })
    let c = await start({ dataDir: dirC, listen: [], bootstrap })
    await until('a and c to hold relay slots on b', () => relayAddress(a) !== undefined && relayAddress(c) !== undefined, 20_000)
    const room = await a.privateRooms.create('members')
    const invited = new Promise<void>((resolve) => { c.addEventListener('invite', (evt) => { if (evt.detail.room === room) resolve() }) })
    await a.privateRooms.invite(room, c.peerId)
    await invited
    await c.privateRooms.accept(room)
    const topic = `/parley/private/1/${room}`
    await until('both outboxes to be empty', async () => await a.dms.pending(c.peerId) === 0 && await c.dms.pending(a.peerId) === 0, 20_000)
    const received = async (peer: Peer, text: string): Promise<boolean> => (await peer.privateRooms.history(room)).messages.some((m) => m.text === text)

    // C restarts and posts at once: A is not connected to it, and nothing but the room links them.
    await stop(c)
    c = await start({ dataDir: dirC, listen: [], bootstrap })
    expect(connected(c, a)).toBe(false)
    await c.privateRooms.send(room, 'posted right after a restart')
    await until('a to receive the post', async () => received(a, 'posted right after a restart'), 30_000)

    // A restarts and posts nothing: the members find each other by themselves, and C's next post arrives.
    await stop(a)
    a = await start({ dataDir: dirA, listen: [], bootstrap })
    await until('a to be connected to c again, and to see c in the room', () => a.libp2p.services.pubsub.getSubscribers(topic).some((p) => p.toString() === c.peerId), 30_000)
    await c.privateRooms.send(room, 'after a restarted')
    await until('a to receive the next post', async () => received(a, 'after a restarted'), 30_000)
  })

  it('peers that cannot dial each other talk through the relay: card, DMs, private-room invite, sync, and a relay restart', async () => {
    const dataDir = await pool.dir()
    let b = await start({ dataDir })
    const bootstrap = [tcpAddress(b)]
    // No listen address of their own: like peers behind NATs, reachable only through a relay slot.
    const a = await start({ listen: [], bootstrap })
    const c = await start({ listen: [], bootstrap })
    const [atA, atC] = [inbox(a), inbox(c)]
    await until('a and c to hold relay slots on b', () => relayAddress(a) !== undefined && relayAddress(c) !== undefined, 20_000)

    // C hands A its card; A adds C from it and reaches it through B.
    const added = await a.connectCard(c.card())
    expect(added.contact.petname).toBe(c.nick)
    expect(added.connected).toBe(true)
    expect(a.isDirect(c.peerId)).toBe(false)
    await c.contacts.add(a.peerId, 'a')

    await a.dms.send(c.peerId, { kind: TEXT, text: 'through the relay' })
    await until('c to receive a relayed DM', () => atC.includes('through the relay'), 30_000)
    await c.dms.send(a.peerId, { kind: TEXT, text: 'back through the relay' })
    await until('a to receive the relayed answer', () => atA.includes('back through the relay'), 30_000)

    // A private-room invite travels as a DM; the room's posts then go by gossip over the relay.
    const room = await a.privateRooms.create('line')
    const invited = new Promise<void>((resolve) => { c.addEventListener('invite', (evt) => { if (evt.detail.room === room) resolve() }) })
    await a.privateRooms.invite(room, c.peerId)
    await invited
    await c.privateRooms.accept(room)
    await until('a to see c subscribed to the private room', () => a.libp2p.services.pubsub.getSubscribers(`/parley/private/1/${room}`).some((p) => p.toString() === c.peerId), 20_000)
    await c.privateRooms.send(room, 'from c')
    await until('the post from c to reach a', async () => (await a.privateRooms.history(room)).messages.some((m) => m.text === 'from c'), 30_000)

    // A room sync: what A posted before C joined reaches C when it joins.
    await a.join('line')
    const before = await a.rooms.send('line', 'before you joined')
    await c.join('line')
    await until('c to get the earlier post by sync', async () => (await c.rooms.history('line')).messages.some((m) => m.id === before.id), 30_000)

    // The relay restarts mid-conversation: what A sends meanwhile is delivered once it is back.
    const port = multiaddr(bootstrap[0]).getComponents().find((x) => x.name === 'tcp')?.value
    await stop(b)
    await until('a and c to notice the relay is gone', () => !connected(a, c) && !connected(c, b), 20_000)
    await a.dms.send(c.peerId, { kind: TEXT, text: 'while the relay was down' })
    b = await start({ dataDir, listen: [`/ip4/127.0.0.1/tcp/${port}`] })
    await until('c to receive the DM sent while the relay was down', () => atC.includes('while the relay was down'), 45_000)
    await c.dms.send(a.peerId, { kind: TEXT, text: 'and back' })
    await until('a to receive the answer after the restart', () => atA.includes('and back'), 30_000)
  })
})
