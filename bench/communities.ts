/**
 * communities: what an owned room's rules cost at gossipsub validation. Parley side: the full
 * live check of a room text in an owned room whose moderation log holds 1,000 actions (bans
 * of 1,000 keys) — envelope verification, then the log's verdict (ban, mute, removal, slow
 * mode and rate limit lookups); baseline: the same check in an open room (envelope
 * verification, nothing to enforce). Each message comes from its own author, as in a busy
 * room, so no rate limit cuts a check short. In this process; the log is loaded from a real
 * LevelDB. Also: how long a newcomer takes to hold a 1,000-room directory after it connects
 * (two peers in this process over TCP on 127.0.0.1; no baseline: the target is absolute).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { createNodePeer, openNodeProfileStore } from '@parley/node/node'
import { Announcement } from '../packages/node/dist/pb/directory.js'
import { Envelope } from '../packages/node/dist/pb/room.js'
import { openEvent, RoomEvent, sealEvent, type VerifiedEvent } from '../packages/node/dist/envelope.js'
import { Moderation } from '../packages/node/dist/communities/moderation.js'
import { modAction } from '../packages/node/dist/communities/mod-action.js'
import { ownedRoomId } from '../packages/node/dist/communities/owned-room.js'
import { roomLogConversation } from '../packages/node/dist/communities/policy.js'
import { ModAction } from '../packages/node/dist/pb/moderation.js'
import { alternate, median, p99 } from './lib/stats.ts'
import type { Result } from './lib/report.ts'

const LOG_ENTRIES = 1000
const OPEN = 'open-room'

const DIRECTORY_ROOMS = 1000

/** Milliseconds from dialling a peer that holds a full directory to holding all of it, per trial. */
async function directoryToNewcomer (trials: number): Promise<number[]> {
  const dirs: string[] = []
  const mk = async (): Promise<Awaited<ReturnType<typeof createNodePeer>>['peer']> => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-bench-directory-'))
    dirs.push(dir)
    const { peer } = await createNodePeer({ dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
    await peer.start()
    return peer
  }
  const holder = await mk()
  const times: number[] = []
  try {
    for (let i = 0; i < DIRECTORY_ROOMS; i++) {
      const owner = generateIdentity()
      const payload = Announcement.encode({ room: ownedRoomId(`room${i}`, owner.publicKey), sentAt: BigInt(Date.now()), topic: `topic ${i}`, description: 'a room about something', language: 'en', members: i, lastActivity: BigInt(Date.now()), nextEvent: 0n })
      holder.directory.take(Envelope.encode({ payload, signature: sign(owner, SIGNATURE_LABELS.directoryAnnouncement, payload) as Uint8Array<ArrayBuffer>, author: owner.publicKey as Uint8Array<ArrayBuffer> }))
    }
    if (holder.directory.list().length !== DIRECTORY_ROOMS) throw new Error('the holder did not keep every room')
    for (let t = 0; t < trials; t++) {
      const newcomer = await mk()
      const start = performance.now()
      await newcomer.dial(holder.addrs()[0])
      while (newcomer.directory.list().length < DIRECTORY_ROOMS) {
        if (performance.now() - start > 30_000) throw new Error('the newcomer did not get the directory within 30 s')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      times.push(performance.now() - start)
      await newcomer.stop()
    }
    return times
  } finally {
    await holder.stop()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  }
}

/** Runs the communities benchmark. */
export async function communitiesBench (quick: boolean): Promise<Result[]> {
  await ready()
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-communities-'))
  const store = await openNodeProfileStore(dir)
  try {
    const owner = generateIdentity()
    const room = ownedRoomId('bench', owner.publicKey)
    const base = Date.now() - LOG_ENTRIES
    const log = Array.from({ length: LOG_ENTRIES }, (_, i) => sealEvent(owner, {
      room,
      kind: RoomEvent.Kind.MODERATION,
      moderation: ModAction.encode(modAction({ action: ModAction.Action.BAN, subject: generateIdentity().publicKey as Uint8Array<ArrayBuffer> }))
    }, base + i))
    await store.history.append(log.map((v) => ({ conversation: roomLogConversation(room), id: v.id, timestamp: Number(v.event.sentAt), value: v.bytes })))
    const moderation = new Moderation({ store, self: generateIdentity().publicKey, onAction: () => {}, onError: (e) => { throw e } })
    await moderation.open(room)
    const trials = quick ? 6 : 20
    const iterations = quick ? 200 : 500
    const authors: Identity[] = Array.from({ length: trials * iterations }, () => generateIdentity())
    const now = Date.now()
    const owned = authors.map((a, i) => sealEvent(a, { room, kind: RoomEvent.Kind.TEXT, text: `message ${i}`, nick: 'n' }, now))
    const open = authors.map((a, i) => sealEvent(a, { room: OPEN, kind: RoomEvent.Kind.TEXT, text: `message ${i}`, nick: 'n' }, now))
    let o = 0
    let b = 0
    let refused = 0
    const check = (v: VerifiedEvent, name: string): void => {
      const opened = openEvent(v.bytes, name)
      if (moderation.validate(name, opened, 'source') !== 'accept') refused++
    }
    const { a: withLog, b: without } = alternate(trials, iterations, () => { check(owned[o++], room) }, () => { check(open[b++], OPEN) })
    if (refused > 0) throw new Error(`${refused} honest messages were refused`)
    const ratio = median(withLog) / median(without)
    const directory = await directoryToNewcomer(quick ? 2 : 5)
    return [{
      bench: 'communities',
      name: `validate a room text, owned room with a ${LOG_ENTRIES}-action log`,
      unit: 'µs',
      parley: { median: median(withLog), p99: p99(withLog) },
      baseline: { name: 'the same in an open room', median: median(without), p99: p99(without) },
      ratio,
      target: '≤ 1.2× baseline',
      met: ratio <= 1.2,
      ...(ratio <= 1.2 ? {} : { limit: 'the log\'s lookups per message' })
    }, {
      bench: 'communities',
      name: `a newcomer holds a ${DIRECTORY_ROOMS}-room directory, from dial`,
      unit: 'ms',
      parley: { median: median(directory), p99: p99(directory) },
      target: '≤ 2,000 ms',
      met: median(directory) <= 2000,
      ...(median(directory) <= 2000 ? {} : { limit: 'verifying 1,000 signatures on arrival' })
    }]
  } finally {
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
}
