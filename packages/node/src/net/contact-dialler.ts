/**
 * One way to reach a contact that is not connected, for every host and every Parley protocol.
 * It tries, in order, until one gives a connection:
 *
 * 1. in a browser (`viaRelay`, e.g. `['webrtc']`), a direct connection signalled through each
 *    relay it is connected to: `<relay>/p2p-circuit/webrtc/p2p/<contact>`;
 * 2. the addresses already known for the contact (the peer store: identify, a contact card);
 * 3. peer routing (the kad-dht: Node peers serve it), whose answer is dialled;
 * 4. a circuit relay both may use: `<relay>/p2p-circuit/p2p/<contact>` through every directly
 *    connected peer that speaks the relay's hop protocol; started as soon as step 3 has found
 *    nothing dialable, or RELAY_FALLBACK_DELAY_MS after it began if it has not connected by
 *    then, the first to connect winning.
 *
 * A relayed connection is limited (in time and bytes, by the relay), so once one is open the
 * dialler upgrades it in the background: it dials the contact's direct addresses (identify sends
 * them over the relayed connection; on Node, DCUtR hole-punches public ones at the same time),
 * and keeps using the relay only while that fails. Protocols open their streams with
 * {@link openStream}, which takes the best open connection, relayed or not.
 */
import { RELAY_V2_HOP_CODEC } from '@libp2p/circuit-relay-v2'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { BoundedMap } from '../bounded.js'
import { UnreachableError } from '../dm/errors.js'
import { DIRECT_DIAL_ATTEMPTS, DIRECT_DIAL_TIMEOUT, MAX_RELAYS_TRIED, MAX_UPGRADES_TRACKED, PEER_ROUTING_TIMEOUT, RELAY_FALLBACK_DELAY_MS, UPGRADE_RETRY_MS } from './constants.js'
import type { AbortOptions, Connection, PeerId, Stream } from '@libp2p/interface'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { Libp2p } from 'libp2p'

/** Options of {@link ContactDialler}; every field is optional. */
export interface ContactDiallerInit {
  /**
   * Transports this host reaches other peers with through a relay's circuit, e.g. `['webrtc']`
   * in a browser (default none).
   */
  viaRelay?: string[]
  /** Time limit of one dial in ms (default `DIRECT_DIAL_TIMEOUT`). */
  timeout?: number
  /** Attempts of a `viaRelay` dial through each relay (default `DIRECT_DIAL_ATTEMPTS`). */
  attempts?: number
}

const isRelayed = (addr: Multiaddr): boolean => addr.getComponents().some((c) => c.name === 'p2p-circuit')

/** A connection that is neither relayed nor limited. */
const isDirect = (c: Connection): boolean => c.limits == null && !isRelayed(c.remoteAddr)

/** The open connection a stream to `peer` should use: an unlimited one if any, else a relayed one. */
export function bestConnection (libp2p: Libp2p, peer: PeerId): Connection | undefined {
  const open = libp2p.getConnections(peer).filter((c) => c.status === 'open')
  return open.find((c) => c.limits == null) ?? open[0]
}

/**
 * Opens a stream of `protocol` to `peer` on its best open connection (a relayed one too), or
 * dials it when there is none. Every Parley protocol opens its streams here, and registers its
 * handler with `runOnLimitedConnection: true`, so it works across a relay.
 */
export async function openStream (libp2p: Libp2p, peer: PeerId, protocol: string, options: AbortOptions = {}): Promise<Stream> {
  const connection = bestConnection(libp2p, peer)
  if (connection !== undefined) return connection.newStream(protocol, { ...options, runOnLimitedConnection: true })
  return libp2p.dialProtocol(peer, protocol, { ...options, runOnLimitedConnection: true })
}

/** Reaches contacts, one attempt at a time per contact. */
export class ContactDialler {
  readonly #libp2p: Libp2p
  readonly #viaRelay: string[]
  readonly #timeout: number
  readonly #attempts: number
  readonly #dialling = new Map<string, Promise<void>>()
  /** When the last upgrade of a relayed connection to each contact started. */
  readonly #upgradedAt = new BoundedMap<string, number>(MAX_UPGRADES_TRACKED)
  #shutdown = new AbortController()

  constructor (libp2p: Libp2p, init: ContactDiallerInit = {}) {
    this.#libp2p = libp2p
    this.#viaRelay = init.viaRelay ?? []
    this.#timeout = init.timeout ?? DIRECT_DIAL_TIMEOUT
    this.#attempts = init.attempts ?? DIRECT_DIAL_ATTEMPTS
  }

