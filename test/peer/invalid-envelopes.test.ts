import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, ready, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { peerIdOfKey } from '../../packages/node/src/room-messages.js'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'
import { rawNode as bareNode, type RawNode } from '../support/raw-node.js'

const topicOf = (room: string): string => `/parley/room/1/${room}`

function envelope (identity: Identity, fields: Partial<RoomEvent> & { room: string }, tamper?: (e: Envelope) => void): Uint8Array {
  const payload = RoomEvent.encode({
    sentAt: BigInt(Date.now()), nick: 'mallory', kind: RoomEvent.Kind.TEXT, text: 'forged',
    replyTo: '', target: '', reaction: '', nonce: new Uint8Array(8).map(() => Math.random() * 256), ...fields
  })
  const env: Envelope = { payload, signature: sign(identity, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>, author: identity.publicKey as Uint8Array<ArrayBuffer> }
  tamper?.(env)
  return Envelope.encode(env)
}

/** Everything `p` has shown and stored in `room`: message events and history, by id. */
async function shown (p: ParleyProcess, room: string): Promise<{ events: Json[], history: Json[] }> {
  return {
    events: p.events.filter((e) => e.event === 'message' && e.room === room),
    history: (await p.ok({ cmd: 'history', room, limit: 500 })).messages
  }
}

describe('a peer publishing invalid envelopes on a room topic', () => {
  const cluster = new Cluster()
  const raws: RawNode[] = []
  let a: ParleyProcess
  let b: ParleyProcess

  /** A libp2p node with Parley's gossipsub settings but none of its checks, subscribed to `room` and connected to A. */
  async function rawNode (room: string, heard: Uint8Array[] = []): Promise<RawNode> {
    const raw = await bareNode()
    raws.push(raw)
    raw.services.pubsub.subscribe(topicOf(room))
    raw.services.pubsub.addEventListener('message', (evt) => { heard.push(evt.detail.data) })
    await raw.dial(multiaddr(a.addr))
    await until('the honest peer to be seen on the topic', () => raw.services.pubsub.getSubscribers(topicOf(room)).length > 0, 20_000)
    return raw
  }

  /** Sends from B until A has one; returns the message. */
  async function honest (room: string, text: string): Promise<Json> {
    let sent: Json | undefined
    await until(`"${text}" to get through`, async () => {
      sent = (await b.ok({ cmd: 'send', room, text })).message
      return a.events.some((e) => e.event === 'message' && e.id === sent?.id)
    }, 30_000)
    return sent as Json
  }

  const score = async (of: string): Promise<number> => (await a.ok({ cmd: 'peer-score', peer: of })).score

  beforeAll(async () => {
    await ready()
    a = await cluster.start()
    b = await cluster.start(undefined, ['--bootstrap', a.addr])
    for (const room of ['rogue', 'replay']) await Promise.all([a.ok({ cmd: 'join', room }), b.ok({ cmd: 'join', room })])
  })

  afterAll(async () => {
    await Promise.all(raws.map(async (r) => r.stop()))
    await cluster.close()
  })

  it('stores and shows none of them, keeps the honest peers working, and lowers the sender\'s score', async () => {
    const room = 'rogue'
    const raw = await rawNode(room)
    const mallory = generateIdentity()
    const victim = generateIdentity()
    const forged = [
      envelope(mallory, { room, text: 'bad signature' }, (e) => { e.signature = new Uint8Array(64) }),
      envelope(mallory, { room, text: 'claims another author' }, (e) => { e.author = victim.publicKey as Uint8Array<ArrayBuffer> }),
      envelope(mallory, { room: 'elsewhere', text: 'wrong room' }),
      envelope(mallory, { room, text: 'x'.repeat(70 * 1024) }),
      envelope(mallory, { room, sentAt: BigInt(Date.now() + 24 * 3600_000), text: 'from the future' }),
      envelope(mallory, { room, text: '' }),
      envelope(mallory, { room, kind: RoomEvent.Kind.PRESENCE, text: 'presence carrying text' }),
      // Mentions: too many, not a PeerId, the same one twice, on a kind other than TEXT.
      envelope(mallory, { room, text: 'mentions everyone', mentions: Array.from({ length: 33 }, () => peerIdOfKey(generateIdentity().publicKey)) }),
      envelope(mallory, { room, text: 'mentions nobody real', mentions: ['not-a-peer-id'] }),
      envelope(mallory, { room, text: 'mentions twice', mentions: [peerIdOfKey(victim.publicKey), peerIdOfKey(victim.publicKey)] }),
      envelope(mallory, { room, kind: RoomEvent.Kind.PRESENCE, text: '', mentions: [peerIdOfKey(victim.publicKey)] }),
      new Uint8Array(200).map(() => Math.random() * 256),
      new TextEncoder().encode('garbage')
    ]
    for (const data of forged) await raw.services.pubsub.publish(topicOf(room), data).catch(() => {})
    // An honest message after the forgeries still goes through.
    await honest(room, 'still here')
    await until('the forger\'s score to drop', async () => (await score(raw.peerId.toString())) < 0, 20_000)
    expect(await score(b.peerId)).toBeGreaterThanOrEqual(0)
    for (const p of [a, b]) {
      const { events, history } = await shown(p, room)
      expect(history.map((m) => m.text as string).every((t) => t === 'still here')).toBe(true)
      expect(events.filter((e) => e.text !== 'still here')).toEqual([])
    }
  })

  it('refuses an honest message re-encoded by a forwarder, so it is never shown twice under a second id', async () => {
    const room = 'replay'
    const heard: Uint8Array[] = []
    const raw = await rawNode(room, heard)
    // The raw node relays B's messages like any peer, keeping the bytes.
    await until('the raw node to relay an honest message', async () => { await honest(room, 'original'); return heard.length > 0 }, 30_000)
    // Same payload, same valid signature, one unknown field more: other bytes, so another content-hash id.
    await raw.services.pubsub.publish(topicOf(room), new Uint8Array([...heard[0], 0x7a, 0x01, 0x00]))
    await until('A to reject the re-encoded copy', async () => (await score(raw.peerId.toString())) < 0, 20_000)
    await honest(room, 'after')
    const sentByB = (await shown(b, room)).events.length
    for (const p of [a, b]) {
      const { events, history } = await shown(p, room)
      expect(history).toHaveLength(sentByB)
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length)
      expect(events).toHaveLength(sentByB)
    }
  })
})
