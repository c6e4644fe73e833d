/**
 * Hostile posts in a private room against a real `parley --json` owner:
 * posts breaking the public rooms' limits, a removed member re-sealing a
 * member's post under a fresh nonce, and posts from a removed member and
 * from someone who never was one. Each crafted post goes out from its own
 * bare relay, so the owner's score of that relay says what it made of those
 * bytes (below zero: refused as invalid); an honest canary post afterwards
 * proves the owner has handled everything before it.
 */
import { generateIdentity, openRoomMessage, randomBytes, ready, RoomKeyring, sealRoomMessage } from '@parley/crypto'
import { MAX_NICK_LENGTH, MAX_TEXT_BYTES, type Peer } from '@parley/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PrivateRoomBody } from '../../packages/node/src/pb/private-room.js'
import { Peers, post, privateTopic, reseal, storedRoom } from './attack-private-support.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

describe('hostile posts in a private room', () => {
  const cluster = new Cluster()
  const peers = new Peers()
  let owner: ParleyProcess
  let bob: ParleyProcess
  let mallory: Peer
  let room: string
  /** Every post Mallory's node accepted on the room's topic, as sealed bytes. */
  const heard: Uint8Array[] = []

  beforeAll(async () => {
    await ready()
    owner = await cluster.start(undefined, ['--nick', 'owner'])
    bob = await cluster.start(undefined, ['--nick', 'bob', '--bootstrap', owner.addr])
    mallory = await peers.peer('mallory')
    await mallory.dial(owner.addr)
    await mallory.dial(bob.addr)
    room = (await owner.ok({ cmd: 'private-create', name: 'plans' })).room as string
    await owner.ok({ cmd: 'invite', room, peer: bob.peerId })
    await bob.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'Bob\'s invite')
    await bob.ok({ cmd: 'accept', room })
    await owner.ok({ cmd: 'invite', room, peer: mallory.peerId })
    await until('Mallory\'s invite', () => mallory.privateRooms.invites().some((i) => i.room === room), 30_000)
    await mallory.privateRooms.accept(room)
    mallory.libp2p.services.pubsub.addEventListener('message', (evt) => { if (evt.detail.topic === privateTopic(room)) heard.push(evt.detail.data) })
    const subscribers = (): string[] => mallory.libp2p.services.pubsub.getSubscribers(privateTopic(room)).map(String)
    await until('everyone on the topic', () => subscribers().includes(owner.peerId) && subscribers().includes(bob.peerId), 30_000)
  }, 90_000)

  afterAll(async () => {
    await peers.close()
    await cluster.close()
  })

  const score = async (peer: string): Promise<number> => (await owner.ok({ cmd: 'peer-score', peer })).score

  /** Publishes `posts` in order from a fresh relay; resolves when the owner has refused one of them. */
  async function refused (...posts: Uint8Array[]): Promise<void> {
    const relay = await peers.relay(privateTopic(room), owner.addr)
    for (const sealed of posts) await relay.services.pubsub.publish(privateTopic(room), sealed)
    await until('the owner to refuse the crafted post', async () => (await score(relay.peerId.toString())) < 0, 20_000)
  }

  /** Bob posts, and the owner shows it. */
  async function honest (text: string): Promise<void> {
    await bob.ok({ cmd: 'private-send', room, text })
    await owner.waitFor((e) => e.event === 'private-message' && e.room === room && e.text === text, 30_000, `"${text}" at the owner`)
  }

  /** How many times the owner showed (events) and stored (history) a text. */
  async function atOwner (text: string): Promise<{ shown: number, stored: number }> {
    const history = (await owner.ok({ cmd: 'private-history', room, limit: 500 })).messages as Json[]
    return {
      shown: owner.events.filter((e) => e.event === 'private-message' && e.room === room && e.text === text).length,
      stored: history.filter((m) => m.text === text).length
    }
  }

  it('refuses a member\'s posts that break the public rooms\' limits: sentAt in the future, nick, text, a body that is not one', async () => {
    const keys = (await storedRoom(mallory, room)).keyring
    const me = mallory.identity
    const texts = ['from the future', 'long nick', 'no nick', 'x'.repeat(MAX_TEXT_BYTES + 1)]
    await refused(post(me, keys, { text: texts[0], sentAt: Date.now() + 3600_000 }))
    await refused(post(me, keys, { text: texts[1], nick: 'n'.repeat(MAX_NICK_LENGTH + 1) }))
    await refused(post(me, keys, { text: texts[2], nick: '' }))
    await refused(post(me, keys, { text: texts[3] }))
    // The old JSON body, and a protobuf body with no text.
    await refused(sealRoomMessage(me, keys, new TextEncoder().encode(JSON.stringify({ text: 'json', nick: 'm', sentAt: Date.now() }))))
    await refused(sealRoomMessage(me, keys, PrivateRoomBody.encode({ text: '', nick: 'm', sentAt: BigInt(Date.now()), nonce: new Uint8Array(8) })))
    await honest('canary one')
    for (const text of [...texts, 'json', '']) expect(await atOwner(text)).toEqual({ shown: 0, stored: 0 })
  }, 120_000)

  it('neither stores nor shows a removed member\'s re-seal of a member\'s post; refuses posts from removed members and non-members', async () => {
    await honest('bob says hi')
    const old = (await storedRoom(mallory, room)).keyring
    const textOf = (sealed: Uint8Array): string => PrivateRoomBody.decode(openRoomMessage(old, sealed).payload).text
    await until('Mallory to receive Bob\'s post', () => heard.some((s) => textOf(s) === 'bob says hi'), 30_000)
    const original = heard.find((s) => textOf(s) === 'bob says hi') as Uint8Array

    await owner.ok({ cmd: 'remove-member', room, peer: mallory.peerId })
    await until('Bob to get epoch 1', async () => ((await bob.ok({ cmd: 'private-rooms' })).rooms as Json[]).some((r) => r.room === room && r.epoch === 1), 30_000)
    // Mallory keeps the epoch-0 key: Bob's signed post under a fresh nonce is other bytes that open fine.
    const copy = reseal(old, original)
    expect(copy).not.toEqual(original)
    expect(openRoomMessage(old, copy).id).toEqual(openRoomMessage(old, original).id)
    // Posts by non-members are dropped without a penalty (an honest forwarder may not know of the
    // removal yet), so each relay ends with a forgery: its refusal shows everything before it arrived.
    const forgery = (): Uint8Array => post(mallory.identity, new RoomKeyring(randomBytes(32), 0, randomBytes(32)), { text: 'forged' })
    await refused(copy, post(mallory.identity, old, { text: 'removed but still talking' }), forgery())
    await refused(post(generateIdentity(), old, { text: 'never a member' }), forgery())
    await honest('canary two')
    expect(await atOwner('bob says hi')).toEqual({ shown: 1, stored: 1 })
    expect(await atOwner('removed but still talking')).toEqual({ shown: 0, stored: 0 })
    expect(await atOwner('never a member')).toEqual({ shown: 0, stored: 0 })
  }, 120_000)
})