  /** Whether an unlimited connection to `contact` is open. */
  isDirect (contact: string): boolean {
    return this.#libp2p.getConnections(peerIdFromString(contact)).some((c) => c.limits == null)
  }

  /** Whether any connection to `contact` is open, relayed or not. */
  isConnected (contact: string): boolean {
    return bestConnection(this.#libp2p, peerIdFromString(contact)) !== undefined
  }

  /**
   * Opens a connection to `contact` unless one is open (a call while one runs joins it), then
   * upgrades a relayed one to direct in the background. Rejects with the last dial's error
   * (`UnreachableError` when there was nothing to dial).
   */
  async connect (contact: string): Promise<void> {
    const running = this.#dialling.get(contact)
    if (running !== undefined) return running
    const run = this.#connect(peerIdFromString(contact)).finally(() => { this.#dialling.delete(contact) })
    this.#dialling.set(contact, run)
    return run
  }

  /** Aborts the dials under way; later calls dial again. */
  stop (): void {
    this.#shutdown.abort()
    this.#shutdown = new AbortController()
  }

  async #connect (contact: PeerId): Promise<void> {
    const id = contact.toString()
    if (this.isDirect(id)) return
    if (this.isConnected(id)) {
      this.#upgrade(contact)
      return
    }
    const shutdown = this.#shutdown.signal
    let lastError: Error = new UnreachableError(`${id} is not reachable`)
    const dial = async (target: PeerId | Multiaddr | Multiaddr[]): Promise<boolean> => {
      if (shutdown.aborted) return false
      try {
        await this.#libp2p.dial(target, { signal: AbortSignal.any([shutdown, AbortSignal.timeout(this.#timeout)]) })
      } catch (err) {
        lastError = err as Error
      }
      return this.isConnected(id)
    }
    for (const address of this.#relayedAddresses(id, this.#viaRelay)) {
      for (let attempt = 0; attempt < this.#attempts && !this.isDirect(id) && !shutdown.aborted; attempt++) await dial(address)
      if (this.isDirect(id)) return
    }
    const known = await this.#knownAddresses(contact)
    if ((known.length > 0 && await dial(contact)) || await this.#routeOrRelay(contact, dial)) {
      this.#upgrade(contact)
      return
    }
    throw lastError
  }

  /**
   * Peer routing, and a circuit through a relay once routing has found nothing dialable or
   * RELAY_FALLBACK_DELAY_MS has passed without a connection, whichever connects first: a DHT
   * lookup may take seconds, or find nothing dialable (it serves public addresses only), and the
   * relay is there meanwhile.
   */
  async #routeOrRelay (contact: PeerId, dial: (target: Multiaddr | Multiaddr[]) => Promise<boolean>): Promise<boolean> {
    const id = contact.toString()
    const shutdown = this.#shutdown.signal
    const routed = this.#route(contact, dial)
    let timer: ReturnType<typeof setTimeout> | undefined
    const fallback = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, RELAY_FALLBACK_DELAY_MS)
      shutdown.addEventListener('abort', () => { resolve() }, { once: true })
    })
    const viaRelay = async (): Promise<boolean> => !shutdown.aborted && (this.isConnected(id) || this.#viaAnyRelay(id, dial))
    const relayed = (async () => {
      const early = await Promise.race([fallback.then(() => false), routed.then((ok) => !ok, () => true)])
      if (early && await viaRelay()) return true
      // An early try may come before the contact holds its slot on the relay: once more at the mark.
      await fallback
      clearTimeout(timer)
      return viaRelay()
    })()
    return new Promise<boolean>((resolve) => {
      let pending = 2
      const settle = (ok: boolean): void => {
        pending--
        if (ok || pending === 0) resolve(ok)
      }
      void routed.then(settle, () => { settle(false) })
      void relayed.then(settle, () => { settle(false) })
    })
  }

  async #knownAddresses (contact: PeerId): Promise<Multiaddr[]> {
    try {
      return (await this.#libp2p.peerStore.get(contact)).addresses.map((a) => a.multiaddr)
    } catch {
      return []
    }
  }

  /** Peer routing (the kad-dht): dials what it finds. */
  async #route (contact: PeerId, dial: (target: Multiaddr[]) => Promise<boolean>): Promise<boolean> {
    // With no one to ask, a lookup would only wait for its timeout (the relay starts at once instead).
    if (!this.#canRoute()) return false
    let found: Multiaddr[]
    try {
      // Not from the cache: the DHT's cache is the peer store, whose addresses step 2 just tried.
      const info = await this.#libp2p.peerRouting.findPeer(contact, { useCache: false, signal: AbortSignal.any([this.#shutdown.signal, AbortSignal.timeout(PEER_ROUTING_TIMEOUT)]) })
      found = info.multiaddrs
    } catch {
      return false
    }
    if (found.length === 0) return false
    await this.#libp2p.peerStore.merge(contact, { multiaddrs: found })
    return dial(found.map((a) => (a.getComponents().at(-1)?.name === 'p2p' ? a : a.encapsulate(`/p2p/${contact.toString()}`))))
  }

  /**
   * Whether peer routing has anyone to ask: the kad-dht (service `dht` on both hosts) holds a peer
   * in its routing table. It holds none when every peer it met has private addresses only (the DHT
   * keeps public ones), e.g. on a LAN, or before the first bootstrap peer answered.
   */
  #canRoute (): boolean {
    const dht = (this.#libp2p.services as { dht?: Partial<SingleKadDHT> }).dht
    return dht === undefined || (dht.routingTable?.size ?? 1) > 0
  }

  /** Through every directly connected relay in turn (those that announced the hop protocol). */
  async #viaAnyRelay (contact: string, dial: (target: Multiaddr) => Promise<boolean>): Promise<boolean> {
    const relays: string[] = []
    for (const c of this.#libp2p.getConnections()) {
      if (!isDirect(c) || c.remotePeer.toString() === contact || relays.includes(c.remotePeer.toString())) continue
      const protocols = await this.#libp2p.peerStore.get(c.remotePeer).then((p) => p.protocols, (): string[] => [])
      if (protocols.includes(RELAY_V2_HOP_CODEC)) relays.push(c.remotePeer.toString())
    }
    for (const address of this.#relayedAddresses(contact, [''], relays.slice(0, MAX_RELAYS_TRIED))) {
      if (await dial(address)) return true
    }
    return false
  }

  /**
   * While only a relayed connection is open, tries for a direct one, at most once per
   * UPGRADE_RETRY_MS: the `viaRelay` transports through each relay, then the contact's direct
   * addresses. A failure leaves the relayed connection in use.
   */
  #upgrade (contact: PeerId): void {
    const id = contact.toString()
    const last = this.#upgradedAt.get(id) ?? 0
    if (this.isDirect(id) || Date.now() - last < UPGRADE_RETRY_MS) return
    this.#upgradedAt.set(id, Date.now())
    const signal = AbortSignal.any([this.#shutdown.signal, AbortSignal.timeout(this.#timeout)])
    void (async () => {
      // A browser signals a direct transport (WebRTC) through each relay, once per upgrade round.
      for (const address of this.#relayedAddresses(id, this.#viaRelay)) {
        if (this.isDirect(id) || signal.aborted) return
        await this.#libp2p.dial(address, { signal }).catch(() => {})
      }
      let direct = (await this.#knownAddresses(contact)).filter((a) => !isRelayed(a))
      // Identify on the new relayed connection brings the contact's own addresses.
      if (direct.length === 0) {
        await this.#identified(contact, signal)
        direct = (await this.#knownAddresses(contact)).filter((a) => !isRelayed(a))
      }
      if (direct.length === 0 || this.isDirect(id) || signal.aborted) return
      await this.#libp2p.dial(direct.map((a) => (a.getComponents().at(-1)?.name === 'p2p' ? a : a.encapsulate(`/p2p/${id}`))), { signal })
    })().catch(() => {})
  }

  /** Resolves when identify next completes with `contact`, or when `signal` aborts. */
  async #identified (contact: PeerId, signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.#libp2p.removeEventListener('peer:identify', onIdentify)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const onIdentify = (evt: CustomEvent<{ peerId: PeerId }>): void => { if (evt.detail.peerId.equals(contact)) done() }
      this.#libp2p.addEventListener('peer:identify', onIdentify)
      signal.addEventListener('abort', done)
    })
  }

  /** `<relay>/p2p-circuit[/<transport>]/p2p/<contact>` through each given (default: every directly connected) peer. */
  #relayedAddresses (contact: string, transports: string[], only?: string[]): Multiaddr[] {
    if (transports.length === 0) return []
    const relays = this.#libp2p.getConnections().filter((c) => isDirect(c) && c.remotePeer.toString() !== contact && (only === undefined || only.includes(c.remotePeer.toString())))
    const seen = new Set<string>()
    return relays.flatMap((relay) => {
      if (seen.has(relay.remotePeer.toString())) return []
      seen.add(relay.remotePeer.toString())
      const base = relay.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '')
      return transports.map((transport) => multiaddr(`${base}/p2p/${relay.remotePeer.toString()}/p2p-circuit${transport === '' ? '' : `/${transport}`}/p2p/${contact}`))
    })
  }
}
