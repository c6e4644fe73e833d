/**
 * The browser's libp2p stack: WebSockets to Node peers, WebRTC between browsers (signalled over a
 * circuit relay, then direct), the circuit relay transport to reserve a slot on a relay and to
 * signal, Noise and yamux, with identify, ping, gossipsub and the bootstrap keeper as services.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { createLibp2p } from 'libp2p'
import { bootstrapKeeper } from './bootstrap-keeper.js'
import { detectLocalMode, localModeConnectionGater } from './local-mode.js'
import type { BootstrapKeeper } from './bootstrap-keeper.js'
import type { GossipSub, GossipsubOpts } from '@libp2p/gossipsub'
import type { Identify } from '@libp2p/identify'
import type { PrivateKey } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Libp2p, Libp2pOptions } from 'libp2p'

/** Options of the browser network; every field is optional. */
export interface BrowserNetInit {
  /**
   * Local mode (the page came from loopback): dial loopback and `ws://`, use no STUN server.
   * Defaults to {@link detectLocalMode} on the current page.
   */
  localMode?: boolean
  /** WebRTC configuration; by default none in local mode and libp2p's public STUN servers otherwise. */
  rtcConfiguration?: RTCConfiguration
}

/** The transport half of the browser's libp2p options, for a caller that brings its own services. */
export type BrowserNetOptions = Required<Pick<Libp2pOptions, 'addresses' | 'transports' | 'connectionEncrypters' | 'streamMuxers'>> &
Pick<Libp2pOptions, 'connectionGater'>

/**
 * Transports, encryption, multiplexing, listen addresses and gater for a browser peer.
 * It listens on `/p2p-circuit` (a reservation on any relay it connects to, so other browsers can
 * reach it to signal) and on `/webrtc` (accepting the direct connection that follows).
 */
export function browserNetOptions (init: BrowserNetInit = {}): BrowserNetOptions {
  const localMode = init.localMode ?? detectLocalMode()
  const rtcConfiguration = init.rtcConfiguration ?? (localMode ? { iceServers: [] } : undefined)
  return {
    addresses: { listen: ['/p2p-circuit', '/webrtc'] },
    transports: [
      webSockets(),
      webRTC({ rtcConfiguration }),
      circuitRelayTransport()
    ],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    ...(localMode ? { connectionGater: localModeConnectionGater() } : {})
  }
}

/** Services of the node {@link createBrowserLibp2p} returns. */
export interface BrowserServices extends Record<string, unknown> {
  identify: Identify
  ping: Ping
  pubsub: GossipSub
  bootstrap: BootstrapKeeper
}

/** Options of {@link createBrowserLibp2p}. */
export interface CreateBrowserLibp2pInit extends BrowserNetInit {
  /** The identity; a fresh Ed25519 key when absent. */
  privateKey?: PrivateKey
  /** Bootstrap peers to dial and keep connected to. */
  peers?: Multiaddr[]
  /** Gossipsub options (message id, signature policy, validators' settings). */
  gossipsub?: Partial<GossipsubOpts>
}

/** Creates and starts a browser libp2p node. */
export async function createBrowserLibp2p (init: CreateBrowserLibp2pInit = {}): Promise<Libp2p<BrowserServices>> {
  return createLibp2p<BrowserServices>({
    ...browserNetOptions(init),
    privateKey: init.privateKey,
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub(init.gossipsub),
      bootstrap: bootstrapKeeper({ peers: init.peers })
    }
  })
}
