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
/**
 * How often a flooder with no connection left dials the honest peers again, in ms: as often as
 * libp2p's per-host inbound limit (5 connections a second, INBOUND_CONNECTION_THRESHOLD) lets one
 * address in, which the bench's allow-listed loopback would otherwise lift. More often from more
 * addresses is a connection flood, which needs no forgery.
 */
const DIAL_BACK_MS = 200
const write = (obj: Json): void => { process.stdout.write(JSON.stringify(obj) + '\n') }

let node: Libp2p<{ pubsub: GossipSub }> | undefined
let topic = ''
/** The honest peers' addresses, dialled again whenever the flooder has lost every connection. */
let addrs: string[] = []
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
    addrs = cmd.addrs as string[]
    node.services.pubsub.subscribe(topic)
    await Promise.all((cmd.addrs as string[]).map(async (a) => node?.dial(multiaddr(a))))
    return { peerId: node.peerId.toString() }
  },
  /** Peers that hold the flooder in their mesh, as far as it knows (a PRUNE removes them). */
  state: () => ({ mesh: (node?.services.pubsub as unknown as { getMeshPeers: (t: string) => string[] } | undefined)?.getMeshPeers(topic).length ?? 0, subscribers: node?.services.pubsub.getSubscribers(topic).length ?? 0 }),
  /**
   * Publishes forged envelopes back to back for `ms` while it has a connection, and dials every
   * honest peer again (every DIAL_BACK_MS) while it has none, as an attacker that was hung up on
   * would. Resolves with the forged copies sent, the dials back, and the CPU it used.
   */
  flood: async (cmd) => {
    const self = node
    if (self === undefined) throw new Error('start first')
    const room = topic.slice(topic.lastIndexOf('/') + 1)
    const end = performance.now() + Number(cmd.ms)
    const cpu = process.cpuUsage()
    let copies = 0
    let dials = 0
    while (performance.now() < end) {
      if (self.getPeers().length === 0) {
        dials += addrs.length
        // A dial that completes here may still be closed by the other side once it knows who called.
        await Promise.all(addrs.map(async (a) => self.dial(multiaddr(a)).catch(() => {})))
        await new Promise((resolve) => setTimeout(resolve, DIAL_BACK_MS))
        continue
      }
      // Batches keep the socket busy; yielding between them lets the node read its peers (and their PRUNEs).
      const results = await Promise.all(Array.from({ length: 50 }, async () => self.services.pubsub.publish(topic, forged(room)).catch(() => ({ recipients: [] }))))
      for (const r of results) copies += r.recipients.length
      await new Promise((resolve) => setImmediate(resolve))
    }
    const used = process.cpuUsage(cpu)
    return { copies, dials, cpuMs: (used.user + used.system) / 1000 }
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
