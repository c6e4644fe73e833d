/**
 * The Node.js entry of @parley/node: a peer on TCP and WebSockets with
 * LevelDB on disk, mDNS, a bootstrap list (kept connected by the peer's
 * bootstrap keeper), circuit relay v2 server (so peers behind NATs and
 * browsers reach each other through it) and transport (a reserved slot on
 * the relays it bootstraps from), autoNAT, DCUtR and kad-dht (peer routing,
 * served to every peer). The same core
 * (`createPeer`) and policies run in the browser (`createBrowserPeer`).
 */
import '../pb-runtime.js'
import '../libp2p-runtime.js'
import { autoNAT } from '@libp2p/autonat'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { dcutr } from '@libp2p/dcutr'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper } from '@libp2p/kad-dht'
import { mdns } from '@libp2p/mdns'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { ready, useNativeChaCha20Poly1305, type Identity, type KeyStoreParams } from '@parley/crypto'
import { loadOrCreateIdentity, type LoadedIdentity } from '../identity-store.js'
import { createPeer, type Peer, type PeerInit, type Services } from '../peer.js'
import { createPeerLibp2p } from '../peer-libp2p.js'
import { identityFromRecord, identityRecord, IdentityFileMismatchError, readIdentityFile, removeIdentityFile, sameRecord, writeIdentityFile } from './identity-file.js'
import { openNodeProfileStore, openPeerProfile, type PrereadProfile } from './open-store.js'
import { DiskBlobStore } from './disk-blob-store.js'
import { nodeChaCha20Poly1305 } from './native-chacha.js'
import { noiseCrypto } from './noise-crypto.js'
import { join } from 'node:path'
import type { FilesInit } from '../files/files.js'
import { DEFAULT_MAX_RESERVATIONS, DHT_PROTOCOL, MAX_RELAY_SLOTS, RELAY_DATA_LIMIT, RELAY_DURATION_LIMIT_MS } from '../net/constants.js'
import type { TightenedPath } from './private-dir.js'
import type { PubsubInit } from '../pubsub.js'
import type { Libp2p, Libp2pOptions } from 'libp2p'
import type { ProfileStore } from '../store/index.js'

// File chunks go through OpenSSL's ChaCha20-Poly1305 in Node (several times libsodium's WebAssembly).
useNativeChaCha20Poly1305(nodeChaCha20Poly1305)

export { openNodeProfileStore }
export { nodeChaCha20Poly1305 } from './native-chacha.js'
export { DiskBlobStore } from './disk-blob-store.js'
export { IDENTITY_FILE, IdentityFileMismatchError } from './identity-file.js'
export { fileSink, fileSource, typeOf } from './file-io.js'
export { makeThumbnail, thumbnailOf, ImageDecodeError, ImageTooLargeError, MAX_THUMBNAIL_SOURCE_BYTES, MAX_THUMBNAIL_SOURCE_PIXELS } from './thumbnail.js'
export { nodeStats, type NodeStats } from './stats.js'
export { ALL_CONVERSATIONS, backupProfile, backupToFile, exportAllConversations, exportAllProfile, exportConversation, exportFileName, exportProfile, restoreProfile, type ExportedFile, type BackupProfileInit, type ExportProfileInit, type RestoreProfileInit } from './archive-files.js'

/** Options of {@link createNodePeer}. */
export interface NodePeerInit {
  dataDir: string
  nick?: string
  /** Listen multiaddrs (default TCP and WebSockets on all interfaces, ports chosen by the OS). */
  listen?: string[]
  bootstrap?: string[]
  /** mDNS on the LAN (default on). */
  mdns?: boolean
  /** Passphrase sealing the profile (first run) or opening it. */
  passphrase?: string
  /** Key-store cost parameters (tests use cheap ones). */
  keyStore?: KeyStoreParams
  /** Allow many connections from loopback (tests, benchmarks, local use). */
  allowLoopback?: boolean
  pubsub?: PubsubInit
  /** Hold DMs for offline contacts. */
  mailbox?: boolean
  /** How far back room history sync reaches. */
  syncWindowMs?: number
  /** Most peers this peer holds a relay slot for (default DEFAULT_MAX_RESERVATIONS). */
  maxReservations?: number
  /**
   * Relay slots this peer reserves, each on a relay it finds (its bootstrap peers first), so that
   * peers that cannot dial it directly reach it through them (default: one per bootstrap peer, at
   * most MAX_RELAY_SLOTS; 0 reserves none).
   */
  relaySlots?: number
  /**
   * The DHT also stores and serves private (LAN, loopback) addresses: for a Parley network that
   * lives on one LAN or one machine (default off: public addresses only, so a stranger learns no
   * LAN address from it).
   */
  lanDht?: boolean
  /** File size, quota and serving limits (blobs live in `<dataDir>/blobs`). */
  files?: FilesInit
  /** Told which paths of an existing data directory were open to other users (they are private now). */
  onTightened?: (paths: TightenedPath[]) => void
}

/** The peer, and whether its identity was just created or is stored without a passphrase. */
export interface NodePeer {
  peer: Peer
  created: boolean
  unprotected: boolean
}

/**
 * Opens the data directory and builds the peer (`peer.start()` restores its state and makes it
 * reachable). A clear profile's libp2p node is built and started while its database opens, keyed
 * by the identity file (identity-file.ts; written at the first start that lacks it); a sealed
 * profile, or one without that file yet, opens first and starts libp2p in `peer.start()`.
 *
 * @throws IdentityFileMismatchError when the identity file names another identity than the
 * database; and what openNodeProfileStore and loadOrCreateIdentity throw
 */
