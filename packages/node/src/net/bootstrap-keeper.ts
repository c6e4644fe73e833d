/**
 * Keeps a peer connected to its bootstrap peers, on every host. libp2p's own reconnect queue
 * gives up after a few retries and forgets the peer; a browser tab left open across a peer's
 * restart (or a laptop lid closed for an hour), or a terminal peer whose neighbour restarts, must
 * find it again whenever it comes back, so this service redials each bootstrap peer for as long
 * as the node runs, with exponential backoff capped at `maxDelay`.
 */
import { serviceCapabilities } from '@libp2p/interface'
import { peerIdOf } from './bootstrap-peers.js'
import { RECONNECT_DIAL_TIMEOUT, RECONNECT_INITIAL_DELAY, RECONNECT_MAX_DELAY } from './constants.js'
import type { ComponentLogger, Libp2pEvents, Logger, PeerId, Startable, TypedEventTarget } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Options of {@link bootstrapKeeper}; every field is optional. */
export interface BootstrapKeeperInit {
  /** Addresses to dial at start and redial whenever their peer disconnects; each ends in `/p2p/<id>`. */
  peers?: Multiaddr[]
  /** First redial delay in ms (default `RECONNECT_INITIAL_DELAY`). */
  initialDelay?: number
  /** Largest redial delay in ms (default `RECONNECT_MAX_DELAY`). */
  maxDelay?: number
  /** Time limit of one dial in ms (default `RECONNECT_DIAL_TIMEOUT`). */
  dialTimeout?: number
}

/** What the keeper needs from libp2p. */
export interface BootstrapKeeperComponents {
  connectionManager: ConnectionManager
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

/** The running service, reachable as `node.services.bootstrap`. */
export interface BootstrapKeeper {
  /**
   * Dials every kept peer once. Not done as libp2p starts: the peer calls it once every protocol
   * handler and connect listener is in place, so no connection opens before what acts on it.
   */
  dialAll(): void
  /** Adds a peer (e.g. typed by the user) and dials it now if started; later disconnects are redialled too. */
  add(addr: Multiaddr): void
  /** The peer ids being kept, as strings. */
  peers(): string[]
  /** Resolves once every dial under way has succeeded or failed (e.g. the first round after start). */
  settled(): Promise<void>
}

interface Kept {
  addrs: Multiaddr[]
  failures: number
  timer?: ReturnType<typeof setTimeout>
  /** The dial under way. */
  dialing?: Promise<void>
}

class DefaultBootstrapKeeper implements BootstrapKeeper, Startable {
  readonly [Symbol.toStringTag] = '@parley/bootstrap-keeper'
  readonly [serviceCapabilities]: string[] = ['@parley/bootstrap-keeper']
  private readonly components: BootstrapKeeperComponents
  private readonly log: Logger
  private readonly kept = new Map<string, Kept>()
  private readonly initialDelay: number
  private readonly maxDelay: number
  private readonly dialTimeout: number
  private running = false
  private shutdown = new AbortController()

  constructor (components: BootstrapKeeperComponents, init: BootstrapKeeperInit) {
    this.components = components
    this.log = components.logger.forComponent('parley:bootstrap-keeper')
    this.initialDelay = init.initialDelay ?? RECONNECT_INITIAL_DELAY
    this.maxDelay = init.maxDelay ?? RECONNECT_MAX_DELAY
    this.dialTimeout = init.dialTimeout ?? RECONNECT_DIAL_TIMEOUT
    for (const addr of init.peers ?? []) {
      this.remember(addr)
    }
  }

  start (): void {
    this.running = true
    this.shutdown = new AbortController()
    this.components.events.addEventListener('peer:disconnect', this.onDisconnect)
  }

  dialAll (): void {
    for (const id of this.kept.keys()) {
      this.dial(id)
    }
  }

  stop (): void {
    this.running = false
    this.shutdown.abort()
    this.components.events.removeEventListener('peer:disconnect', this.onDisconnect)
    for (const kept of this.kept.values()) {
      clearTimeout(kept.timer)
      kept.timer = undefined
    }
  }

  add (addr: Multiaddr): void {
    const id = this.remember(addr)
    if (this.running) {
      this.dial(id)
    }
  }

  peers (): string[] {
    return [...this.kept.keys()]
  }

  async settled (): Promise<void> {
    await Promise.all([...this.kept.values()].map(async (kept) => kept.dialing))
  }

  private remember (addr: Multiaddr): string {
    const id = peerIdOf(addr)
    const kept = this.kept.get(id)
    if (kept == null) {
      this.kept.set(id, { addrs: [addr], failures: 0 })
    } else if (!kept.addrs.some(a => a.equals(addr))) {
      kept.addrs.push(addr)
    }
    return id
  }

  private readonly onDisconnect = (evt: CustomEvent<PeerId>): void => {
    const id = evt.detail.toString()
    if (this.kept.has(id)) {
      this.log('bootstrap peer %p disconnected, redialling', evt.detail)
      this.schedule(id)
    }
  }

  private schedule (id: string): void {
    const kept = this.kept.get(id)
    if (kept == null || !this.running || kept.timer != null || kept.dialing != null) {
      return
    }
    const delay = Math.min(this.maxDelay, this.initialDelay * 2 ** kept.failures)
    // Jitter keeps many tabs from redialling a restarted peer in lockstep.
    kept.timer = setTimeout(() => {
      kept.timer = undefined
      this.dial(id)
    }, delay * (0.75 + Math.random() * 0.5))
  }

  private dial (id: string): void {
    const kept = this.kept.get(id)
    if (kept == null || !this.running || kept.dialing != null) {
      return
    }
    const signal = AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(this.dialTimeout)])
    kept.dialing = this.components.connectionManager.openConnection(kept.addrs, { signal })
      .then(() => {
        kept.failures = 0
      }, (err: Error) => {
        kept.failures++
        this.log('dialling bootstrap peer %s failed (%d in a row) - %e', id, kept.failures, err)
      })
      .finally(() => {
        kept.dialing = undefined
        if (this.components.connectionManager.getConnections().every(c => c.remotePeer.toString() !== id)) {
          this.schedule(id)
        }
      })
  }
}

/**
 * A libp2p service that dials the given bootstrap peers at start and redials each one, forever
 * and with capped exponential backoff, whenever it is not connected.
 */
export function bootstrapKeeper (init: BootstrapKeeperInit = {}): (components: BootstrapKeeperComponents) => BootstrapKeeper {
  return (components) => new DefaultBootstrapKeeper(components, init)
}
