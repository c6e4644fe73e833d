/**
 * Gossip attacks from a raw libp2p node against a real `parley --json` peer:
 * duplicate suppression across topics, presence floods from fresh keys, and
 * forged envelopes (cut off after a few).
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, randomBytes, ready, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { DIRECTORY_TOPIC } from '../../packages/node/src/communities/directory.js'
import { ownedRoomId } from '../../packages/node/src/communities/owned-room.js'
import { FORGERIES_BEFORE_CUTOFF } from '../../packages/node/src/net/constants.js'
import { Announcement } from '../../packages/node/src/pb/directory.js'
import { MAX_MEMBERS_PER_ROOM } from '../../packages/node/src/room-members.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'

const topicOf = (room: string): string => `/parley/room/1/${room}`

function envelope (identity: Identity, fields: Partial<RoomEvent> & { room: string }): Uint8Array {
  const payload = RoomEvent.encode({ sentAt: BigInt(Date.now()), nick: 'n', kind: RoomEvent.Kind.TEXT, text: '', replyTo: '', target: '', reaction: '', nonce: randomBytes(8) as Uint8Array<ArrayBuffer>, ...fields })
  return Envelope.encode({ payload, signature: sign(identity, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>, author: identity.publicKey as Uint8Array<ArrayBuffer> })
}

/** A well-formed envelope of `room` whose signature does not verify. */
function forged (identity: Identity, room: string, text: string): Uint8Array {
  const real = Envelope.decode(envelope(identity, { room, text }))
  return Envelope.encode({ ...real, signature: randomBytes(64) as Uint8Array<ArrayBuffer> })
}

