/**
 * A Node libp2p peer on 127.0.0.1 for browser tests: a WebSocket listener (the one transport a
 * browser can dial a Node peer on), a circuit relay v2 server (browsers reserve a slot on it to
 * be reachable for WebRTC signalling), identify, ping and gossipsub as Parley configures it. It is
 * raw libp2p, not a Parley peer: the tests that use it check the browser's network stack, not the
 * protocols.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer } from '@libp2p/circuit-relay-v2'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { webSockets } from '@libp2p/websockets'
import { ready } from '@parley/crypto'
import { parleyPubsub } from '@parley/node'
import { createLibp2p } from 'libp2p'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { GossipSub } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import type { Libp2p } from 'libp2p'

/** Services of the test relay. */
export interface RelayServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  relay: CircuitRelayService
}

/** Options of {@link startNodeRelay}. */
export interface NodeRelayOptions {
  /** Reuse an identity, e.g. to restart "the same" peer. */
  privateKey?: PrivateKey
  /** Listen on this port (0: any free port). */
  port?: number
}

/** Starts the relay; its first address is `/ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>`. */
export async function startNodeRelay (options: NodeRelayOptions = {}): Promise<Libp2p<RelayServices>> {
  // Parley's gossipsub message id is a BLAKE2b hash from libsodium.
  await ready()
  return createLibp2p<RelayServices>({
    privateKey: options.privateKey ?? await generateKeyPair('Ed25519'),
    addresses: { listen: [`/ip4/127.0.0.1/tcp/${options.port ?? 0}/ws`] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: parleyPubsub(),
      relay: circuitRelayServer()
    }
  })
}

/** The relay's WebSocket address with its peer id, as a browser dials it. */
export function wsAddress (node: Libp2p): string {
  const addr = node.getMultiaddrs().find(a => a.toString().includes('/ws/'))
  if (addr == null) {
    throw new Error('the relay has no WebSocket address')
  }
  return addr.toString()
}
