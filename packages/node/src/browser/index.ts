/**
 * @packageDocumentation
 * The browser entry of @parley/node: the isomorphic peer (`createPeer`)
 * and the profile store on IndexedDB through browser-level. The browser app
 * supplies the transports (WebSockets, WebRTC, circuit relay).
 */
export * from '../index.js'
export { openBrowserProfileStore } from './open-store.js'
