/**
 * Prekeys and message requests under attack, against real peers (libp2p on
 * 127.0.0.1, LevelDB): each one-time prekey is handed out once, a stranger is
 * rate-limited, prekeys are refilled, a rotated signed prekey keeps working in
 * its grace period, a mislabelled prekey message burns nothing, and a flood of
 * requesters is bounded.
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DmAck, DmFrame, PrekeyResponse } from '../../packages/node/src/pb/dm.js'
import { MAX_REQUESTERS, PREKEY_REQUESTS_PER_MINUTE, SIGNED_PREKEY_GRACE_MS, STRANGERS_FRAMES_PER_SECOND } from '../../packages/node/src/dm/constants.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'

const dirs: string[] = []
const peers: Peer[] = []
const raws: Libp2p[] = []

async function peer (nick: string): Promise<Peer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-attack-dm-'))
  dirs.push(dataDir)
  const { peer: p } = await createNodePeer({ dataDir, nick, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  await p.start()
  peers.push(p)
  return p
}

const addrOf = (p: Peer): string => p.addrs().find((x) => x.includes('127.0.0.1')) ?? ''

/** A bare libp2p node with a Parley identity: speaks the DM protocols by hand. */
async function raw (identity = crypto.generateIdentity()): Promise<{ node: RawNode, identity: crypto.Identity }> {
  const node = await rawNode({ identity })
  raws.push(node)
  return { node, identity }
}

/** One bundle from the victim, or the error name when the stream was refused. */
async function fetchBundle (node: Libp2p, victim: Peer): Promise<crypto.PrekeyBundle | string> {
  try {
    const stream = await node.dialProtocol(multiaddr(addrOf(victim)), '/parley/prekey/1.0.0')
    const response = await pbStream(stream).read(PrekeyResponse, { signal: AbortSignal.timeout(10_000) })
    await stream.close()
    return crypto.decodePrekeyBundle(response.bundle)
  } catch (err) {
    return (err as Error).name
  }
}

/** Sends one DM frame; 'ok', 'refused' or 'restart' (the ack's generic code). */
async function sendFrame (node: Libp2p, victim: Peer, ciphertext: Uint8Array): Promise<string> {
  const stream = await node.dialProtocol(multiaddr(addrOf(victim)), '/parley/dm/1.0.0')
  const lp = lpStream(stream)
  await lp.write(DmFrame.encode({ ciphertext: ciphertext as Uint8Array<ArrayBuffer> }))
  const ack = DmAck.decode((await lp.read({ signal: AbortSignal.timeout(10_000) })).subarray())
  await stream.close().catch(() => {})
  expect(ack.error).toBe('')
  return ack.ok ? 'ok' : ack.code === DmAck.Code.RESTART_SESSION ? 'restart' : 'refused'
}

const text = (t: string): Uint8Array => DmPayload.encode({ id: crypto.toHex(crypto.randomBytes(32)), kind: DmPayload.Kind.TEXT, sentAt: BigInt(Date.now()), nick: 'raw', text: t, target: '', reaction: '', replyTo: '', data: new Uint8Array() })

beforeAll(async () => { await crypto.ready() })
afterAll(async () => {
  await Promise.allSettled(raws.map(async (n) => n.stop()))
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

describe('one-time prekeys', () => {
  it('go to one requester each: two contacts starting a session at the same moment both deliver', async () => {
    const [a, c, b] = [await peer('ann'), await peer('cy'), await peer('ben')]
    for (const x of [a, c]) {
      await b.contacts.add(x.peerId)
      await x.dial(addrOf(b))
    }
    const [fromA, fromC] = await Promise.all([
      a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'from ann' }),
      c.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'from cy' })
    ])
    await until('both outboxes to empty', async () => (await a.dms.pending()) === 0 && (await c.dms.pending()) === 0, 30_000)
    expect((await b.dms.history(a.peerId)).messages.map((m) => m.id)).toEqual([fromA.id])
    expect((await b.dms.history(c.peerId)).messages.map((m) => m.id)).toEqual([fromC.id])
  })

  it('are handed out once each to a stranger asking for many, which is then rate-limited; a contact still gets one', async () => {
    const b = await peer('ben')
    const { node } = await raw()
    const bundles: Array<crypto.PrekeyBundle | string> = []
    // However the minute boundaries fall, these span at most two windows: some must be refused.
    for (let i = 0; i < 2 * PREKEY_REQUESTS_PER_MINUTE + 1; i++) bundles.push(await fetchBundle(node, b))
    const got = bundles.filter((x): x is crypto.PrekeyBundle => typeof x !== 'string')
    expect(got.length).toBeLessThanOrEqual(2 * PREKEY_REQUESTS_PER_MINUTE)
    expect(got.length).toBeGreaterThanOrEqual(PREKEY_REQUESTS_PER_MINUTE)
    const ids = got.map((x) => x.oneTimePrekeys[0]?.id)
    expect(ids.every((id) => id !== undefined)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    const a = await peer('ann')
    await b.contacts.add(a.peerId)
    await a.dial(addrOf(b))
    const sent = await a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'still works' })
    await until('the contact\'s DM', async () => (await b.dms.history(a.peerId)).messages.some((m) => m.id === sent.id), 30_000)
  })

  it('are refilled: more bundles than the first batch all carry distinct one-time prekeys', async () => {
    const b = await peer('ben')
    const ids: number[] = []
    for (let n = 0; n < 7; n++) {
      const { node } = await raw()
      for (let i = 0; i < PREKEY_REQUESTS_PER_MINUTE; i++) {
        const bundle = await fetchBundle(node, b)
        if (typeof bundle === 'string') throw new Error(`bundle refused: ${bundle}`)
        expect(bundle.oneTimePrekeys).toHaveLength(1)
        ids.push(bundle.oneTimePrekeys[0].id)
      }
      await node.stop()
    }
    expect(ids.length).toBeGreaterThan(100)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('are not burned by a prekey message from another identity than the stream\'s peer', async () => {
    const b = await peer('ben')
    const mallory = await raw()
    const eve = await raw()
    const bundle = await fetchBundle(mallory.node, b)
    if (typeof bundle === 'string') throw new Error(bundle)
    const session = crypto.initiateSession(eve.identity, bundle)
    expect(await sendFrame(mallory.node, b, session.encrypt(text('mislabelled')))).toBe('refused')
    // Eve's own message on the same session still finds its one-time prekey.
    expect(await sendFrame(eve.node, b, session.encrypt(text('from eve')))).toBe('ok')
    expect((await b.dms.history(eve.node.peerId.toString())).messages.map((m) => m.text)).toEqual(['from eve'])
  })
})

