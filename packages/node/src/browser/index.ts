/**
 * @packageDocumentation
 * The browser entry of @parley/node: {@link createBrowserPeer} composes the same peer as
 * `createNodePeer` does on Node, over the browser's transports (WebSockets, WebRTC, circuit
 * relay) and a profile in IndexedDB that one tab holds at a time.
 *
 * @example
 * ```ts
 * const profile = await openBrowserProfile()
 * if ((await profile.status()).state === 'none') { ... }
 * const { peer } = await createBrowserPeer({ profile, nick: 'ada', bootstrap: peersFromLink(location.href) })
 * await peer.start()
 * ```
 */
import '../pb-runtime.js'
import '../libp2p-runtime.js'
export * from '../index.js'
export { openBrowserProfileStore } from './open-store.js'
export * from '../archive/index.js'
export { backupToBlob, blobChunks, dropBrowserProfile, exportAllToBlob, exportToBlob, restoreBrowserProfile, type BlobBackupInit } from './browser-archive.js'
export { createBrowserPeer, BROWSER_KEY_STORE, type BrowserPeer, type BrowserPeerInit } from './create-browser-peer.js'
export { openBrowserProfile, PROFILE_DB, ProfileClosedError, type BrowserProfile, type BrowserProfileStatus } from './browser-profile.js'
export { ProfileInUseError } from './profile-lock.js'
export { checkBrowserProfile, forgetBrowserProfile, ProfileEvictedError, rememberBrowserProfile, salvageBrowserProfile, setAsideBrowserProfile, type SalvageResult } from './browser-repair.js'
export { browserNetOptions, BROWSER_VIA_RELAY, type BrowserNetInit, type BrowserNetOptions } from './net/browser-libp2p.js'
export { detectLocalMode, isLoopbackHostname, localModeConnectionGater } from './net/local-mode.js'
