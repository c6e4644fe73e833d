/**
 * createBrowserPeer: the browser's composition root, beside `createNodePeer`. The same core and
 * policies (bootstrap keeper, contact dialler, DM rules) over the browser's transports
 * (net/browser-libp2p.ts) and a profile in IndexedDB held by one tab (browser-profile.ts).
 */
import { BrowserLevel } from 'browser-level'
import { LevelBlobStore } from '../files/level-blob-store.js'
import { ready, type KeyStoreParams } from '@parley/crypto'
import { loadOrCreateIdentity } from '../identity-store.js'
import { createPeer, type Peer } from '../peer.js'
import { rememberBrowserProfile } from './browser-repair.js'
import { DefaultBrowserProfile, openBrowserProfile, ProfileClosedError, type BrowserProfile } from './browser-profile.js'
import { blobDatabaseOf } from './browser-archive.js'
import { BROWSER_VIA_RELAY, browserNetOptions, type BrowserNetInit } from './net/browser-libp2p.js'
import type { PubsubInit } from '../pubsub.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Argon2id cost of a passphrase-sealed identity in the browser: libsodium's INTERACTIVE limits. */
export const BROWSER_KEY_STORE: KeyStoreParams = { opsLimit: 2, memLimit: 64 * 1024 * 1024 }

/** Options of {@link createBrowserPeer}. */
export interface BrowserPeerInit extends BrowserNetInit {
  /** A profile opened with `openBrowserProfile`; by default the one in `database` is opened. */
  profile?: BrowserProfile
  /** IndexedDB database of the profile when `profile` is not given (default `PROFILE_DB`). */
  database?: string
  /** Self-chosen nickname (stored; the stored one wins when omitted). */
  nick?: string
  /** Passphrase sealing the identity (first run) or opening it. */
  passphrase?: string
  /** Key-store cost parameters (default {@link BROWSER_KEY_STORE}). */
  keyStore?: KeyStoreParams
  /** Peers to stay connected to (from the link, the serving page or the user). */
  bootstrap?: Array<string | Multiaddr>
  pubsub?: PubsubInit
  /** How far back room history sync reaches. */
  syncWindowMs?: number
}

/** The peer (not started), its profile, and whether its identity was just created or is stored without a passphrase. */
export interface BrowserPeer {
  peer: Peer
  profile: BrowserProfile
  created: boolean
  unprotected: boolean
}

/**
 * Builds (but does not start) the browser's peer on its profile. Stopping the peer closes the
 * store; `profile.close()` does both and lets another tab open the profile.
 *
 * @throws ProfileInUseError when another tab holds the profile (`profile` not given)
 * @throws WrongPassphraseError, PassphraseRequiredError for a sealed identity
 */
export async function createBrowserPeer (init: BrowserPeerInit = {}): Promise<BrowserPeer> {
  await ready()
  const profile = init.profile ?? await openBrowserProfile(init.database)
  if (!(profile instanceof DefaultBrowserProfile)) throw new TypeError('profile must come from openBrowserProfile')
  if (profile.peer !== undefined) throw new ProfileClosedError('this profile already has a peer')
  try {
    const { identity, created, unprotected } = await loadOrCreateIdentity(profile.store, init.passphrase, init.keyStore ?? BROWSER_KEY_STORE)
    const peer = await createPeer({
      identity,
      store: profile.store,
      nick: init.nick,
      pubsub: init.pubsub,
      bootstrap: init.bootstrap,
      syncWindowMs: init.syncWindowMs,
      // File chunks in an IndexedDB database of their own beside the profile's (they are sealed already).
      blobs: new LevelBlobStore(new BrowserLevel<string, Uint8Array>(blobDatabaseOf(profile.database), { keyEncoding: 'utf8', valueEncoding: 'view' })),
      reach: { viaRelay: BROWSER_VIA_RELAY },
      // The tab shows its UI at once; the status line says when the bootstrap peers answer.
      awaitBootstrap: false,
      libp2p: browserNetOptions(init)
    })
    profile.attach(peer)
    rememberBrowserProfile(profile.database, peer.peerId)
    return { peer, profile, created, unprotected }
  } catch (err) {
    // A profile opened here is closed here; one handed in stays the caller's.
    if (init.profile === undefined) await profile.close()
    throw err
  }
}
