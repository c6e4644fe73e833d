/**
 * The connection watch (net/connection-watch.ts) between real libp2p nodes on 127.0.0.1, with its
 * interval and deadline scaled down. Over yamux it pings with yamux's PING frames: a TCP relay
 * between the two nodes is what those tests vary (silent, slow). The ping protocol (the watch's
 * way on a muxer without pings, forced here with `muxerPing: false`): the remote's ping handler is
 * what those tests vary (silent, late, wrong, absent). test/peer/stalled-peer.test.ts runs the
 * defaults between Parley peers.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { PING_PROTOCOL } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { byteStream } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionWatch, type ConnectionWatch } from '../../src/net/connection-watch.js'
import type { Connection, Stream } from '@libp2p/interface'

const INTERVAL = 100
const DEAD_AFTER = 1_500
const nodes: Libp2p[] = []
const relays: Server[] = []

async function node (services: Record<string, (components: any) => unknown> = {}): Promise<Libp2p> {
  const made = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
    connectionMonitor: { enabled: false },
    services
  })
  nodes.push(made)
  return made
}

const tcpPort = (n: Libp2p): number => Number(/\/tcp\/(\d+)/.exec(n.getMultiaddrs()[0].toString())?.[1])

interface Watched { watch: ConnectionWatch, conn: Connection, closed: Promise<Error | undefined> }

/** A watching node connected to a remote whose ping handler is `answer` (none: no ping protocol), pinging with the ping protocol. */
async function watched (answer?: (stream: Stream) => Promise<void>): Promise<Watched> {
  const remote = await node()
  if (answer !== undefined) await remote.handle(PING_PROTOCOL, (stream) => { void answer(stream).catch(() => {}) })
  return watching(remote, `/ip4/127.0.0.1/tcp/${tcpPort(remote)}`, false)
}

async function watching (remote: Libp2p, addr: string, muxerPing: boolean): Promise<Watched> {
  const local = await node({ watch: connectionWatch({ interval: INTERVAL, deadAfter: DEAD_AFTER, muxerPing }) })
  const conn = await local.dial(multiaddr(`${addr}/p2p/${remote.peerId.toString()}`))
  const closed = new Promise<Error | undefined>((resolve) => { conn.addEventListener('close', (evt) => { resolve(evt.error) }) })
  return { watch: local.services.watch as ConnectionWatch, conn, closed }
}

/**
 * A TCP relay on 127.0.0.1 to `port` whose bytes, each way, are passed on after `delay()` ms (in
 * order), or dropped while `delay()` is Infinity: a slow path, or one gone silent with both
 * sockets still open.
 */
async function relay (port: number, delay: () => number): Promise<string> {
  const pass = (from: Socket, to: Socket): void => {
    let last = 0
    from.on('data', (chunk) => {
      const ms = delay()
      if (ms === Infinity) return
      // Never before the chunk ahead of it.
      last = Math.max(last, Date.now() + ms)
      setTimeout(() => { if (!to.destroyed) to.write(chunk) }, last - Date.now())
    })
    from.on('close', () => { to.destroy() })
    from.on('error', () => {})
  }
  const server = createServer((inbound) => {
    const outbound = createConnection({ host: '127.0.0.1', port })
    pass(inbound, outbound)
    pass(outbound, inbound)
  })
  relays.push(server)
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the relay has no port')
  return `/ip4/127.0.0.1/tcp/${address.port}`
}

/** A watching node connected over {@link relay} to a remote that counts the ping-protocol streams it is opened. */
async function relayed (delay: () => number): Promise<Watched & { pingStreams: () => number }> {
  const remote = await node()
  let streams = 0
  await remote.handle(PING_PROTOCOL, (stream) => { streams++; void echo(0)(stream).catch(() => {}) })
  return { ...await watching(remote, await relay(tcpPort(remote), delay), true), pingStreams: () => streams }
}

async function waitFor (what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Echoes the ping's bytes after `delayMs`, transformed by `change`. */
const echo = (delayMs: number, change = (b: Uint8Array) => b) => async (stream: Stream): Promise<void> => {
  const bytes = byteStream(stream)
  const got = await bytes.read({ bytes: 32 })
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  await bytes.write(change(got.subarray()))
}

afterEach(async () => {
  await Promise.all(nodes.splice(0).map(async (n) => n.stop()))
  for (const server of relays.splice(0)) server.close()
})

describe('connectionWatch over yamux (its PING frames)', () => {
  it('aborts a connection whose path goes silent for deadAfter with DeadConnectionError', async () => {
    let silent = false
    const { watch, conn, closed } = await relayed(() => silent ? Infinity : 0)
    await waitFor('a first answer', () => watch.counts().answered >= 1)
    silent = true
    const err = await closed
    expect(err?.name).toBe('DeadConnectionError')
    expect(watch.counts().dead).toBe(1)
    expect(conn.status).not.toBe('open')
  })

  it('keeps a connection whose path is slow but answers within deadAfter, and opens no ping stream', async () => {
    const { watch, conn, pingStreams } = await relayed(() => DEAD_AFTER / 4)
    await waitFor('three answers', () => watch.counts().answered >= 3)
    expect(conn.status).toBe('open')
    expect(watch.counts().dead).toBe(0)
    // Two relay passes of 375 ms each: the round trip the PING frame took.
    expect(conn.rtt).toBeGreaterThanOrEqual(DEAD_AFTER / 2)
    expect(pingStreams()).toBe(0)
  })
})

describe('connectionWatch with the ping protocol', () => {
  it('aborts a connection whose ping goes unanswered for deadAfter with DeadConnectionError', async () => {
    const { watch, closed } = await watched(async (stream) => { await byteStream(stream).read({ bytes: 32 }) })
    const err = await closed
    expect(err?.name).toBe('DeadConnectionError')
    expect(watch.counts().dead).toBe(1)
  })

  it('keeps a connection whose pings are answered late but within deadAfter, one ping in flight at a time', async () => {
    let inFlight = 0
    let most = 0
    const { watch, conn } = await watched(async (stream) => {
      most = Math.max(most, ++inFlight)
      try {
        await echo(DEAD_AFTER / 2)(stream)
      } finally {
        inFlight--
      }
    })
    await waitFor('three late answers', () => watch.counts().answered >= 3)
    expect(conn.status).toBe('open')
    expect(watch.counts().dead).toBe(0)
    // A ping interval of 100 ms and answers after 750 ms: libp2p's monitor would have had 8 in flight.
    expect(most).toBe(1)
    expect(conn.rtt).toBeGreaterThanOrEqual(DEAD_AFTER / 2)
  })

  it('aborts a connection whose peer echoes other bytes with PingMismatchError', async () => {
    const { closed } = await watched(echo(0, (b) => b.map((x) => x ^ 1)))
    expect((await closed)?.name).toBe('PingMismatchError')
  })

  it('keeps a connection to a peer that does not speak the ping protocol (its refusal is an answer)', async () => {
    const { watch, conn } = await watched()
    await waitFor('three refusals', () => watch.counts().answered >= 3)
    expect(conn.status).toBe('open')
    expect(watch.counts().dead).toBe(0)
  })
})
