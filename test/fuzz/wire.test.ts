/**
 * Fuzzing the stream handlers through the wire: mailbox requests, sync
 * requests and DM frames (well-formed messages with hostile field values,
 * damaged real frames, raw bytes) sent by the test adversary to a real peer
 * in this process. The peer's event loop may not stall for more than 100 ms
 * on any input, whatever it writes back is a well-formed reply of the
 * protocol, and it stays alive and clean (a canary afterwards).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { generateIdentity, ready } from '@parley/crypto'
import { createNodePeer } from '@parley/node/node'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DmAck, DmFrame, MailboxReply, MailboxRequest } from '../../packages/node/src/pb/dm.js'
import { SyncReply, SyncRequest } from '../../packages/node/src/pb/sync.js'
import { Adversary, frames, lpDecode, type StreamProtocol } from '../adversary/adversary.js'
import { until } from '../support/poll.js'
import { mutated } from './targets.js'
import { DmPayload, type Peer } from '@parley/node'

const RUNS = Number(process.env.PARLEY_FUZZ_WIRE_RUNS ?? 40)
const STALL_MS = 100
/** Sync answers 30 streams a minute per peer: a fresh adversary every so many inputs. */
const INPUTS_PER_ADVERSARY = 20

describe('fuzzing the stream handlers on the wire', () => {
  let victim: Peer
  let honest: Peer
  let dir: string
  const adversaries: Adversary[] = []
  const loop = monitorEventLoopDelay({ resolution: 5 })

  async function adversary (i: number): Promise<Adversary> {
    const k = Math.floor(i / INPUTS_PER_ADVERSARY)
    if (adversaries[k] === undefined) {
      adversaries[k] = await Adversary.create()
      await adversaries[k].dial(victim.addrs().find((a) => a.includes('127.0.0.1') && !a.includes('/ws')) ?? '')
    }
    return adversaries[k]
  }

  beforeAll(async () => {
    await ready()
    dir = await mkdtemp(join(tmpdir(), 'parley-fuzz-wire-'))
    const start = async (name: string): Promise<Peer> => {
      const { peer } = await createNodePeer({ dataDir: join(dir, name), nick: name, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true, mailbox: true })
      await peer.start()
      return peer
    }
    victim = await start('victim')
    honest = await start('honest')
    await honest.dial(victim.addrs().find((a) => a.includes('127.0.0.1') && !a.includes('/ws')) ?? '')
    await victim.contacts.add(honest.peerId, 'honest')
    await honest.contacts.add(victim.peerId, 'victim')
    await Promise.all([victim.join('lobby'), honest.join('lobby')])
    loop.enable()
  }, 60_000)

  afterAll(async () => {
    loop.disable()
    await Promise.allSettled(adversaries.map(async (a) => a.stop()))
    await Promise.allSettled([victim?.stop(), honest?.stop()])
    await rm(dir, { recursive: true, force: true })
  })

  /** Sends one input; fails when the loop stalled past STALL_MS twice, or the reply is not the protocol's. */
  async function probe (i: number, protocol: StreamProtocol, bytes: Uint8Array, replyType: { decode: (b: Uint8Array) => unknown }): Promise<void> {
    const a = await adversary(i)
    for (let attempt = 0; ; attempt++) {
      loop.reset()
      const outcome = await a.send(victim.peerId, protocol, bytes, { waitMs: 300 })
      const stalled = loop.max / 1e6
      for (const reply of lpDecode(outcome.reply)) expect(() => replyType.decode(reply)).not.toThrow()
      if (stalled <= STALL_MS) return
      // A loaded machine pauses now and then; the same input stalling twice is the handler's doing.
      if (attempt === 1) throw new Error(`${protocol}: the event loop stalled ${stalled.toFixed(0)} ms on ${Buffer.from(bytes.subarray(0, 200)).toString('hex')}`)
    }
  }

  /** An honest room message and DM still arrive. */
  async function canary (text: string): Promise<void> {
    const sent = await honest.rooms.send('lobby', text)
    const dm = await honest.dms.send(victim.peerId, { kind: DmPayload.Kind.TEXT, text })
    await until('the room canary', async () => (await victim.rooms.history('lobby')).messages.some((m) => m.id === sent.id), 30_000)
    await until('the DM canary', async () => (await victim.dms.history(honest.peerId)).messages.some((m) => m.id === dm.id), 30_000)
  }

  let n = 0

  it('mailbox requests', async () => {
    const request = fc.record({
      op: fc.constantFrom(MailboxRequest.Op.DEPOSIT, MailboxRequest.Op.FETCH, MailboxRequest.Op.ACK, MailboxRequest.Op.STATUS),
      recipient: fc.oneof(fc.constant(() => honest.peerId), fc.string({ maxLength: 60 }).map((s) => () => s)),
      frame: fc.uint8Array({ maxLength: 3000 }),
      ids: fc.array(fc.string({ maxLength: 40 }), { maxLength: 20 })
    }).map((r) => MailboxRequest.encode({ ...r, recipient: r.recipient() }))
    const real = MailboxRequest.encode({ op: MailboxRequest.Op.STATUS, recipient: '', frame: new Uint8Array(), ids: [] })
    await fc.assert(fc.asyncProperty(fc.oneof(request.map(frames.framed), mutated([frames.framed(real)], 512)), async (bytes) => {
      await probe(n++, 'mailbox', bytes, MailboxReply)
    }), { numRuns: RUNS, endOnFailure: true })
    await canary('after mailbox fuzz')
  })

  it('sync requests', async () => {
    const request = fc.record({
      room: fc.oneof(fc.constant('lobby'), fc.constant('LOBBY'), fc.string({ maxLength: 70 })),
      since: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      count: fc.nat(),
      // Any table size: one no difference could need is refused (SyncBudgetError), and the
      // per-peer budget of table cells bounds what the largest tables cost.
      cells: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 }), fc.nat()),
      fetch: fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 30 }),
      push: fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 5 })
    }).map((r) => SyncRequest.encode(r))
    const real = SyncRequest.encode({ room: 'lobby', since: 0n, count: 1, cells: 48, fetch: [], push: [] })
    await fc.assert(fc.asyncProperty(fc.oneof(request.map(frames.framed), mutated([frames.framed(real)], 512)), async (bytes) => {
      await probe(n++, 'sync', bytes, SyncReply)
    }), { numRuns: RUNS, endOnFailure: true })
    await canary('after sync fuzz')
  })

  it('DM frames', async () => {
    const frame = fc.uint8Array({ maxLength: 2000 }).map((ciphertext) => DmFrame.encode({ ciphertext }))
    await fc.assert(fc.asyncProperty(fc.oneof(frame.map(frames.framed), mutated([frames.framed(DmFrame.encode({ ciphertext: generateIdentity().publicKey as Uint8Array<ArrayBuffer> }))], 512)), async (bytes) => {
      await probe(n++, 'dm', bytes, DmAck)
    }), { numRuns: RUNS, endOnFailure: true })
    await canary('after DM fuzz')
    expect((await victim.rooms.history('lobby')).messages.every((m) => m.from === honest.peerId)).toBe(true)
  })
})
