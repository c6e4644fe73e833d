/**
 * A hostile peer for tests: a real libp2p 3 node (TCP on 127.0.0.1, Noise,
 * yamux, identify, gossipsub configured as Parley configures it, so it can
 * join room topics and be meshed) that speaks every Parley protocol and sends
 * whatever bytes a test crafts. It follows none of Parley's rules: it writes
 * raw bytes, lies in length prefixes, stops mid-frame, sends one protocol's
 * message on another, opens streams and never finishes them.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { decodePrekeyBundle, generateIdentity, initiateSession, libp2pPrivateKeyBytes, randomBytes, toHex, type Identity, type PrekeyBundle } from '@parley/crypto'
import { pbStream } from '@libp2p/utils'
import { createLibp2p, type Libp2p } from 'libp2p'
import * as varint from 'uint8-varint'
import { until } from '../support/poll.js'
import { DM_PROTOCOL, PREKEY_PROTOCOL } from '../../packages/node/src/dm/constants.js'
import { MAILBOX_PROTOCOL } from '../../packages/node/src/dm/mailbox.js'
import { DmAck, DmFrame, DmPayload, PrekeyResponse } from '../../packages/node/src/pb/dm.js'
import { parleyPubsub, type GossipSub } from '../../packages/node/src/pubsub.js'
import { SYNC_PROTOCOL } from '../../packages/node/src/sync/room-sync.js'
import type { PeerId, Stream } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** Every stream protocol a Parley peer serves. */
export const STREAM_PROTOCOLS = { dm: DM_PROTOCOL, prekey: PREKEY_PROTOCOL, sync: SYNC_PROTOCOL, mailbox: MAILBOX_PROTOCOL } as const
export type StreamProtocol = keyof typeof STREAM_PROTOCOLS

/** Crafted frames: each returns the exact bytes to write on a stream. */
export const frames = {
  /** `bytes` behind an honest unsigned-varint length prefix. */
  framed: (bytes: Uint8Array): Uint8Array => concat(varint.encode(bytes.length), bytes),
  /** A prefix announcing `claimed` bytes followed by only `sent` bytes (a truncated or oversized frame). */
  claims: (claimed: number, sent: number): Uint8Array => concat(varint.encode(claimed), random(sent)),
  /** A varint that never ends (ten continuation bytes). */
  endlessVarint: (): Uint8Array => new Uint8Array(10).fill(0xff),
  /** Random bytes, no framing. */
  garbage: (n: number): Uint8Array => random(n)
}

/** Random bytes (not cryptographic: these are test inputs). */
export function random (n: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256))
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

/** A protons message codec. */
export interface Codec<T> { encode: (value: T) => Uint8Array, decode: (bytes: Uint8Array | Uint8ArrayList) => T }

/** What the victim did with a stream after we wrote to it. */
export interface Outcome {
  /** Bytes the victim wrote back before the stream ended or `waitMs` passed. */
  reply: Uint8Array
  /** 'ended': the victim closed or reset the stream; 'open': it was still open at the deadline; 'refused': no stream. */
  state: 'ended' | 'open' | 'refused'
}

export class Adversary {
  readonly node: Libp2p<{ pubsub: GossipSub }>
  readonly identity: Identity
  readonly #slow = new Set<Stream>()

  private constructor (node: Libp2p<{ pubsub: GossipSub }>, identity: Identity) {
    this.node = node
    this.identity = identity
  }

  /** A started adversary with a fresh Parley identity (its PeerId is that key, as for a Parley peer). */
  static async create (): Promise<Adversary> {
    const identity = generateIdentity()
    const node = await createLibp2p({
      privateKey: privateKeyFromRaw(libp2pPrivateKeyBytes(identity)),
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
      services: { identify: identify(), pubsub: parleyPubsub({ heartbeatIntervalMs: 200 }) }
    })
    return new Adversary(node, identity)
  }

  get peerId (): string {
    return this.node.peerId.toString()
  }

  async dial (addr: string): Promise<PeerId> {
    const connection = await this.node.dial(multiaddr(addr))
    return connection.remotePeer
  }

  /** Subscribes to `topic` and waits until `victim` is seen subscribed to it. */
  async join (topic: string, victim: string, timeoutMs = 20_000): Promise<void> {
    this.node.services.pubsub.subscribe(topic)
    await until(`${victim} on ${topic}`, () => this.node.services.pubsub.getSubscribers(topic).some((p) => p.toString() === victim), timeoutMs)
  }

  /** Publishes raw bytes on a topic (gossipsub's own refusals are swallowed: the attempt is the point). */
  async publish (topic: string, data: Uint8Array): Promise<void> {
    await this.node.services.pubsub.publish(topic, data).catch(() => {})
  }

  /** Opens a stream of one of Parley's protocols on `victim`, or undefined when the victim refuses it. */
  async open (victim: string, protocol: StreamProtocol): Promise<Stream | undefined> {
    try {
      return await this.node.dialProtocol(peerIdFromString(victim), STREAM_PROTOCOLS[protocol], { signal: AbortSignal.timeout(5_000) })
    } catch {
      return undefined
    }
  }

