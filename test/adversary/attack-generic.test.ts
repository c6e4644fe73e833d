/**
 * Every generic attack against every Parley protocol, performed by a real
 * hostile libp2p peer on a real `parley --json` peer: garbage, lying length
 * prefixes, truncated frames, one protocol's message on another, empty
 * frames, slowloris streams, many parallel streams, and junk on a room topic.
 * During and after each, the victim answers `whoami` within a second, shows
 * and stores nothing from the attacker, and still delivers an honest room
 * message and DM sent after the attack.
 */
import { ready, verifyPrekeyBundle } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_ENVELOPE_BYTES, roomTopic } from '../../packages/node/src/constants.js'
import { MAX_DM_FRAME_BYTES } from '../../packages/node/src/dm/constants.js'
import { DmFrame, MailboxReply, MailboxRequest } from '../../packages/node/src/pb/dm.js'
import { SyncReply, SyncRequest } from '../../packages/node/src/pb/sync.js'
import { MAX_SYNC_MESSAGE_BYTES } from '../../packages/node/src/sync/room-sync.js'
import { until } from '../support/poll.js'
import { Adversary, frames, random, STREAM_PROTOCOLS, type StreamProtocol } from './adversary.js'
import { Lab, ROOM } from './victim.js'

/** The largest frame each protocol's reader accepts (the server of /prekey reads nothing). */
const FRAME_LIMIT: Record<StreamProtocol, number> = {
  dm: MAX_DM_FRAME_BYTES,
  prekey: MAX_DM_FRAME_BYTES,
  sync: MAX_SYNC_MESSAGE_BYTES,
  mailbox: MAX_DM_FRAME_BYTES + 1024
}

/** A well-formed message of some other protocol than `protocol`. */
function foreign (protocol: StreamProtocol): Uint8Array {
  switch (protocol) {
    case 'dm': return SyncRequest.encode({ room: ROOM, since: 0n, count: 5, cells: 99, fetch: [random(8)], push: [random(100)] })
    case 'sync': return DmFrame.encode({ ciphertext: random(200) })
    case 'mailbox': return SyncReply.encode({ count: 7, table: random(64), envelopes: [random(50)] })
    case 'prekey': return MailboxRequest.encode({ op: MailboxRequest.Op.FETCH, recipient: '', frame: new Uint8Array(), ids: ['x'] })
  }
}

/** Each generic attack: the bytes written on one stream (our writing end is then closed). */
const ATTACKS: Record<string, (protocol: StreamProtocol) => Uint8Array> = {
  'unframed garbage': () => frames.garbage(300),
  'a varint length that never ends': () => frames.endlessVarint(),
  'a length prefix of 2 GiB': () => frames.claims(0x7fffffff, 100),
  'a frame one byte over the limit': (p) => frames.claims(FRAME_LIMIT[p] + 1, FRAME_LIMIT[p] + 1),
  'a truncated frame': () => frames.claims(1000, 500),
  'an empty frame': () => frames.framed(new Uint8Array()),
  'another protocol\'s message': (p) => frames.framed(foreign(p)),
  'a field of the wrong wire type': () => frames.framed(Uint8Array.of(0x0a, 0x96, 0x01, 0x08, 0x05)),
  'a deprecated group wire type': () => frames.framed(Uint8Array.of(0x0b, 0x08, 0x01, 0x0c)),
  'framed garbage, repeated': () => {
    const one = frames.framed(random(120))
    return Uint8Array.from({ length: one.length * 20 }, (_, i) => one[i % one.length])
  }
}

