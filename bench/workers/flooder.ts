/**
 * The flood benchmark's attacker, in a process of its own: a libp2p node
 * with Parley's gossipsub settings and none of its checks, which joins the
 * room topic and publishes envelopes that look valid (well-formed, for the
 * room, a real author key) but carry a bad signature, as fast as it can.
 * Every honest peer REJECTs each one, which is what should push the
 * flooder's score below zero and out of every mesh. Driven over NDJSON like
 * worker.ts.
 */
import { createInterface } from 'node:readline'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { generateIdentity, randomBytes, ready } from '@parley/crypto'
import { roomTopic } from '@parley/node'
import { createLibp2p, type Libp2p } from 'libp2p'
import { Envelope, RoomEvent } from '../../packages/node/dist/pb/room.js'
import { parleyPubsub, type GossipSub } from '../../packages/node/dist/pubsub.js'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const write = (obj: Json): void => { process.stdout.write(JSON.stringify(obj) + '\n') }

let node: Libp2p<{ pubsub: GossipSub }> | undefined
let topic = ''
let author: Uint8Array = new Uint8Array()

/** A well-formed TEXT envelope for the room, every one different, with a signature that does not verify. */
function forged (room: string): Uint8Array {
  const payload = RoomEvent.encode({
    room, sentAt: BigInt(Date.now()), nick: 'flooder', kind: RoomEvent.Kind.TEXT, text: 'x'.repeat(150),
    replyTo: '', target: '', reaction: '', nonce: randomBytes(8) as Uint8Array<ArrayBuffer>
  })
  return Envelope.encode({ payload, signature: randomBytes(64) as Uint8Array<ArrayBuffer>, author: author as Uint8Array<ArrayBuffer> })
}

const HANDLERS: Record<string, (cmd: Json) => Promise<Json> | Json> = {
  /** A fresh flooder (new key, so no score carried over), connected to `addrs`, in `room`. */
  start: async (cmd) => {
    await node?.stop()
    await ready()
    author = generateIdentity().publicKey
    node = await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
      services: { identify: identify(), pubsub: parleyPubsub() }
    })
    topic = roomTopic(String(cmd.room))
    node.services.pubsub.subscribe(topic)
    await Promise.all((cmd.addrs as string[]).map(async (a) => node?.dial(multiaddr(a))))
    return { peerId: node.peerId.toString() }
  },
  /** Peers that hold the flooder in their mesh, as far as it knows (a PRUNE removes them). */
  state: () => ({ mesh: (node?.services.pubsub as unknown as { getMeshPeers: (t: string) => string[] } | undefined)?.getMeshPeers(topic).length ?? 0, subscribers: node?.services.pubsub.getSubscribers(topic).length ?? 0 }),
  /** Publishes forged envelopes back to back for `ms`; resolves with how many and the CPU it used. */
  flood: async (cmd) => {
    if (node === undefined) throw new Error('start first')
    const room = topic.slice(topic.lastIndexOf('/') + 1)
    const end = performance.now() + Number(cmd.ms)
    const cpu = process.cpuUsage()
    let sent = 0
    while (performance.now() < end) {
      // Batches keep the socket busy; yielding between them lets the node read its peers (and their PRUNEs).
      await Promise.all(Array.from({ length: 50 }, async () => node?.services.pubsub.publish(topic, forged(room)).catch(() => {})))
      sent += 50
      await new Promise((resolve) => setImmediate(resolve))
    }
    const used = process.cpuUsage(cpu)
    return { sent, cpuMs: (used.user + used.system) / 1000 }
  }
}

write({ event: 'ready', pid: process.pid })
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue
  const cmd = JSON.parse(line) as Json
  if (cmd.cmd === 'quit') break
  const handler = HANDLERS[String(cmd.cmd)]
  const id: unknown = cmd.id
  Promise.resolve()
    .then(async () => {
      if (handler === undefined) throw new Error(`unknown command ${String(cmd.cmd)}`)
      write({ id, ok: true, ...(await handler(cmd)) })
    })
    .catch((err: Error) => { write({ id, ok: false, error: { name: err.name, message: err.message } }) })
}
await node?.stop()
process.exit(0)
