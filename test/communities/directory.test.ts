/** The room directory across real `parley --json` processes on 127.0.0.1. */
import { ready, sign, SIGNATURE_LABELS } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Adversary } from '../adversary/adversary.js'
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { until } from '../support/poll.js'
import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import { Announcement, DirectoryReply } from '../../packages/node/src/pb/directory.js'
import { Envelope } from '../../packages/node/src/pb/room.js'
import { ANNOUNCE_PERIOD_MS, DIRECTORY_PROTOCOL, DIRECTORY_TOPIC } from '../../packages/node/src/communities/directory.js'

describe('the room directory and scheduled events', () => {
  const cluster = new Cluster()
  let adv: Adversary | undefined
  let owner: ParleyProcess, fresh: ParleyProcess
  let room = ''
  beforeAll(async () => { await ready() })
  afterAll(async () => {
    await adv?.stop()
    await cluster.close()
  })

  it('shows a newly listed room at a fresh peer, finds it by words, and refuses an announcement not signed by the room\'s owner', async () => {
    owner = await cluster.start(undefined, ['--nick', 'owner'])
    room = (await owner.ok({ cmd: 'room-create', name: 'rust' })).room as string
    await owner.ok({ cmd: 'mod', room, action: 'topic', topic: 'all things rust' })
    const listed = (await owner.ok({ cmd: 'room-list', room, description: 'borrow checker support group', language: 'en' })).entry
    expect(listed).toMatchObject({ room, topic: 'all things rust', language: 'en', owner: owner.peerId })

    fresh = await cluster.start(undefined, ['--bootstrap', owner.addr, '--nick', 'fresh'])
    const found = await until('the room in the fresh peer\'s directory', async () =>
      ((await fresh.ok({ cmd: 'directory', words: 'borrow' })).rooms as Json[]).find((r) => r.room === room))
    expect(found).toMatchObject({ label: room.slice(0, 'rust~'.length + 8), owner: owner.peerId, topic: 'all things rust', description: 'borrow checker support group' })
    expect((await fresh.ok({ cmd: 'directory', words: 'haskell' })).rooms).toEqual([])
    await fresh.ok({ cmd: 'join', room })

    // A stranger announces the owner's room as its own: refused, and it loses score.
    adv = await Adversary.create()
    await adv.dial(fresh.addr)
    await adv.join(DIRECTORY_TOPIC, fresh.peerId)
    const payload = Announcement.encode({ room, sentAt: BigInt(Date.now()), topic: 'hijacked', description: '', language: '', members: 0, lastActivity: 0n, nextEvent: 0n })
    const forged = Envelope.encode({ payload, signature: sign(adv.identity, SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: adv.identity.publicKey as Uint8Array<ArrayBuffer> })
    const before = (await fresh.ok({ cmd: 'peer-score', peer: adv.peerId })).score as number
    await adv.publish(DIRECTORY_TOPIC, forged)
    await until('the fresh peer to penalise the forged announcement', async () => (await fresh.ok({ cmd: 'peer-score', peer: adv?.peerId })).score < before)
    expect(((await fresh.ok({ cmd: 'directory' })).rooms as Json[]).map((r) => r.topic)).toEqual(['all things rust'])
  })

  it('drops a room its owner unlists at once, keeps a stale listing from bringing it back, and lets a later listing win', async () => {
    if (adv === undefined) throw new Error('the first case sets up the adversary')
    // The owner's own listing, as any peer can fetch it: what an attacker would replay.
    await adv.dial(owner.addr)
    const stream = await adv.node.dialProtocol(peerIdFromString(owner.peerId), DIRECTORY_PROTOCOL, { signal: AbortSignal.timeout(5_000) })
    const stale = (await pbStream(stream).read(DirectoryReply, { signal: AbortSignal.timeout(5_000) })).announcements
    expect(stale.length).toBe(1)
    await stream.close()

    await owner.ok({ cmd: 'room-unlist', room })
    await until('the unlisting at the fresh peer', async () => ((await fresh.ok({ cmd: 'directory' })).rooms as Json[]).length === 0)
    expect((await owner.send({ cmd: 'room-list', room })).error.name).toBe('ListingTooSoonError')

    // The adversary owns a room of its own, and signs its listings dated as it likes.
    const mine = `spam~${Buffer.from(adv.identity.publicKey).toString('hex')}`
    const signed = (at: number, fields: Partial<Announcement>): Uint8Array => {
      const payload = Announcement.encode({ room: mine, sentAt: BigInt(at), topic: '', description: '', language: '', members: 0, lastActivity: 0n, nextEvent: 0n, ...fields })
      return Envelope.encode({ payload, signature: sign(adv!.identity, SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: adv!.identity.publicKey as Uint8Array<ArrayBuffer> })
    }
    const now = Date.now()
    const first = signed(now - ANNOUNCE_PERIOD_MS - 120_000, { topic: 'first' })
    const topics = async (): Promise<string[]> => ((await fresh.ok({ cmd: 'directory' })).rooms as Json[]).map((r) => r.topic as string)
    // The owner's stale listing replayed, then (a canary) the adversary's first listing.
    for (const bytes of stale) await adv.publish(DIRECTORY_TOPIC, bytes)
    await adv.publish(DIRECTORY_TOPIC, first)
    await until('the canary listing', async () => (await topics()).includes('first'))
    expect(await topics()).toEqual(['first'])

    await adv.publish(DIRECTORY_TOPIC, signed(now - ANNOUNCE_PERIOD_MS - 60_000, { unlisted: true }))
    await until('the adversary\'s unlisting', async () => (await topics()).length === 0)
    await adv.publish(DIRECTORY_TOPIC, first)
    await adv.publish(DIRECTORY_TOPIC, signed(now, { topic: 'again' }))
    await until('the later listing', async () => (await topics()).length > 0)
    expect(await topics()).toEqual(['again'])
  })

  it('reminds a member who said yes when an event starts, and tells it when one it answered is cancelled', async () => {
    const now = Date.now()
    const later = (await owner.ok({ cmd: 'event-create', room, title: 'release party', start: now + 5_000, duration: 3600, description: 'cake' })).action
    const sooner = (await owner.ok({ cmd: 'event-create', room, title: 'dry run', start: now + 2_000, duration: 60 })).action
    expect((await fresh.send({ cmd: 'event-create', room, title: 'mine', start: now + 9_000 })).error.name).toBe('NotModeratorError')
    await until('both events at the member', async () => ((await fresh.ok({ cmd: 'events', room })).events as Json[]).length === 2)
    await fresh.ok({ cmd: 'rsvp', room, event: later.id, answer: 'yes' })
    await fresh.ok({ cmd: 'rsvp', room, event: sooner.id, answer: 'yes' })
    await owner.ok({ cmd: 'mod', room, action: 'cancel-event', target: sooner.id })
    const cancelled = await fresh.waitFor((e) => e.event === 'event-reminder' && e.id === sooner.id, 20_000, 'the cancellation notice')
    expect(cancelled).toMatchObject({ kind: 'cancelled', title: 'dry run' })
    const started = await fresh.waitFor((e) => e.event === 'event-reminder' && e.id === later.id && e.kind === 'start', 20_000, 'the start reminder')
    expect(started).toMatchObject({ room, title: 'release party', description: 'cake', rsvp: 'yes' })
    // The later event's reminder came after the cancelled one would have started: it never fired.
    expect(fresh.events.filter((e) => e.event === 'event-reminder' && e.id === sooner.id && e.kind === 'start')).toEqual([])
    expect(owner.events.filter((e) => e.event === 'event-reminder')).toEqual([])
  })

  it('keeps an owned room\'s log, its state and its events across a SIGKILL and restart', async () => {
    const before = (await owner.ok({ cmd: 'room-info', room })).info
    await owner.kill('SIGKILL')
    const again = await cluster.start(owner.dataDir, ['--nick', 'owner'])
    expect((await again.ok({ cmd: 'rooms' })).rooms).toContain(room)
    expect((await again.ok({ cmd: 'room-info', room })).info).toEqual(before)
    expect(((await again.ok({ cmd: 'events', room })).events as Json[]).map((e) => e.title)).toEqual(['release party'])
    expect((await again.send({ cmd: 'mod', room, action: 'ban', who: fresh.peerId })).ok).toBe(true)
  })
})
