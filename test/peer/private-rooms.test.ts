/**
 * A private room among three real peers: two `parley --json` processes (the
 * owner A and B) and C in process, whose gossipsub we can watch. After C is
 * removed it stays subscribed: the new epoch's ciphertexts reach its pubsub
 * (that arrival is the canary), and it can neither read nor show them.
 */
import { openRoomMessage, ready, toHex } from '@parley/crypto'
import type { PrivateMessage } from '@parley/node'
import { afterAll, describe, expect, it } from 'vitest'
import { Peers, privateTopic, storedRoom } from './attack-private-support.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

describe('a three-member private room', () => {
  const cluster = new Cluster()
  const peers = new Peers()
  afterAll(async () => {
    await peers.close()
    await cluster.close()
  })

  /** Sends once into the room; resolves when every peer in `to` shows it. */
  async function deliver (from: ParleyProcess, room: string, text: string, to: ParleyProcess[]): Promise<void> {
    const id = (await from.ok({ cmd: 'private-send', room, text })).message.id as string
    for (const p of to) await p.waitFor((e) => e.event === 'private-message' && e.id === id, 30_000, `"${text}" to reach ${p.peerId}`)
  }

  it('reaches every member; after a removal the removed member, still subscribed to the topic, receives the new ciphertexts but can neither read nor show them', async () => {
    await ready()
    const a = await cluster.start(undefined, ['--nick', 'owner'])
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    const c = await peers.peer('carol')
    await c.dial(a.addr)
    await c.dial(b.addr)
    const cShown: PrivateMessage[] = []
    c.addEventListener('private-message', (evt) => { cShown.push(evt.detail) })
    await until('connections', async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).length >= 2, 20_000)
    const room = (await a.ok({ cmd: 'private-create', name: 'plans' })).room as string
    const topic = privateTopic(room)

    await a.ok({ cmd: 'invite', room, peer: b.peerId })
    const invite = await b.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'B\'s invite')
    expect(invite).toMatchObject({ name: 'plans', from: a.peerId })
    await b.ok({ cmd: 'accept', room })
    await a.ok({ cmd: 'invite', room, peer: c.peerId })
    await until('C\'s invite', () => c.privateRooms.invites().some((i) => i.room === room && i.owner === a.peerId && i.name === 'plans'), 30_000)
    await c.privateRooms.accept(room)
    const subscribers = (): string[] => c.libp2p.services.pubsub.getSubscribers(topic).map(String)
    await until('everyone on the topic', () => subscribers().includes(a.peerId) && subscribers().includes(b.peerId), 30_000)

    await deliver(a, room, 'secret plan one', [b])
    await deliver(b, room, 'agreed', [a])
    await until('C to show both posts', () => cShown.length === 2, 30_000)
    expect(cShown.map((m) => [m.text, m.from])).toEqual([['secret plan one', a.peerId], ['agreed', b.peerId]])

    // Watch every post that reaches C's gossipsub on the topic, before C's own checks.
    const pubsub = c.libp2p.services.pubsub
    const validate = pubsub.topicValidators.get(topic)
    if (validate === undefined) throw new Error('C has no validator for the room')
    const arrived = new Map<string, Uint8Array>()
    pubsub.topicValidators.set(topic, async (peer, msg) => {
      arrived.set(toHex(msg.data), msg.data)
      return validate(peer, msg)
    })

    await a.ok({ cmd: 'remove-member', room, peer: c.peerId })
    await until('B to get the new epoch', async () => ((await b.ok({ cmd: 'private-rooms' })).rooms as Json[]).some((r) => r.room === room && r.epoch === 1), 20_000)
    await deliver(a, room, 'after removal', [b])
    await deliver(b, room, 'still chatting', [a])
    const inEpochOne = (): Uint8Array[] => [...arrived.values()].filter((d) => new DataView(d.buffer, d.byteOffset).getUint32(1) === 1)
    await until('both new-epoch ciphertexts to reach C\'s pubsub', () => inEpochOne().length === 2, 30_000)
    const keys = (await storedRoom(c, room)).keyring
    for (const sealed of inEpochOne()) expect(() => openRoomMessage(keys, sealed)).toThrow(expect.objectContaining({ name: 'UnknownEpochError', epoch: 1 }))
    expect(cShown.map((m) => m.text)).toEqual(['secret plan one', 'agreed'])
    expect((await c.privateRooms.history(room)).messages.map((m) => m.text)).toEqual(['secret plan one', 'agreed'])
    expect(((await b.ok({ cmd: 'private-history', room })).messages as Json[]).map((m) => m.text)).toEqual(['secret plan one', 'agreed', 'after removal', 'still chatting'])
  }, 120_000)

  it('keeps its rooms, members, epoch keys and posts across a restart', async () => {
    await ready()
    const dir = await cluster.dir()
    const ann = await peers.peer('ann', dir)
    const other = await peers.peer('ben')
    const room = await ann.privateRooms.create('diary')
    await ann.privateRooms.invite(room, other.peerId)
    await ann.privateRooms.remove(room, other.peerId)
    const before = await ann.privateRooms.send(room, 'written before the restart')
    await ann.stop()
    const again = await peers.peer('ann', dir)
    expect(again.privateRooms.list()).toEqual([{ room, name: 'diary', owner: again.peerId, members: [again.peerId], epoch: 1 }])
    const after = await again.privateRooms.send(room, 'and after')
    expect((await again.privateRooms.history(room)).messages).toEqual([before, after])
  }, 60_000)
})