  /**
   * Writes `bytes` on a new stream, optionally closes our writing end, and
   * collects what the victim writes back until it ends the stream or `waitMs` passes.
   */
  async send (victim: string, protocol: StreamProtocol, bytes: Uint8Array, { closeWrite = true, waitMs = 2_000 } = {}): Promise<Outcome> {
    const stream = await this.open(victim, protocol)
    if (stream === undefined) return { reply: new Uint8Array(), state: 'refused' }
    const chunks: Uint8Array[] = []
    let state: Outcome['state'] = 'open'
    const ended = new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }, { once: true }) })
    const reading = (async () => {
      try {
        for await (const chunk of stream) chunks.push(chunk.subarray())
      } catch {
        // A reset is one of the answers we collect.
      }
    })()
    try {
      // The victim may end the stream before we finish writing: that is its answer.
      if (!stream.send(bytes)) await stream.onDrain({ signal: AbortSignal.timeout(waitMs) })
      if (closeWrite) await stream.close({ signal: AbortSignal.timeout(waitMs) })
    } catch {
      // The victim closed first.
    }
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => { resolve('timeout') }, waitMs))
    if (await Promise.race([ended.then(() => 'ended' as const), timer]) === 'ended') state = 'ended'
    if (state === 'open') stream.abort(new Error('adversary gives up'))
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 100))])
    return { reply: concat(...chunks), state }
  }

  /** Opens `count` streams at once, each writing `bytes` (many parallel streams). */
  async parallel (victim: string, protocol: StreamProtocol, count: number, bytes: Uint8Array): Promise<Outcome[]> {
    return Promise.all(Array.from({ length: count }, async () => this.send(victim, protocol, bytes, { waitMs: 3_000 })))
  }

  /**
   * Slowloris: opens `count` streams that each announce a frame of `claimed`
   * bytes and then dribble one byte every `intervalMs`, never finishing,
   * until {@link stopSlow}. Resolves with how many streams the victim let open.
   */
  async slowloris (victim: string, protocol: StreamProtocol, count: number, { claimed = 1024, intervalMs = 1_000 } = {}): Promise<number> {
    const streams = (await Promise.all(Array.from({ length: count }, async () => this.open(victim, protocol))))
      .filter((s): s is Stream => s !== undefined)
    for (const stream of streams) {
      this.#slow.add(stream)
      const dribble = (bytes: Uint8Array): boolean => {
        try {
          return stream.status === 'open' && this.#slow.has(stream) && stream.send(bytes)
        } catch {
          return false
        }
      }
      dribble(varint.encode(claimed))
      const timer = setInterval(() => { if (!dribble(random(1))) clearInterval(timer) }, intervalMs)
      stream.addEventListener('close', () => { clearInterval(timer); this.#slow.delete(stream) }, { once: true })
    }
    return streams.length
  }

  /** Slowloris streams the victim has not closed yet. */
  get slowOpen (): number {
    return [...this.#slow].filter((s) => s.status === 'open').length
  }

  /** Aborts every slowloris stream. */
  stopSlow (): void {
    for (const s of this.#slow) s.abort(new Error('adversary stops'))
    this.#slow.clear()
  }

  /** Reads one protobuf reply per request on one stream (well-formed traffic, for attacks built on it). */
  async exchange<Q, R> (victim: string, protocol: StreamProtocol, requests: Q[], codec: { request: Codec<Q>, reply: Codec<R> }, replies = requests.length): Promise<R[]> {
    const stream = await this.node.dialProtocol(peerIdFromString(victim), STREAM_PROTOCOLS[protocol], { signal: AbortSignal.timeout(5_000) })
    const pb = pbStream(stream, { maxDataLength: 8 * 1024 * 1024 })
    try {
      for (const r of requests) await pb.write(r, codec.request, { signal: AbortSignal.timeout(5_000) })
      const out: R[] = []
      for (let i = 0; i < replies; i++) out.push(await pb.read(codec.reply, { signal: AbortSignal.timeout(10_000) }))
      await stream.close()
      return out
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  /** The victim's prekey bundle, as /parley/prekey/1.0.0 serves it. */
  async prekeyBundle (victim: string): Promise<PrekeyBundle> {
    const stream = await this.node.dialProtocol(peerIdFromString(victim), PREKEY_PROTOCOL, { signal: AbortSignal.timeout(5_000) })
    const response = await pbStream(stream, { maxDataLength: 64 * 1024 }).read(PrekeyResponse, { signal: AbortSignal.timeout(10_000) })
    await stream.close()
    return decodePrekeyBundle(response.bundle)
  }

  /**
   * Starts a real Double Ratchet session from the victim's bundle (as any
   * stranger may) and sends each payload as a DM frame on one stream;
   * resolves with the victim's acknowledgements. `skipAhead` messages are
   * sealed and never sent first, so the first frame makes the victim skip that
   * many message keys before it can authenticate anything.
   */
  async dm (victim: string, payloads: Array<Partial<DmPayload>>, { skipAhead = 0 } = {}): Promise<DmAck[]> {
    const session = initiateSession(this.identity, await this.prekeyBundle(victim))
    for (let i = 0; i < skipAhead; i++) session.encrypt(new Uint8Array(1))
    const sealed = payloads.map((p) => ({
      ciphertext: session.encrypt(DmPayload.encode({ id: toHex(randomBytes(32)), kind: DmPayload.Kind.TEXT, sentAt: BigInt(Date.now()), nick: 'mallory', text: '', target: '', reaction: '', replyTo: '', data: new Uint8Array(), ...p })) as Uint8Array<ArrayBuffer>
    }))
    return this.exchange(victim, 'dm', sealed, { request: DmFrame, reply: DmAck })
  }

  async stop (): Promise<void> {
    this.stopSlow()
    await this.node.stop()
  }
}

/** The complete length-prefixed frames in `bytes` (a trailing partial frame is left out). */
export function lpDecode (bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = []
  let at = 0
  while (at < bytes.length) {
    let length: number
    try {
      length = varint.decode(bytes, at)
    } catch {
      break
    }
    const start = at + varint.encodingLength(length)
    if (start + length > bytes.length) break
    out.push(bytes.subarray(start, start + length))
    at = start + length
  }
  return out
}
