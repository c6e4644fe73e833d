/**
 * The DM window under attack, against real peers (libp2p on 127.0.0.1, LevelDB): a contact that
 * never acknowledges gets one window of frames and no more, and loses nothing; a contact that
 * floods frames without waiting for acknowledgements is served in batches of at most a window,
 * each stored before it is acknowledged, nothing stored twice.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lpStream, pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import * as crypto from '@parley/crypto'
import { DmPayload, type Peer } from '@parley/node'
import { createNodePeer } from '@parley/node/node'
import type { Libp2p } from 'libp2p'
import type { Stream } from '@libp2p/interface'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DmAck, DmFrame, PrekeyResponse } from '../../packages/node/src/pb/dm.js'
import { DM_PROTOCOL, DM_WINDOW_FRAMES, MAX_DM_FRAME_BYTES, PREKEY_PROTOCOL } from '../../packages/node/src/dm/constants.js'
import { until } from '../support/poll.js'
import { rawNode } from '../support/raw-node.js'

const dirs: string[] = []
const peers: Peer[] = []
const raws: Libp2p[] = []

async function peer (nick: string): Promise<Peer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-attack-window-'))
  dirs.push(dataDir)
  const { peer: p } = await createNodePeer({ dataDir, nick, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  await p.start()
  peers.push(p)
  return p
}

const addrOf = (p: Peer): string => p.addrs().find((x) => x.includes('127.0.0.1')) ?? ''

/** A text DM, each one sent a millisecond after the one before (history orders by send time). */
let clock = Date.now()
const text = (t: string): Uint8Array => DmPayload.encode({ id: crypto.toHex(crypto.randomBytes(32)), kind: DmPayload.Kind.TEXT, sentAt: BigInt(++clock), nick: 'raw', text: t, target: '', reaction: '', replyTo: '', data: new Uint8Array() })

/**
 * A raw node that is `victim`'s contact and holds a session with it: it fetched the victim's
 * bundle and its first DM (a prekey message) was acknowledged.
 */
async function contactWithSession (victim: Peer): Promise<{ node: Libp2p, session: crypto.Session }> {
  const identity = crypto.generateIdentity()
  const node = await rawNode({ identity })
  raws.push(node)
  await victim.contacts.add(node.peerId.toString())
  const target = multiaddr(addrOf(victim))
  const prekeys = pbStream(await node.dialProtocol(target, PREKEY_PROTOCOL))
  const session = crypto.initiateSession(identity, crypto.decodePrekeyBundle((await prekeys.read(PrekeyResponse, { signal: AbortSignal.timeout(10_000) })).bundle))
  const stream = await node.dialProtocol(target, DM_PROTOCOL)
  const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
  await pb.write({ ciphertext: session.encrypt(text('hello')) as Uint8Array<ArrayBuffer> }, DmFrame)
  expect((await pb.read(DmAck, { signal: AbortSignal.timeout(10_000) })).ok).toBe(true)
  await stream.close()
  return { node, session }
}

/** Reads a DM stream's frames into `ids` until it ends (a reset included), acknowledging each one read when `ack`. */
async function readFrames (stream: Stream, session: crypto.Session, ack: boolean, ids: string[]): Promise<void> {
  const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
  try {
    while (true) {
      const frame = await pb.read(DmFrame)
      ids.push(DmPayload.decode(session.decrypt(frame.ciphertext)).id)
      if (ack) await pb.write({ ok: true, error: '', code: DmAck.Code.OK, count: 1 }, DmAck)
    }
  } catch {
    // The stream ended or was reset.
  }
}