describe('gossip attacks', () => {
  const cluster = new Cluster()
  const raws: RawNode[] = []
  let a: ParleyProcess

  /** A raw node connected to A and seen by A on every topic of `rooms`. */
  async function neighbour (rooms: string[]): Promise<RawNode> {
    const raw = await rawNode()
    raws.push(raw)
    for (const room of rooms) raw.services.pubsub.subscribe(topicOf(room))
    await raw.dial(multiaddr(a.addr))
    await until('A to be seen on every topic', () => rooms.every((room) => raw.services.pubsub.getSubscribers(topicOf(room)).length > 0), 20_000)
    return raw
  }

  beforeAll(async () => {
    await ready()
    a = await cluster.start()
  })
  afterAll(async () => {
    await Promise.all(raws.map(async (r) => r.stop()))
    await cluster.close()
  })

  it('shows an envelope that a neighbour relayed first on another topic (the topic is part of the gossip id)', async () => {
    await Promise.all([a.ok({ cmd: 'join', room: 'real' }), a.ok({ cmd: 'join', room: 'decoy' })])
    const raw = await neighbour(['real', 'decoy'])
    const bytes = envelope(generateIdentity(), { room: 'real', text: 'the real one' })
    // On the wrong topic A's validator rejects it; with an id of the data alone, A would then drop the real one as seen.
    await raw.services.pubsub.publish(topicOf('decoy'), bytes)
    await raw.services.pubsub.publish(topicOf('real'), bytes)
    const shown = await a.waitFor((e) => e.event === 'message' && e.room === 'real', 20_000, 'the real one to be shown')
    expect(shown.text).toBe('the real one')
    expect(((await a.ok({ cmd: 'history', room: 'real' })).messages as Json[]).map((m) => m.text)).toEqual(['the real one'])
    expect(((await a.ok({ cmd: 'history', room: 'decoy' })).messages as Json[])).toEqual([])
  })

  it('keeps the member list of a room capped under a presence flood from fresh keys', async () => {
    const room = 'crowded'
    await a.ok({ cmd: 'join', room })
    const raw = await neighbour([room])
    const flood = MAX_MEMBERS_PER_ROOM + 200
    for (let i = 0; i < flood; i++) {
      await raw.services.pubsub.publish(topicOf(room), envelope(generateIdentity(), { room, nick: `sybil${i}`, kind: RoomEvent.Kind.PRESENCE }))
    }
    // Canary: a presence sent after the flood; once it is listed, every sybil before it was handled.
    const canary = generateIdentity()
    await raw.services.pubsub.publish(topicOf(room), envelope(canary, { room, nick: 'canary', kind: RoomEvent.Kind.PRESENCE }))
    const members = async (): Promise<Json[]> => (await a.ok({ cmd: 'members', room })).members as Json[]
    await until('the canary to be listed', async () => (await members()).some((m) => m.nick === 'canary'), 60_000)
    const listed = await members()
    expect(listed.length).toBeLessThanOrEqual(MAX_MEMBERS_PER_ROOM)
    expect(listed.length).toBeGreaterThan(MAX_MEMBERS_PER_ROOM / 2)
    // The first sybils are the least recently seen: they went first.
    expect(listed.some((m) => m.nick === 'sybil0')).toBe(false)
  })

  it('hangs up on a neighbour that sends forged envelopes, and refuses it when it dials back', async () => {
    const room = 'forged'
    await a.ok({ cmd: 'join', room })
    const raw = await neighbour([room])
    const author = generateIdentity()
    for (let i = 1; i < FORGERIES_BEFORE_CUTOFF; i++) await raw.services.pubsub.publish(topicOf(room), forged(author, room, `forged ${i}`))
    // One short of the limit, the neighbour is still heard: its next, real, envelope is shown.
    await raw.services.pubsub.publish(topicOf(room), envelope(author, { room, text: 'still heard' }))
    await a.waitFor((e) => e.event === 'message' && e.room === room && e.text === 'still heard', 20_000, 'the real envelope to be shown')
    await raw.services.pubsub.publish(topicOf(room), forged(author, room, 'the last straw'))
    await until('A to hang up on the forger', () => raw.getConnections(peerIdFromString(a.peerId)).length === 0, 20_000)
    // Dialling back: A refuses the connection once it knows who is calling (after the handshake).
    await raw.dial(multiaddr(a.addr)).catch(() => undefined)
    await until('the forger\'s new connection to close', () => raw.getConnections(peerIdFromString(a.peerId)).length === 0, 20_000)
    expect(((await a.ok({ cmd: 'peers' })).peers as Json[]).map((p) => p.peerId)).not.toContain(raw.peerId.toString())
    // Anyone else is still heard.
    const honest = await neighbour([room])
    await honest.services.pubsub.publish(topicOf(room), envelope(generateIdentity(), { room, text: 'canary' }))
    await a.waitFor((e) => e.event === 'message' && e.room === room && e.text === 'canary', 20_000, 'the canary to be shown')
    expect(((await a.ok({ cmd: 'history', room })).messages as Json[]).map((m) => m.text)).toEqual(['still heard', 'canary'])
  })

  it('hangs up on a neighbour that sends directory announcements whose signature fails', async () => {
    const raw = await rawNode()
    raws.push(raw)
    raw.services.pubsub.subscribe(DIRECTORY_TOPIC)
    await raw.dial(multiaddr(a.addr))
    await until('A to be seen on the directory topic', () => raw.services.pubsub.getSubscribers(DIRECTORY_TOPIC).length > 0, 20_000)
    const owner = generateIdentity()
    for (let i = 0; i < FORGERIES_BEFORE_CUTOFF; i++) {
      const payload = Announcement.encode({ room: ownedRoomId(`forged${i}`, owner.publicKey), sentAt: BigInt(Date.now()), topic: '', description: '', language: '', members: 0, lastActivity: 0n, nextEvent: 0n })
      await raw.services.pubsub.publish(DIRECTORY_TOPIC, Envelope.encode({ payload, signature: randomBytes(64) as Uint8Array<ArrayBuffer>, author: owner.publicKey as Uint8Array<ArrayBuffer> }))
    }
    await until('A to hang up on the forger', () => raw.getConnections(peerIdFromString(a.peerId)).length === 0, 20_000)
  })
})
