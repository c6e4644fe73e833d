/**
 * The web benchmark's baseline bundle: the libraries a browser Parley peer
 * is built on (libp2p with the browser peer's transports and services,
 * libsodium, level), used just enough that nothing is tree-shaken away.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { BrowserLevel } from 'browser-level'
import sodium from 'libsodium-wrappers-sumo'
import { createLibp2p } from 'libp2p'

/** Starts a node and opens a database, as a browser peer would. */
export async function start (): Promise<unknown> {
  await sodium.ready
  const db = new BrowserLevel<string, Uint8Array>('parley', { valueEncoding: 'view' })
  await db.open()
  const node = await createLibp2p({
    transports: [webSockets(), webRTC(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping(), pubsub: gossipsub(), dht: kadDHT({ clientMode: true }) }
  })
  return { node, db, key: sodium.crypto_sign_keypair() }
}

// Run on load, so the bundle is an app, not a library.
void start()
