/**
 * The attacker's side of the attack tests: a bare libp2p node on 127.0.0.1 (TCP, Noise, yamux,
 * identify) keyed like a Parley peer (its PeerId is an Ed25519 identity's key), with a gossipsub
 * that uses Parley's message ids but runs none of Parley's checks, so it forwards and publishes
 * whatever a test makes it say. Protocols it speaks by hand (dialProtocol).
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { gossipsub, type GossipSub, type GossipsubOpts } from '@libp2p/gossipsub'
import { identify, type Identify, type IdentifyInit } from '@libp2p/identify'
import { tcp } from '@libp2p/tcp'
import { generateIdentity, libp2pPrivateKeyBytes, type Identity } from '@parley/crypto'
import { createLibp2p, type Libp2p } from 'libp2p'
import { parleyMsgId } from '../../packages/node/src/pubsub.js'

export type RawNode = Libp2p<{ identify: Identify, pubsub: GossipSub }>

export interface RawNodeOptions {
  /** The key the node's PeerId derives from (default: a fresh one). */
  identity?: Identity
  /** Gossipsub options over the raw defaults (no signatures, Parley's message ids, publish to nobody allowed). */
  pubsub?: Partial<GossipsubOpts>
  /** Identify options (default: libp2p's). */
  identify?: IdentifyInit
}

/** A started raw node; stop it in the test's afterAll. */
export async function rawNode (options: RawNodeOptions = {}): Promise<RawNode> {
  return createLibp2p({
    privateKey: privateKeyFromRaw(libp2pPrivateKeyBytes(options.identity ?? generateIdentity())),
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: { allow: ['/ip4/127.0.0.0/ipcidr/8'] },
    services: {
      identify: identify(options.identify),
      pubsub: gossipsub({ globalSignaturePolicy: 'StrictNoSign', msgIdFn: (m) => parleyMsgId(m.topic, m.data), allowPublishToZeroTopicPeers: true, emitSelf: false, ...options.pubsub })
    }
  })
}
