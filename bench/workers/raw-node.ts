/**
 * Bare libp2p nodes, the baselines Parley is measured against: the same
 * transports and muxer (TCP, Noise, yamux) and, for the "full" kind, the same
 * services a Parley Node peer runs, with gossipsub at its default options.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { YamuxStream } from '@chainsafe/libp2p-yamux/stream'
import { autoNAT } from '@libp2p/autonat'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { gossipsub, type GossipSub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { kadDHT } from '@libp2p/kad-dht'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { LengthPrefixedDecoder } from '@libp2p/utils'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p, type Libp2p } from 'libp2p'

/**
 * echo: TCP + Noise + yamux and nothing else (a raw stream);
 * gossip: plus identify and gossipsub with default options;
 * full: the services of `createNodePeer` (TCP, WebSockets, identify, ping,
 * gossipsub, circuit relay server, autoNAT, DCUtR, kad-dht).
 */
export type RawKind = 'echo' | 'gossip' | 'full'

export type RawNode = Libp2p<{ pubsub?: GossipSub } & Record<string, unknown>>

const LOOPBACK = ['/ip4/127.0.0.0/ipcidr/8']

function services (kind: RawKind): Record<string, (components: any) => unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (kind === 'echo') return {}
  if (kind === 'gossip') return { identify: identify(), pubsub: gossipsub() }
  return {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub(),
    relay: circuitRelayServer(),
    autoNAT: autoNAT(),
    dcutr: dcutr(),
    dht: kadDHT({ clientMode: false, protocol: '/parley/kad/1.0.0' })
  }
}

/** Whether this process loaded Parley's mends of libp2p's libraries (packages/node/src/libp2p-runtime.ts). */
export function libraryMended (): boolean {
  return (LengthPrefixedDecoder.prototype as { __parleyDecode?: true }).__parleyDecode === true ||
    (YamuxStream.prototype as { __parleyWindow?: true }).__parleyWindow === true
}

/**
 * Creates and starts a bare node listening on loopback TCP; `relayTransport` adds the circuit relay
 * transport, which createNodePeer always has (bench/peer-start.ts compares their starts).
 */
export async function createRawNode (kind: RawKind, { relayTransport = false } = {}): Promise<RawNode> {
  return await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp(), ...(kind === 'full' ? [webSockets()] : []), ...(relayTransport ? [circuitRelayTransport()] : [])],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { allow: LOOPBACK },
    services: services(kind)
  })
}

/** The node's loopback TCP address with its PeerId. */
export function tcpAddr (node: Libp2p): string {
  const addrs = node.getMultiaddrs().map((a) => a.toString())
  return addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws')) ?? addrs[0]
}