beforeAll(async () => { await crypto.ready() })
afterAll(async () => {
  await Promise.allSettled(raws.map(async (n) => n.stop()))
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

describe('a contact that never acknowledges', () => {
  it('gets one window of frames, then the stream is dropped; every DM stays in the outbox and goes once it acknowledges', async () => {
    const a = await peer('ann')
    const { node: mallory, session } = await contactWithSession(a)
    const m = mallory.peerId.toString()
    const silent: string[] = []
    let ended: Promise<void> | undefined
    const later: string[] = []
    await mallory.handle(DM_PROTOCOL, (stream) => {
      if (ended === undefined) ended = readFrames(stream, session, false, silent)
      else void readFrames(stream, session, true, later)
    })
    const count = 3 * DM_WINDOW_FRAMES
    const sent = await Promise.all(Array.from({ length: count }, async (_, i) => (await a.dms.send(m, { kind: DmPayload.Kind.TEXT, text: `m${i}` })).id))
    // The victim gives up on the silent stream after DM_TIMEOUT_MS and resets it: its end is the canary.
    await until('the first DM stream', () => ended !== undefined, 30_000)
    await ended
    expect(silent).toEqual(sent.slice(0, DM_WINDOW_FRAMES))
    expect(await a.dms.pending(m)).toBe(count)
    // Mallory acknowledges from now on: the next attempt delivers everything, once each, in order.
    void a.dms.flush(m)
    await until('the outbox to drain', async () => (await a.dms.pending(m)) === 0, 60_000)
    expect(later).toEqual(sent)
  }, 120_000)
})

describe('a contact that floods frames without waiting for acknowledgements', () => {
  it('is acknowledged in batches of at most a window, each stored before its ack, every DM once', async () => {
    const b = await peer('ben')
    const { node: mallory, session } = await contactWithSession(b)
    const m = mallory.peerId.toString()
    const count = 3 * DM_WINDOW_FRAMES
    const payloads = Array.from({ length: count }, (_, i) => text(`flood ${i}`))
    const ids = payloads.map((p) => DmPayload.decode(p).id)
    const stream = await mallory.dialProtocol(multiaddr(addrOf(b)), DM_PROTOCOL)
    const lp = lpStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    // Everything in one write, far past the window; the acks are read only afterwards.
    await lp.writeV(payloads.map((p) => DmFrame.encode({ ciphertext: session.encrypt(p) as Uint8Array<ArrayBuffer> })))
    let acked = 0
    while (acked < count) {
      const ack = DmAck.decode((await lp.read({ signal: AbortSignal.timeout(30_000) })).subarray())
      expect(ack.ok).toBe(true)
      const covered = Math.max(ack.count, 1)
      expect(covered).toBeLessThanOrEqual(DM_WINDOW_FRAMES)
      acked += covered
      // Stored before acknowledged: the history already holds every DM acknowledged so far.
      const stored = new Set((await b.dms.history(m, { limit: count + 1 })).messages.map((x) => x.id))
      expect(ids.slice(0, acked).every((id) => stored.has(id))).toBe(true)
    }
    expect(acked).toBe(count)
    await stream.close()
    const history = (await b.dms.history(m, { limit: count + 1 })).messages.map((x) => x.id)
    expect(history.slice(1)).toEqual(ids)
  }, 120_000)
})

describe('a contact that sends a length prefix that never ends', () => {
  it('has the stream reset after a few bytes of it, and its next stream is served', async () => {
    const c = await peer('cat')
    const { node: mallory, session } = await contactWithSession(c)
    const stream = await mallory.dialProtocol(multiaddr(addrOf(c)), DM_PROTOCOL)
    const closed = new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }, { once: true }) })
    // Every byte has the varint's continuation bit set: a length that goes on for 64 KiB.
    stream.send(new Uint8Array(64 * 1024).fill(0x80))
    // The victim refuses the prefix (LengthPrefixTooLongError) and resets the stream: before, it read
    // on byte by byte, keeping each one, until the stream idled out (DM_IDLE_MS).
    await closed
    // Reset, not closed: the victim refused the stream rather than ending it in good order.
    expect(stream.status).toBe('reset')
    // The canary: a well-framed DM on a new stream is stored and acknowledged.
    const next = pbStream(await mallory.dialProtocol(multiaddr(addrOf(c)), DM_PROTOCOL), { maxDataLength: MAX_DM_FRAME_BYTES })
    const canary = text('canary')
    await next.write({ ciphertext: session.encrypt(canary) as Uint8Array<ArrayBuffer> }, DmFrame)
    expect((await next.read(DmAck, { signal: AbortSignal.timeout(10_000) })).ok).toBe(true)
    const stored = (await c.dms.history(mallory.peerId.toString(), { limit: 10 })).messages.map((x) => x.id)
    expect(stored).toContain(DmPayload.decode(canary).id)
  }, 60_000)
})
