/**
 * Hostile room keys by DM against a real `parley --json` peer: a re-key to
 * epoch 0xffffffff (which used to block the event loop for hours), a
 * squatter's invites for a real room's id, and invites and re-keys of a real
 * room from a member who is not its owner. Each attack is followed by a DM
 * canary from the attacker: DMs from one peer are processed in order, so once
 * the canary shows, the attack has been handled.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { createRoomSecret, fromHex, randomBytes, ready, RoomKeyring } from '@parley/crypto'
import { DmPayload, MAX_PENDING_INVITES_PER_INVITER, type Peer } from '@parley/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Peers, roomKeys, storedRoom } from './attack-private-support.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'

describe('hostile private-room keys sent by DM', () => {
  const cluster = new Cluster()
  const peers = new Peers()
  let owner: ParleyProcess
  let victim: ParleyProcess
  let mallory: Peer

  beforeAll(async () => {
    await ready()
    owner = await cluster.start(undefined, ['--nick', 'owner'])
    victim = await cluster.start(undefined, ['--nick', 'victim', '--bootstrap', owner.addr])
    mallory = await peers.peer('mallory')
    await mallory.dial(victim.addr)
    await mallory.dial(owner.addr)
    // Contacts, so the DMs are delivered whatever the policy for strangers' DMs.
    for (const peer of [mallory.peerId, owner.peerId]) await victim.ok({ cmd: 'contact-add', peer })
  }, 60_000)

  afterAll(async () => {
    await peers.close()
    await cluster.close()
  })

  /** How many times the victim reported an error of this name. */
  const reported = (name: string): number => victim.stderr.split(`parley: ${name}:`).length - 1

  /** A DM from Mallory after the attack; resolves when the victim shows it. */
  async function canary (text: string): Promise<void> {
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.TEXT, text })
    await victim.waitFor((e) => e.event === 'dm' && e.text === text, 30_000, `the canary "${text}"`)
  }

  async function victimsRoom (room: string): Promise<Json | undefined> {
    return ((await victim.ok({ cmd: 'private-rooms' })).rooms as Json[]).find((r) => r.room === room)
  }

  it('refuses a re-key to epoch 0xffffffff at once, keeps answering, and still takes the owner\'s next honest re-key', async () => {
    const room = await mallory.privateRooms.create('trap')
    await mallory.privateRooms.invite(room, victim.peerId)
    await victim.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'the invite')
    await victim.ok({ cmd: 'accept', room })
    const state = await storedRoom(mallory, room)
    const huge = RoomKeyring.deserialize(state.keyring.serialize())
    huge.addEpoch(0xffffffff, randomBytes(32))
    const before = reported('EpochStepError')
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.REKEY, data: roomKeys({ ...state, keyring: huge }) })
    await canary('after the huge re-key')
    // A loop over the epochs would hold the victim's event loop for hours: it would answer nothing.
    expect((await victim.send({ cmd: 'whoami' }, 10_000)).ok).toBe(true)
    await until('the victim to report EpochStepError', () => reported('EpochStepError') > before, 10_000)
    expect(await victimsRoom(room)).toMatchObject({ epoch: 0, owner: mallory.peerId })

    // The owner's honest re-key (one epoch on) is taken, and posts in the new epoch are read.
    await mallory.privateRooms.remove(room, owner.peerId)
    await until('the honest re-key to epoch 1', async () => (await victimsRoom(room))?.epoch === 1, 30_000)
    await mallory.privateRooms.send(room, 'epoch one works')
    await victim.waitFor((e) => e.event === 'private-message' && e.room === room && e.text === 'epoch one works', 30_000, 'a post in epoch 1')
  }, 120_000)

  it('refuses a squatter\'s invites for a real room\'s id; the real owner\'s invite still works', async () => {
    const room = (await owner.ok({ cmd: 'private-create', name: 'plans' })).room as string
    const roomId = fromHex(room)
    const ownerKey = peerIdFromString(owner.peerId).publicKey?.raw as Uint8Array
    const before = reported('RoomIdMismatchError')
    const squat = (claimedOwner: Uint8Array, members: string[]): Uint8Array<ArrayBuffer> =>
      roomKeys({ roomId, secret: createRoomSecret(), ownerKey: claimedOwner, members, keyring: new RoomKeyring(roomId, 0, randomBytes(32)) })
    // With its own key, as the owner of the id it saw in a subscription.
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.INVITE, data: squat(mallory.identity.publicKey, [mallory.peerId, victim.peerId]) })
    // Naming the real owner: without the room secret the id is still not theirs.
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.INVITE, data: squat(ownerKey, [owner.peerId, victim.peerId]) })
    await canary('after the squatter')
    await until('the victim to report both squats', () => reported('RoomIdMismatchError') === before + 2, 10_000)
    expect(victim.events.filter((e) => e.event === 'invite' && e.room === room)).toEqual([])

    await owner.ok({ cmd: 'invite', room, peer: victim.peerId })
    const invite = await victim.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'the owner\'s invite')
    expect(invite).toMatchObject({ from: owner.peerId, name: 'plans' })
    await victim.ok({ cmd: 'accept', room })
    expect(await victimsRoom(room)).toMatchObject({ owner: owner.peerId, name: 'plans', epoch: 0 })
    await owner.ok({ cmd: 'private-send', room, text: 'welcome' })
    await victim.waitFor((e) => e.event === 'private-message' && e.room === room && e.text === 'welcome', 30_000, 'the owner\'s post')
  }, 120_000)

  it('refuses invites and re-keys of a real room from a member who is not its owner', async () => {
    const room = (await owner.ok({ cmd: 'private-create', name: 'council' })).room as string
    await owner.ok({ cmd: 'invite', room, peer: victim.peerId })
    await victim.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'the owner\'s invite')
    await victim.ok({ cmd: 'accept', room })
    await owner.ok({ cmd: 'invite', room, peer: mallory.peerId })
    await until('Mallory\'s invite', () => mallory.privateRooms.invites().some((i) => i.room === room), 30_000)
    // Mallory now holds the real secret and keys, and the victim knows her as a member.
    await until('the victim to learn the new member', async () => (await victimsRoom(room))?.members.includes(mallory.peerId) === true, 30_000)
    const inside = await storedRoom(mallory, room)
    const notOwner = reported('NotRoomOwnerError')
    const mismatch = reported('RoomIdMismatchError')
    const rotated = RoomKeyring.deserialize(inside.keyring.serialize())
    rotated.rotate()
    // A re-key that drops the victim, and the real keys passed on as her own invite.
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.REKEY, data: roomKeys({ ...inside, members: [owner.peerId, mallory.peerId], keyring: rotated }) })
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.INVITE, data: roomKeys(inside) })
    // The real secret under her own key is another room's id.
    await mallory.dms.send(victim.peerId, { kind: DmPayload.Kind.REKEY, data: roomKeys({ ...inside, ownerKey: mallory.identity.publicKey, keyring: rotated }) })
    await canary('after the member\'s re-keys')
    await until('the victim to refuse all three', () => reported('NotRoomOwnerError') === notOwner + 2 && reported('RoomIdMismatchError') === mismatch + 1, 10_000)
    const kept = await victimsRoom(room) as Json
    expect(kept).toMatchObject({ owner: owner.peerId, epoch: 0 })
    expect(kept.members).toContain(victim.peerId)
    expect(victim.events.filter((e) => e.event === 'invite' && e.room === room && e.from !== owner.peerId)).toEqual([])
  }, 120_000)

  it('keeps at most MAX_PENDING_INVITES_PER_INVITER unaccepted invites from one contact; others still invite', async () => {
    const before = reported('TooManyInvitesError')
    const rooms: string[] = []
    for (let i = 0; i < MAX_PENDING_INVITES_PER_INVITER + 2; i++) {
      const room = await mallory.privateRooms.create(`spam ${i}`)
      rooms.push(room)
      await mallory.privateRooms.invite(room, victim.peerId)
    }
    await canary('after the invite spam')
    await until('the victim to refuse the two extra invites', () => reported('TooManyInvitesError') === before + 2, 10_000)
    const waiting = ((await victim.ok({ cmd: 'invites' })).invites as Json[]).filter((i) => i.owner === mallory.peerId)
    expect(waiting.map((i) => i.room).sort()).toEqual(rooms.slice(0, MAX_PENDING_INVITES_PER_INVITER).sort())
    const room = (await owner.ok({ cmd: 'private-create', name: 'still welcome' })).room as string
    await owner.ok({ cmd: 'invite', room, peer: victim.peerId })
    await victim.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'the owner\'s invite')
  }, 120_000)
})
