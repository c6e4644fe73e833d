import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { blake2b256, generateIdentity, ready, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { Cluster, eventually, type ParleyProcess } from './harness.js'

const ROOM = 'rogue'
const TOPIC = `/parley/room/1/${ROOM}`

function envelope (identity: Identity, fields: Partial<RoomEvent>, tamper?: (e: Envelope) => void): Uint8Array {
  const payload = RoomEvent.encode({
    room: ROOM, sentAt: BigInt(Date.now()), nick: 'mallory', kind: RoomEvent.Kind.TEXT, text: 'forged',
    replyTo: '', target: '', reaction: '', nonce: new Uint8Array(8).map(() => Math.random() * 256), ...fields
  })
  const env: Envelope = { payload, signature: sign(identity, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>, author: identity.publicKey as Uint8Array<ArrayBuffer> }
  tamper?.(env)
  return Envelope.encode(env)
}

describe('a peer publishing invalid envelopes on a room topic', () => {
  const cluster = new Cluster()
  let raw: Libp2p<{ pubsub: ReturnType<ReturnType<typeof gossipsub>> }>
  let a: ParleyProcess
  let b: ParleyProcess

  beforeAll(async () => {
    await ready()
    a = await cluster.start()
    b = await cluster.start(undefined, ['--bootstrap', a.addr])
    await Promise.all([a.ok({ cmd: 'join', room: ROOM }), b.ok({ cmd: 'join', room: ROOM })])
    raw = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
      services: {
        identify: identify(),
        pubsub: gossipsub({ globalSignaturePolicy: 'StrictNoSign', msgIdFn: (m) => blake2b256(m.data) as Uint8Array<ArrayBuffer>, allowPublishToZeroTopicPeers: true })
      }
    })
    raw.services.pubsub.subscribe(TOPIC)
    await raw.dial(multiaddr(a.addr))
    await eventually(() => raw.services.pubsub.getSubscribers(TOPIC).length > 0, 20_000, 'the honest peer to be seen on the topic')
  })

  afterAll(async () => {
    await raw?.stop()
    await cluster.close()
  })

  it('stores and shows none of them, keeps the honest peers working, and lowers the sender\'s score', async () => {
    const mallory = generateIdentity()
    const victim = generateIdentity()
    const forged = [
      envelope(mallory, { text: 'bad signature' }, (e) => { e.signature = new Uint8Array(64) }),
      envelope(mallory, { text: 'claims another author' }, (e) => { e.author = victim.publicKey as Uint8Array<ArrayBuffer> }),
      envelope(mallory, { room: 'elsewhere', text: 'wrong room' }),
      envelope(mallory, { text: 'x'.repeat(70 * 1024) }),
      envelope(mallory, { sentAt: BigInt(Date.now() + 24 * 3600_000), text: 'from the future' }),
      new Uint8Array(200).map(() => Math.random() * 256),
      new TextEncoder().encode('garbage')
    ]
    for (const data of forged) {
      await raw.services.pubsub.publish(TOPIC, data).catch(() => {})
    }
    // An honest message after the forgeries still goes through both ways.
    await eventually(async () => {
      const sent = (await b.ok({ cmd: 'send', room: ROOM, text: 'still here' })).message
      return a.events.some((e) => e.event === 'message' && e.id === sent.id)
    }, 30_000, 'an honest message to get through')
    await eventually(async () => (await a.ok({ cmd: 'peer-score', peer: raw.peerId.toString() })).score < 0, 20_000, 'the forger\'s score to drop')
    expect((await a.ok({ cmd: 'peer-score', peer: b.peerId })).score).toBeGreaterThanOrEqual(0)
    for (const p of [a, b]) {
      const texts = ((await p.ok({ cmd: 'history', room: ROOM, limit: 100 })).messages as Array<{ text: string }>).map((m) => m.text)
      expect(texts.every((t) => t === 'still here')).toBe(true)
      expect(p.events.filter((e) => e.event === 'message' && e.text !== 'still here')).toEqual([])
    }
  })
})
