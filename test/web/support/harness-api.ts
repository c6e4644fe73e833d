/**
 * The API the network harness page (packages/web/test/harness) puts on `window.harness`, so that
 * tests in Node can drive the app's browser peer (`createBrowserPeer`) through `page.evaluate`. Only plain data
 * crosses the boundary: addresses and peer ids as strings, payloads as text.
 */

/** One open connection as the page sees it. */
export interface HarnessConnection {
  peer: string
  remoteAddr: string
  /**
   * The address's last protocol before `/p2p/<id>`: `ws`, `webrtc`, or `p2p-circuit` for a
   * relayed connection. A WebRTC connection keeps the circuit address it was dialled on as a
   * prefix (`…/p2p-circuit/webrtc/p2p/<id>`), but it runs directly between the two browsers.
   */
  transport: string
  /** A relayed connection has limits (data and time); a direct one has none. */
  limited: boolean
  /** Neither relayed nor limited. */
  direct: boolean
}

/** Options of {@link HarnessApi.start}. */
export interface HarnessStartOptions {
  /** Bootstrap addresses handed to the peer (kept connected by its bootstrap keeper). */
  peers?: string[]
  /** Read bootstrap addresses from the page's own link and served peer list as the app does. */
  peersFromPage?: boolean
}

/** A gossipsub message as received (Parley's gossipsub signs nothing: the envelope inside carries the author's signature). */
export interface HarnessMessage {
  topic: string
  text: string
}

export interface HarnessApi {
  /** Starts the node; resolves with its peer id once started. */
  start(options: HarnessStartOptions): Promise<string>
  /** Whether the page runs in local mode. */
  localMode(): boolean
  /** The node's current listen addresses. */
  addrs(): string[]
  /** Waits until the node has a `/p2p-circuit/webrtc` address (a relay reservation) and returns it. */
  webrtcAddr(timeoutMs: number): Promise<string>
  /** Dials an address and returns the resulting connection. */
  dial(addr: string, timeoutMs: number): Promise<HarnessConnection>
  /**
   * Reaches a contact the way the peer does (its contact dialler: WebRTC signalled through each
   * relay, with retries); resolves with the direct connection once one is open.
   */
  reach(peer: string, timeoutMs: number): Promise<HarnessConnection>
  /** Open connections, optionally only those to one peer. */
  connections(peer?: string): HarnessConnection[]
  /** Pings a connected peer over a new stream; resolves with the round-trip time in ms. */
  ping(peer: string, timeoutMs: number): Promise<number>
  subscribe(topic: string): void
  /** Peers known to be subscribed to a topic. */
  subscribers(topic: string): string[]
  publish(topic: string, text: string): Promise<void>
  /** Messages received so far. */
  messages(): HarnessMessage[]
  /** Stops the node. */
  stop(): Promise<void>
  /** Opens (or creates) a browser-level database, writes `value` under `key` if given, returns what `key` holds. */
  level(name: string, key: string, value?: string): Promise<string | undefined>
}

/** `window` in the harness page. */
export interface HarnessWindow {
  harness: HarnessApi
}