describe('generic attacks on every protocol', () => {
  const lab = new Lab()
  let adversary: Adversary

  beforeAll(async () => {
    await ready()
    await lab.start()
    adversary = await Adversary.create()
    await adversary.dial(lab.victim.addr)
  }, 120_000)

  afterAll(async () => {
    await adversary?.stop()
    await lab.close()
  })

  it('the adversary speaks every protocol when it wants to (so its attacks reach the handlers)', async () => {
    const stranger = await Adversary.create()
    try {
      await stranger.dial(lab.victim.addr)
      const bundle = await stranger.prekeyBundle(lab.victim.peerId)
      expect(() => { verifyPrekeyBundle(bundle) }).not.toThrow()
      const [reply] = await stranger.exchange(lab.victim.peerId, 'sync', [{ room: ROOM, since: 0n, count: 0, cells: 48, fetch: [], push: [] }], { request: SyncRequest, reply: SyncReply })
      expect(reply.count).toBeGreaterThan(0)
      const [status] = await stranger.exchange(lab.victim.peerId, 'mailbox', [{ op: MailboxRequest.Op.STATUS, recipient: '', frame: new Uint8Array(), ids: [] }], { request: MailboxRequest, reply: MailboxReply })
      expect(status.ok).toBe(true)
      const [ack] = await stranger.dm(lab.victim.peerId, [{ text: 'hello from a stranger' }])
      expect(ack).toEqual({ ok: true, error: '', code: 'OK', count: 1 })
    } finally {
      await stranger.stop()
    }
  })

  it('makes a stranger\'s forged header cheap: a first frame that skips 900 message keys is refused (contacts may skip 1,000)', async () => {
    const stranger = await Adversary.create()
    try {
      await stranger.dial(lab.victim.addr)
      const [far] = await lab.during(async () => stranger.dm(lab.victim.peerId, [{ text: 'from far ahead' }], { skipAhead: 900 }))
      expect(far.code).toBe('REFUSED')
      // Canary on the same connection: a stranger's first message in order is still held as a request.
      const [near] = await stranger.dm(lab.victim.peerId, [{ text: 'in order' }])
      expect(near.code).toBe('OK')
      await lab.assertAlive(adversary.peerId)
    } finally {
      await stranger.stop()
    }
  })

  it('dates a DM from the future no later than the clock-skew limit (held, not refused: a fast clock loses nothing)', async () => {
    const stranger = await Adversary.create()
    try {
      await stranger.dial(lab.victim.addr)
      const [ack] = await stranger.dm(lab.victim.peerId, [{ text: 'from the year 292 million', sentAt: (1n << 63n) - 1n }])
      expect(ack.code).toBe('OK')
      const history = (await lab.victim.ok({ cmd: 'dm-history', peer: stranger.peerId })).messages as Array<{ text: string, sentAt: number }>
      expect(history.map((m) => m.text)).toEqual(['from the year 292 million'])
      expect(history[0].sentAt).toBeLessThanOrEqual(Date.now() + 5 * 60_000)
    } finally {
      await stranger.stop()
    }
  })

  for (const protocol of Object.keys(STREAM_PROTOCOLS) as StreamProtocol[]) {
    describe(`${protocol} (${STREAM_PROTOCOLS[protocol]})`, () => {
      for (const [name, bytes] of Object.entries(ATTACKS)) {
        it(`survives ${name}`, async () => {
          const outcome = await lab.during(async () => adversary.send(lab.victim.peerId, protocol, bytes(protocol)))
          expect(outcome.state).not.toBe('refused')
          await lab.assertAlive(adversary.peerId)
        })
      }

      it('survives 64 parallel streams of garbage', async () => {
        await lab.during(async () => adversary.parallel(lab.victim.peerId, protocol, 64, frames.claims(5000, 200)))
        await lab.assertAlive(adversary.peerId)
      })

      it('survives slowloris streams that dribble a byte at a time and never finish', async () => {
        await lab.during(async () => {
          const opened = await adversary.slowloris(lab.victim.peerId, protocol, 16, { claimed: 4096, intervalMs: 250 })
          expect(opened).toBeGreaterThan(0)
          // The honest peer still gets through while the streams hang.
          await lab.canary()
          await new Promise((resolve) => setTimeout(resolve, 2_000))
        })
        adversary.stopSlow()
        await lab.assertAlive(adversary.peerId)
      })
    })
  }

  describe('a room topic', () => {
    it('survives garbage, empty and oversized gossip and a burst of junk', async () => {
      const topic = roomTopic(ROOM)
      await adversary.join(topic, lab.victim.peerId)
      await lab.during(async () => {
        await adversary.publish(topic, new Uint8Array())
        await adversary.publish(topic, random(MAX_ENVELOPE_BYTES + 1))
        await adversary.publish(topic, random(900 * 1024))
        for (let i = 0; i < 500; i++) await adversary.publish(topic, random(200 + (i % 300)))
      })
      await lab.assertAlive(adversary.peerId)
      // Junk lowers the sender's score; the honest neighbour keeps its own.
      const score = async (peer: string): Promise<number> => (await lab.victim.ok({ cmd: 'peer-score', peer })).score
      await until('the junk sender\'s score to turn negative', async () => (await score(adversary.peerId)) < 0, 20_000)
      expect(await score(lab.honest.peerId)).toBeGreaterThanOrEqual(0)
    })
  })
})