export async function createNodePeer (init: NodePeerInit): Promise<NodePeer> {
  await ready()
  const withPassphrase = init.passphrase !== undefined && init.passphrase !== ''
  const base = peerInit(init)
  // The store opens from the first moment; the identity file is read meanwhile.
  const opening = openPeerProfile(init.dataDir, { passphrase: init.passphrase, onTightened: init.onTightened })
  opening.catch(() => {}) // awaited below
  let record: Uint8Array | undefined
  try {
    record = withPassphrase ? undefined : readIdentityFile(init.dataDir)
  } catch (err) {
    await opening.then(async ({ store }) => { await store.close() }, () => {})
    throw err
  }
  const early = record === undefined ? undefined : startEarly(identityFromRecord(record), base)
  let store: ProfileStore
  let preread: PrereadProfile | undefined
  try {
    ({ store, preread } = await opening)
  } catch (err) {
    await early?.stop()
    throw err
  }
  try {
    // A sealed profile keeps no clear copy of its key: one found beside it is removed, not used.
    if (early !== undefined && record !== undefined && preread !== undefined) {
      // The identity record and nickname were read while LevelDB opened (openPeerProfile): the
      // record is checked and the peer built without another read. A mismatch stops the start
      // before the peer exists.
      const loaded = await checkRecord(store, record, preread.identity, early.identity, init.dataDir)
      const peer = await createPeer({ ...base, identity: loaded.identity, store, node: { libp2p: await early.built, started: early.started }, stored: { nick: preread.nick } })
      return { peer, created: loaded.created, unprotected: true }
    }
    await Promise.all([early?.stop(), store.encrypted ? removeIdentityFile(init.dataDir) : undefined])
    const loaded = await loadOrCreateIdentity(store, init.passphrase, init.keyStore)
    const [peer] = await Promise.all([
      createPeer({ ...base, identity: loaded.identity, store }),
      // The first clear start without the file writes it, so the next one starts libp2p early.
      loaded.unprotected ? writeIdentityFile(init.dataDir, identityRecord(loaded.identity)) : undefined
    ])
    return { peer, created: loaded.created, unprotected: loaded.unprotected }
  } catch (err) {
    await early?.stop()
    await store.close()
    throw err
  }
}

/**
 * `identity`, the one the file's `record` names, checked against the open clear profile's
 * `stored` record (read while it opened): the same record, or none yet (the database is empty: a first start stopped between storing the
 * identity and LevelDB writing it out, say), which the file's identity then becomes.
 *
 * @throws IdentityFileMismatchError when the profile holds another identity
 */
async function checkRecord (store: ProfileStore, record: Uint8Array, stored: Uint8Array | undefined, identity: Identity, dataDir: string): Promise<LoadedIdentity> {
  if (stored !== undefined && !sameRecord(stored, record)) throw new IdentityFileMismatchError(dataDir)
  if (stored === undefined) await store.kv('identity').put('self', record)
  return { identity, created: stored === undefined, unprotected: true }
}

/** A libp2p node being built and started before the profile's store is open. */
interface EarlyNode {
  /** The identity the file names. */
  identity: Identity
  built: Promise<Libp2p<Services>>
  started: Promise<void>
  /** Stops it once its start settled (a failed start leaves nothing running). */
  stop: () => Promise<void>
}

function startEarly (identity: Identity, base: Omit<PeerInit, 'identity' | 'store'>): EarlyNode {
  const built = createPeerLibp2p({ ...base, identity })
  const started = built.then(async (libp2p) => { await libp2p.start() })
  // Awaited by the peer's start, or by stop() below: not an unhandled rejection meanwhile.
  started.catch(() => {})
  return {
    identity,
    built,
    started,
    stop: async () => {
      const libp2p = await built.catch(() => undefined)
      await started.catch(() => {})
      await libp2p?.stop()
    }
  }
}

/** What createPeer and createPeerLibp2p are given besides the identity, the store and the node. */
function peerInit (init: NodePeerInit): Omit<PeerInit, 'identity' | 'store'> {
  const slots = Math.min(init.relaySlots ?? (init.bootstrap ?? []).length, MAX_RELAY_SLOTS)
  const discovery: NonNullable<Libp2pOptions['peerDiscovery']> = []
  if (init.mdns !== false) discovery.push(mdns())
  return {
    nick: init.nick,
    pubsub: init.pubsub,
    bootstrap: init.bootstrap,
    mailbox: init.mailbox,
    syncWindowMs: init.syncWindowMs,
    blobs: new DiskBlobStore(join(init.dataDir, 'blobs')),
    files: init.files,
    libp2p: {
      addresses: { listen: [...(init.listen ?? ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']), ...Array<string>(slots).fill('/p2p-circuit')] },
      transports: [tcp(), webSockets(), circuitRelayTransport()],
      peerDiscovery: discovery,
      connectionManager: init.allowLoopback === true ? { allow: ['/ip4/127.0.0.0/ipcidr/8'] } : undefined,
      noiseCrypto,
      services: {
        relay: circuitRelayServer({
          reservations: { maxReservations: init.maxReservations ?? DEFAULT_MAX_RESERVATIONS, defaultDurationLimit: RELAY_DURATION_LIMIT_MS, defaultDataLimit: RELAY_DATA_LIMIT }
        }),
        autoNAT: autoNAT(),
        dcutr: dcutr(),
        // The DHT serves public addresses only (libp2p's default mapper) unless `lanDht`: a stranger
        // learns no LAN address from it, and a peer whose addresses are all private is reached
        // through a relay.
        dht: kadDHT({ clientMode: false, protocol: DHT_PROTOCOL, peerInfoMapper: init.lanDht === true ? passthroughMapper : removePrivateAddressesMapper })
      }
    }
  }
}
