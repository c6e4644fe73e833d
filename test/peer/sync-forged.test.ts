import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { pbStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { blake2b256, generateIdentity, ready, sign, SIGNATURE_LABELS } from '@parley/crypto'
import { createLibp2p } from 'libp2p'
import { afterAll, describe, expect, it } from 'vitest'
import { Envelope, RoomEvent } from '../../packages/node/src/pb/room.js'
import { SyncReply, SyncRequest } from '../../packages/node/src/pb/sync.js'
import { Iblt, shortIdOf } from '../../packages/node/src/sync/iblt.js'
import { Cluster, type Json } from './harness.js'
import { until } from '../support/poll.js'

const ROOM = 'forged-sync'

/** Envelopes whose signatures do not verify, and their ids. */
function forgedEnvelopes (n: number): Uint8Array[] {
  const mallory = generateIdentity()
  return Array.from({ length: n }, (_, i) => {
    const payload = RoomEvent.encode({ room: ROOM, sentAt: BigInt(Date.now()), nick: 'm', kind: RoomEvent.Kind.TEXT, text: `forged ${i}`, replyTo: '', target: '', reaction: '', nonce: new Uint8Array(8) })
    const signature = sign(mallory, SIGNATURE_LABELS.roomMessage, payload)
    signature[0] ^= 1
    return Envelope.encode({ payload, signature: signature as Uint8Array<ArrayBuffer>, author: mallory.publicKey as Uint8Array<ArrayBuffer> })
  })
}

describe('a sync peer that serves forged history', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('gets nothing stored, is penalised, and sync still works with honest peers', async () => {
    await ready()
    const forged = forgedEnvelopes(5)
    const raw = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
      services: { identify: identify(), pubsub: gossipsub({ globalSignaturePolicy: 'StrictNoSign', msgIdFn: (m) => blake2b256(m.data) as Uint8Array<ArrayBuffer> }) }
    })
    let fetches = 0
    await raw.handle('/parley/sync/1.0.0', async (stream) => {
      const pb = pbStream(stream)
      try {
        while (true) {
          const request = await pb.read(SyncRequest)
          const table = new Iblt(request.cells || 3)
          for (const e of forged) table.insert(shortIdOf(blake2b256(e)))
          if (request.fetch.length > 0) fetches++
          await pb.write({ count: forged.length, table: (request.cells > 0 ? table.encode() : new Uint8Array()) as Uint8Array<ArrayBuffer>, envelopes: request.fetch.length > 0 ? forged as Array<Uint8Array<ArrayBuffer>> : [] }, SyncReply)
        }
      } catch {
        stream.abort(new Error('done'))
      }
    })
    raw.services.pubsub.subscribe(`/parley/room/1/${ROOM}`)
    try {
      const a = await cluster.start()
      const c = await cluster.start()
      await c.ok({ cmd: 'join', room: ROOM })
      for (let i = 0; i < 10; i++) await c.ok({ cmd: 'send', room: ROOM, text: `honest ${i}` })
      await a.ok({ cmd: 'join', room: ROOM })
      await raw.dial(multiaddr(a.addr))
      await until('A to fetch from the forger', () => fetches > 0, 20_000)
      await until('A to refuse the forged envelopes', () => /InvalidEnvelopeError/.test(a.stderr), 10_000)
      await a.ok({ cmd: 'dial', addr: c.addr })
      await until('A to sync from the honest peer', async () => ((await a.ok({ cmd: 'history', room: ROOM })).messages as Json[]).length === 10, 20_000)
      const texts = ((await a.ok({ cmd: 'history', room: ROOM })).messages as Json[]).map((m) => m.text as string)
      expect(texts.every((t) => t.startsWith('honest'))).toBe(true)
      const again = (await a.ok({ cmd: 'resync', room: ROOM })).results as Json[]
      expect(again.some((r) => r.peer === raw.peerId.toString())).toBe(false)
    } finally {
      await raw.stop()
    }
  })
})
