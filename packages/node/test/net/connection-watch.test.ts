/**
 * The connection watch (net/connection-watch.ts) between real libp2p nodes on 127.0.0.1, with its
 * interval and deadline scaled down: the remote's ping handler is what each test varies (silent,
 * late, wrong, absent). test/peer/stalled-peer.test.ts runs the defaults between Parley peers.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { PING_PROTOCOL } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { byteStream } from '@libp2p/utils'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionWatch, type ConnectionWatch } from '../../src/net/connection-watch.js'
import type { Connection, Stream } from '@libp2p/interface'

const INTERVAL = 100
const DEAD_AFTER = 1_500
const nodes: Libp2p[] = []

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

/** A watching node connected to a remote whose ping handler is `answer` (none: no ping protocol). */
async function watched (answer?: (stream: Stream) => Promise<void>): Promise<{ watch: ConnectionWatch, conn: Connection, closed: Promise<Error | undefined> }> {
  const remote = await node()
  if (answer !== undefined) await remote.handle(PING_PROTOCOL, (stream) => { void answer(stream).catch(() => {}) })
  const local = await node({ watch: connectionWatch({ interval: INTERVAL, deadAfter: DEAD_AFTER }) })
  const conn = await local.dial(remote.getMultiaddrs()[0])
  const closed = new Promise<Error | undefined>((resolve) => { conn.addEventListener('close', (evt) => { resolve(evt.error) }) })
  return { watch: local.services.watch as ConnectionWatch, conn, closed }
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
})

describe('connectionWatch', () => {
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
