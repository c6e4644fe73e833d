/**
 * The browser's transports: WebSockets to Node peers, WebRTC between browsers (signalled over a
 * circuit relay, then direct), and the circuit relay transport to reserve a slot on a relay and to
 * signal; and a kad-dht client on Parley's DHT (Node peers serve it), so the contact dialler finds
 * a peer's addresses by peer routing as on Node. `createPeer` adds Noise, yamux, identify, ping, gossipsub and the bootstrap keeper, as it
 * does on Node.
 */
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { DHT_PROTOCOL } from '../../net/constants.js'
import { detectLocalMode, localModeConnectionGater } from './local-mode.js'
import type { PeerInit } from '../../peer.js'

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

/** The transport options a browser peer hands `createPeer`. */
export type BrowserNetOptions = Required<Pick<PeerInit['libp2p'], 'addresses' | 'transports' | 'services'>> & Pick<PeerInit['libp2p'], 'connectionGater'>

/** The transports a browser reaches contacts with through a relay (see ContactDialler). */
export const BROWSER_VIA_RELAY = ['webrtc']

/**
 * Transports, listen addresses, services and gater for a browser peer. It listens on `/p2p-circuit`
 * (a reservation on any relay it connects to, so other browsers can reach it to signal) and on
 * `/webrtc` (accepting the direct connection that follows). Its DHT is a client only (a tab serves
 * nobody's lookups) and, outside local mode, keeps public addresses only, as the servers do.
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
    services: {
      dht: kadDHT({ clientMode: true, protocol: DHT_PROTOCOL, peerInfoMapper: localMode ? passthroughMapper : removePrivateAddressesMapper })
    },
    ...(localMode ? { connectionGater: localModeConnectionGater() } : {})
  }
}