describe('the signed prekey', () => {
  it('rotates; the previous one starts sessions in its grace period, and after it the initiator is told to restart', async () => {
    const b = await peer('ben')
    const a = await peer('ann')
    await b.contacts.add(a.peerId)
    await a.dial(addrOf(b))
    const first = await a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'before the rotation' })
    await until('the first DM', async () => (await a.dms.pending()) === 0, 30_000)
    const early = await raw()
    const late = await raw()
    const oldBundleA = await fetchBundle(early.node, b)
    const oldBundleB = await fetchBundle(late.node, b)
    if (typeof oldBundleA === 'string' || typeof oldBundleB === 'string') throw new Error('no bundle')
    await b.dms.prekeys.rotateIfDue(Date.now(), 0)
    const fresh = await fetchBundle((await raw()).node, b)
    expect(typeof fresh !== 'string' && fresh.signedPrekeyId).toBe(oldBundleA.signedPrekeyId + 1)
    // In the grace period: an existing session and a bundle fetched before both work.
    const second = await a.dms.send(b.peerId, { kind: DmPayload.Kind.TEXT, text: 'after the rotation' })
    expect(await sendFrame(early.node, b, crypto.initiateSession(early.identity, oldBundleA).encrypt(text('old bundle')))).toBe('ok')
    await until('the DM after the rotation', async () => (await b.dms.history(a.peerId)).messages.map((m) => m.id).join() === [first.id, second.id].join(), 30_000)
    // After the grace period the previous key is gone: a message on it is answered "restart".
    await b.dms.prekeys.rotateIfDue(Date.now() + SIGNED_PREKEY_GRACE_MS + 1, Number.MAX_SAFE_INTEGER)
    expect(await sendFrame(late.node, b, crypto.initiateSession(late.identity, oldBundleB).encrypt(text('too late')))).toBe('restart')
  })
})

describe('message requests', () => {
  it('keep at most MAX_REQUESTERS requesters, dropping the least recent', async () => {
    const b = await peer('ben')
    const senders: string[] = []
    const extra = 3
    for (let i = 0; i < MAX_REQUESTERS + extra; i++) {
      // Paced below what all strangers together may send (STRANGERS_FRAMES_PER_SECOND).
      await new Promise((resolve) => setTimeout(resolve, 1000 / (STRANGERS_FRAMES_PER_SECOND - 5)))
      const s = await raw()
      const bundle = await fetchBundle(s.node, b)
      if (typeof bundle === 'string') throw new Error(bundle)
      expect(await sendFrame(s.node, b, crypto.initiateSession(s.identity, bundle).encrypt(text(`request ${i}`)))).toBe('ok')
      senders.push(s.node.peerId.toString())
      await s.node.stop()
    }
    const requests = await b.dms.requests()
    expect(requests).toHaveLength(MAX_REQUESTERS)
    expect(new Set(requests.map((r) => r.peer))).toEqual(new Set(senders.slice(extra)))
    expect((await b.dms.history(senders[0])).messages).toEqual([])
    expect((await b.dms.history(senders[extra])).messages.map((m) => m.text)).toEqual([`request ${extra}`])
  }, 300_000)
})
