/**
 * Owned rooms across real `parley --json` processes on 127.0.0.1, with a raw adversary member
 * (test/adversary) that signs its own room events and keeps none of the rules.
 *
 * Topology: owner, mod and bob are connected; the relay is first connected to the adversary only,
 * so it receives the banned member's message before it has heard the ban.
 */
import { generateIdentity, ready } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Adversary } from '../adversary/adversary.js'
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { until } from '../support/poll.js'
import { roomTopic } from '../../packages/node/src/constants.js'
import { peerIdOfKey } from '../../packages/node/src/room-messages.js'
import { ModAction } from '../../packages/node/src/pb/moderation.js'
import { heard, historyIds, rawAction, rawText, textsFrom } from './support.js'

describe('owned rooms and their moderation log', () => {
  const cluster = new Cluster()
  let adv: Adversary | undefined
  let fresh: Adversary | undefined
  beforeAll(async () => { await ready() })
  afterAll(async () => {
    await adv?.stop()
    await fresh?.stop()
    await cluster.close()
  })
  let owner: ParleyProcess, mod: ParleyProcess, bob: ParleyProcess, relay: ParleyProcess
  let room = ''
  let advLastSent = 0
  let relayCanary = ''

  it('a moderator bans a member: its messages reach no one, even through a peer that heard the ban late; a late joiner sees neither them nor a removed message; an unbanned member posts again', async () => {
    owner = await cluster.start(undefined, ['--nick', 'owner'])
    // The relay starts connected to nobody; it meets the banned member first, the room later.
    ;[mod, bob, relay] = await Promise.all([
      cluster.start(undefined, ['--bootstrap', owner.addr, '--nick', 'mod']),
      cluster.start(undefined, ['--bootstrap', owner.addr, '--nick', 'bob']),
      cluster.start(undefined, ['--nick', 'relay'])
    ])
    room = (await owner.ok({ cmd: 'room-create', name: 'Rust' })).room
    expect(room).toMatch(/^rust~[0-9a-f]{64}$/)
    await Promise.all([mod.ok({ cmd: 'join', room }), bob.ok({ cmd: 'join', room })])
    expect((await bob.send({ cmd: 'mod', room, action: 'ban', who: mod.peerId })).error.name).toBe('NotModeratorError')

    const appoint = (await owner.ok({ cmd: 'mod', room, action: 'add-mod', who: mod.peerId })).action
    await heard(mod, appoint.id, 'the appointment at the moderator')
    expect((await mod.send({ cmd: 'mod', room, action: 'add-mod', who: bob.peerId })).error.name).toBe('NotOwnerError')

    // A message the moderator removes: hidden for everyone, now and for whoever joins later.
    let spam: Json | undefined
    await until('bob\'s message at the moderator', async () => {
      spam ??= (await bob.ok({ cmd: 'send', room, text: 'buy now' })).message
      return mod.events.some((e) => e.event === 'message' && e.id === spam?.id)
    }, 30_000)
    const removal = (await mod.ok({ cmd: 'mod', room, action: 'remove', target: spam?.id })).action
    await heard(owner, removal.id)
    await until('the removed message gone from the owner\'s history', async () => !(await historyIds(owner, room)).includes(spam?.id))

    adv = await Adversary.create()
    const ban = (await mod.ok({ cmd: 'mod', room, action: 'ban', who: adv.peerId })).action
    await heard(owner, ban.id)
    expect((await owner.ok({ cmd: 'room-info', room })).info.banned).toEqual([adv.peerId])

    // The relay knows only the banned member when its message arrives.
    await adv.dial(relay.addr)
    await relay.ok({ cmd: 'join', room })
    await adv.join(roomTopic(room), relay.peerId)
    let banned: string | undefined
    await until('the banned member\'s message at the relay (which has not heard the ban)', async () => {
      banned ??= await rawText(adv as Adversary, room, 'after the ban')
      return relay.events.some((e) => e.event === 'message' && e.id === banned)
    }, 30_000)
    advLastSent = Date.now()

    // The relay meets the room: it hears the ban and hides what it let through.
    await relay.ok({ cmd: 'dial', addr: owner.addr })
    await heard(relay, ban.id, 'the ban at the relay')
    await until('the banned message gone from the relay\'s history', async () => !(await historyIds(relay, room)).includes(banned as string))
    let canary: Json | undefined
    await until('the relay\'s canary at the owner and the moderator', async () => {
      canary ??= (await relay.ok({ cmd: 'send', room, text: 'canary' })).message
      return [owner, mod].every((p) => p.events.some((e) => e.event === 'message' && e.id === canary?.id))
    }, 30_000)
    relayCanary = canary?.id
    for (const p of [owner, mod, bob]) {
      expect(textsFrom(p, adv.peerId), `messages of the banned member at ${p.peerId}`).toEqual([])
      expect(await historyIds(p, room)).not.toContain(banned)
    }
    // The relay forwarded what was valid by what it knew: it is not penalised for it.
    expect((await owner.ok({ cmd: 'peer-score', peer: relay.peerId })).score).toBeGreaterThanOrEqual(0)

    // A late joiner gets the log before the history it governs.
    const late = await cluster.start(undefined, ['--bootstrap', owner.addr, '--nick', 'late'])
    await late.ok({ cmd: 'join', room })
    await late.waitFor((e) => e.event === 'gap-filled' && e.room === room, 30_000, 'the late joiner\'s first sync')
    await until('the relay\'s canary in the late joiner\'s history', async () => (await historyIds(late, room)).includes(canary?.id))
    const lateIds = await historyIds(late, room)
    expect(lateIds).not.toContain(spam?.id)
    expect(lateIds).not.toContain(banned)
    expect(late.events.filter((e) => e.event === 'message' && (e.id === spam?.id || e.id === banned))).toEqual([])
    await late.kill()

    // Unbanned, the member posts again (its message signed while banned stays hidden).
    const unban = (await mod.ok({ cmd: 'mod', room, action: 'unban', who: adv.peerId })).action
    await heard(relay, unban.id, 'the unban at the relay')
    let again: string | undefined
    await until('the unbanned member\'s message at the owner', async () => {
      again ??= await rawText(adv as Adversary, room, 'back again')
      return owner.events.some((e) => e.event === 'message' && e.id === again)
    }, 30_000)
    advLastSent = Date.now()
    expect(await historyIds(owner, room)).not.toContain(banned)
  })

  it('removing a moderator voids its later bans and keeps its earlier ones', async () => {
    const attacker = adv as Adversary
    const earlyTarget = peerIdOfKey(generateIdentity().publicKey)
    const appoint = (await owner.ok({ cmd: 'mod', room, action: 'add-mod', who: attacker.peerId })).action
    await heard(relay, appoint.id)
    const { keyOfPeerId } = await import('../../packages/node/src/communities/keys.js')
    const early = await rawAction(attacker, room, { action: ModAction.Action.BAN, subject: keyOfPeerId(earlyTarget) as Uint8Array<ArrayBuffer> })
    expect((await heard(owner, early)).counts).toBe(true)

    const removal = (await owner.ok({ cmd: 'mod', room, action: 'remove-mod', who: attacker.peerId })).action
    await heard(relay, removal.id)
    const late = await rawAction(attacker, room, { action: ModAction.Action.BAN, subject: keyOfPeerId(bob.peerId) as Uint8Array<ArrayBuffer> })
    let canary: string | undefined
    await until('the former moderator\'s canary at the owner', async () => {
      canary ??= await rawText(attacker, room, 'still a member')
      return owner.events.some((e) => e.event === 'message' && e.id === canary)
    }, 30_000)
    advLastSent = Date.now()
    const info = (await owner.ok({ cmd: 'room-info', room })).info
    expect(info.banned).toContain(earlyTarget)
    expect(info.banned).not.toContain(bob.peerId)
    expect((await owner.ok({ cmd: 'mod-log', room })).actions.map((a: Json) => a.id)).not.toContain(late)

    // Signed after the removal but dated into the term, chained to the very action the removal kept: void as well.
    const backdated = await rawAction(attacker, room, { action: ModAction.Action.BAN, subject: keyOfPeerId(bob.peerId) as Uint8Array<ArrayBuffer>, prev: early }, (removal.sentAt as number) - 1)
    let second: string | undefined
    await until('the former moderator\'s second canary at the owner', async () => {
      second ??= await rawText(attacker, room, 'backdated nothing')
      return owner.events.some((e) => e.event === 'message' && e.id === second)
    }, 30_000)
    advLastSent = Date.now()
    expect((await owner.ok({ cmd: 'room-info', room })).info.banned).not.toContain(bob.peerId)
    expect((await owner.ok({ cmd: 'mod-log', room })).actions.map((a: Json) => a.id)).not.toContain(backdated)
    expect(owner.events.filter((e) => e.event === 'moderation' && e.id === backdated)).toEqual([])

    // An honest moderator removed: its own peer refuses at once.
    const unmod = (await owner.ok({ cmd: 'mod', room, action: 'remove-mod', who: mod.peerId })).action
    await heard(mod, unmod.id)
    expect((await mod.send({ cmd: 'mod', room, action: 'ban', who: bob.peerId })).error.name).toBe('NotModeratorError')
    let posted: Json | undefined
    await until('bob\'s message at the owner', async () => {
      posted ??= (await bob.ok({ cmd: 'send', room, text: 'not banned' })).message
      return owner.events.some((e) => e.event === 'message' && e.id === posted?.id)
    }, 30_000)
  })

  it('slow mode holds against a member who ignores it, and refuses a local second message with SlowModeError', async () => {
    const attacker = adv as Adversary
    const slow = (await owner.ok({ cmd: 'mod', room, action: 'slow', seconds: 3 })).action
    await Promise.all([heard(relay, slow.id), heard(bob, slow.id)])
    // bob's last message may be recent: the first one after slow mode may already be refused.
    await until('bob past slow mode', async () => (await bob.send({ cmd: 'send', room, text: 'slowly' })).ok === true, 20_000, 1_000)
    const second = await bob.send({ cmd: 'send', room, text: 'too soon' })
    expect(second.error.name).toBe('SlowModeError')

    // The raw member's burst: the relay takes at most the first.
    await until('the raw member past slow mode', () => Date.now() > advLastSent + 3_500, 10_000)
    const t0 = Date.now()
    const burst = [await rawText(attacker, room, 'burst 1', t0), await rawText(attacker, room, 'burst 2', t0 + 1)]
    await until('slow mode past for the canary', () => Date.now() > t0 + 3_500, 10_000)
    let canary: string | undefined
    await until('the raw member\'s canary at the owner', async () => {
      canary ??= await rawText(attacker, room, 'canary after the burst')
      return owner.events.some((e) => e.event === 'message' && e.id === canary)
    }, 30_000)
    const got = owner.events.filter((e) => e.event === 'message' && burst.includes(e.id))
    expect(got.length).toBeLessThanOrEqual(1)
    expect(relay.events.filter((e) => e.event === 'message' && burst.includes(e.id)).length).toBeLessThanOrEqual(1)
  })

  it('rejects a moderation action that does not decode, and one in an open room, and penalises the member who sent it', async () => {
    // A fresh member, so no earlier penalty (or graylisting) hides this one.
    const attacker = await Adversary.create()
    fresh = attacker
    await attacker.dial(relay.addr)
    await attacker.join(roomTopic(room), relay.peerId)
    const { sealEvent, RoomEvent } = await import('../../packages/node/src/envelope.js')
    const before = (await relay.ok({ cmd: 'peer-score', peer: attacker.peerId })).score as number
    const garbage = sealEvent(attacker.identity, { room, kind: RoomEvent.Kind.MODERATION, moderation: new Uint8Array([0xff, 0xff, 0xff]) })
    await attacker.publish(roomTopic(room), garbage.bytes)
    await until('the relay to penalise the sender of a malformed action', async () => (await relay.ok({ cmd: 'peer-score', peer: attacker.peerId })).score < before)
    await relay.ok({ cmd: 'join', room: 'open-lobby' })
    await attacker.join(roomTopic('open-lobby'), relay.peerId)
    const inOpen = (await relay.ok({ cmd: 'peer-score', peer: attacker.peerId })).score as number
    await rawAction(attacker, 'open-lobby', { action: ModAction.Action.SLOW, seconds: 5 })
    await until('the relay to penalise an action in an open room', async () => (await relay.ok({ cmd: 'peer-score', peer: attacker.peerId })).score < inOpen)
    expect(relay.events.filter((e) => e.event === 'moderation' && (e.id === garbage.id || e.room === 'open-lobby'))).toEqual([])
  })

  it('a report reaches the room\'s moderators only, with the signed message as evidence', async () => {
    const appoint = (await owner.ok({ cmd: 'mod', room, action: 'add-mod', who: mod.peerId })).action
    await heard(bob, appoint.id, 'the new appointment at bob')
    await bob.ok({ cmd: 'dial', addr: mod.addr })
    expect((await bob.ok({ cmd: 'report', room, target: relayCanary, reason: 'spam' })).sent).toBe(2)
    for (const p of [owner, mod]) {
      const got = await p.waitFor((e) => e.event === 'report' && e.from === bob.peerId, 30_000, `the report at ${p.peerId}`)
      expect(got).toMatchObject({ room, reason: 'spam', who: relay.peerId, message: { id: relayCanary, text: 'canary' } })
    }
    expect((await owner.ok({ cmd: 'reports', room })).reports).toEqual([expect.objectContaining({ from: bob.peerId, reason: 'spam' })])
    // A report sent straight to a member who moderates nothing is dropped there.
    const { DmPayload } = await import('../../packages/node/src/pb/dm.js')
    const { Report } = await import('../../packages/node/src/pb/moderation.js')
    const forged = Report.encode({ room, envelope: new Uint8Array(), subject: (await import('../../packages/node/src/communities/keys.js')).keyOfPeerId(bob.peerId) as Uint8Array<ArrayBuffer>, reason: 'to a member' })
    await (adv as Adversary).dm(relay.peerId, [{ kind: DmPayload.Kind.REPORT, data: forged }])
    expect((await relay.ok({ cmd: 'reports', room })).reports).toEqual([])
    for (const p of [relay, bob]) expect(p.events.filter((e) => e.event === 'report')).toEqual([])
    // A moderator drops a report that does not decode, or names no message nor member, and says so.
    const empty = Report.encode({ room, envelope: new Uint8Array(), subject: new Uint8Array(), reason: 'nothing named' })
    await (adv as Adversary).dial(owner.addr)
    await (adv as Adversary).dm(owner.peerId, [{ kind: DmPayload.Kind.REPORT, data: Uint8Array.of(0xff, 0xff, 0xff) }, { kind: DmPayload.Kind.REPORT, data: empty }])
    await until('the owner to refuse both', () => owner.stderr.split('parley: InvalidReportError:').length - 1 === 2, 30_000)
    expect((await owner.ok({ cmd: 'reports', room })).reports).toHaveLength(1)
    expect((await bob.send({ cmd: 'report', room: 'open-lobby', target: relayCanary, reason: 'x' })).error.name).toBe('NotOwnedRoomError')
  })
})
