/**
 * The libp2p node of a Parley peer, built apart from the peer so that it can be built (and
 * started) before the profile's store is open: it needs only the identity.
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { libp2pPrivateKeyBytes } from '@parley/crypto'
import { createLibp2p, type Libp2p } from 'libp2p'
import { bootstrapKeeper } from './net/bootstrap-keeper.js'
import { parsePeerAddress } from './net/bootstrap-peers.js'
import { connectionWatch } from './net/connection-watch.js'
import { Forgers, forgersService } from './net/forgers.js'
import { IDENTIFY_TIMEOUT_MS } from './net/constants.js'
import { parleyPubsub } from './pubsub.js'
import type { PeerInit, Services } from './peer.js'

/** What {@link createPeerLibp2p} builds a node with: the identity and the runtime's part. */
export type PeerLibp2pInit = Pick<PeerInit, 'identity' | 'libp2p' | 'pubsub' | 'bootstrap'>

/**
 * Builds (but does not start) a peer's libp2p node: keyed by the identity, with the runtime's
 * transports and services and the core's (Noise, yamux, identify, ping, gossipsub, the bootstrap
 * keeper, the connection watch, the forgers cut off, whose refusals the connection gater adds to
 * the runtime's). Needs no store, so it can be built while the profile opens.
 *
 * libp2p's connection monitor is off: it aborts a connection on the first ping slower than 5 s,
 * which on a saturated machine killed most of a room's healthy connections. The connection watch
 * (net/connection-watch.ts) takes its place and aborts a connection only after two minutes without
 * an answer.
 *
 * @throws InvalidPeerAddressError for a bootstrap address that does not name a peer
 */
export async function createPeerLibp2p (init: PeerLibp2pInit): Promise<Libp2p<Services>> {
  const bootstrap = (init.bootstrap ?? []).map((a) => parsePeerAddress(a.toString()))
  const forgers = new Forgers()
  const { noiseCrypto, ...runtime } = init.libp2p
  return createLibp2p({
    ...runtime,
    connectionGater: forgers.gater(runtime.connectionGater),
    start: false,
    privateKey: privateKeyFromRaw(libp2pPrivateKeyBytes(init.identity)),
    connectionEncrypters: [noise(noiseCrypto === undefined ? {} : { crypto: noiseCrypto })],
    streamMuxers: [yamux()],
    connectionMonitor: { enabled: false },
    services: {
      ...(runtime.services ?? {}),
      bootstrap: bootstrapKeeper({ peers: bootstrap }),
      identify: identify({ timeout: IDENTIFY_TIMEOUT_MS }),
      ping: ping(),
      watch: connectionWatch(),
      forgers: forgersService(forgers),
      pubsub: parleyPubsub(init.pubsub)
    }
  })
}
