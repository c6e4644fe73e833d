/**
 * @packageDocumentation
 * The browser's network bootstrap: its libp2p stack, local-mode detection and the sources of
 * bootstrap peers. It depends on libp2p only (no UI, no Parley protocol code), so it can move
 * into `@parley/node`'s browser entry unchanged.
 */
export * from './constants.js'
export * from './errors.js'
export { isLoopbackHostname, detectLocalMode, localModeConnectionGater } from './local-mode.js'
export { parsePeerAddress, peerIdOf, peersFromLink, linkWithPeers, fetchServedPeers } from './bootstrap-peers.js'
export { type BootstrapKeeper, type BootstrapKeeperInit, type BootstrapKeeperComponents, bootstrapKeeper } from './bootstrap-keeper.js'
export {
  type BrowserNetInit,
  type BrowserNetOptions,
  type BrowserServices,
  type CreateBrowserLibp2pInit,
  browserNetOptions,
  createBrowserLibp2p
} from './browser-libp2p.js'
