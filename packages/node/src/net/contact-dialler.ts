/**
 * One way to reach a contact, for every host: a direct (unlimited) connection, because a relayed
 * one is limited in time and bytes. A browser has no listen address of its own, so it is reached
 * through a circuit relay both sides are connected to and upgraded there to a transport the host
 * has (WebRTC: `<relay>/p2p-circuit/webrtc/p2p/<contact>`); then any address libp2p knows for the
 * contact is tried. A Node host names no such transport and dials the contact's known addresses.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { UnreachableError } from '../dm/errors.js'
import { DIRECT_DIAL_ATTEMPTS, DIRECT_DIAL_TIMEOUT } from './constants.js'
import type { Connection, PeerId } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

/** Options of {@link ContactDialler}; every field is optional. */
export interface ContactDiallerInit {
  /**
   * Transports this host reaches other peers with through a relay's circuit, e.g. `['webrtc']`
   * in a browser (default none: only the contact's known addresses are dialled).
   */
  viaRelay?: string[]
  /** Time limit of one dial in ms (default `DIRECT_DIAL_TIMEOUT`). */
  timeout?: number
  /** Attempts through each relay (default `DIRECT_DIAL_ATTEMPTS`). */
  attempts?: number
}

/** A connection that is neither relayed nor limited. */
const isDirect = (c: Connection): boolean => c.limits === undefined && !c.remoteAddr.toString().includes('/p2p-circuit')

/** Dials contacts directly, one attempt at a time per contact. */
export class ContactDialler {
  readonly #libp2p: Libp2p
  readonly #viaRelay: string[]
  readonly #timeout: number
  readonly #attempts: number
  readonly #dialling = new Map<string, Promise<void>>()
  #shutdown = new AbortController()

  constructor (libp2p: Libp2p, init: ContactDiallerInit = {}) {
    this.#libp2p = libp2p
    this.#viaRelay = init.viaRelay ?? []
    this.#timeout = init.timeout ?? DIRECT_DIAL_TIMEOUT
    this.#attempts = init.attempts ?? DIRECT_DIAL_ATTEMPTS
  }

  /** Whether an unlimited connection to `contact` is open. */
  isDirect (contact: string): boolean {
    return this.#libp2p.getConnections(peerIdFromString(contact)).some((c) => c.limits === undefined)
  }

  /**
   * Opens a direct connection to `contact` unless one is open; a call while one runs joins it.
   * Rejects with the last dial's error (`UnreachableError` when there was nothing to dial).
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
    const shutdown = this.#shutdown.signal
    let lastError: Error = new UnreachableError(`${id} is not reachable`)
    const dial = async (target: PeerId | ReturnType<typeof multiaddr>): Promise<void> => {
      try {
        await this.#libp2p.dial(target, { signal: AbortSignal.any([shutdown, AbortSignal.timeout(this.#timeout)]) })
      } catch (err) {
        lastError = err as Error
      }
    }
    for (const address of this.#relayedAddresses(id)) {
      for (let attempt = 0; attempt < this.#attempts && !this.isDirect(id) && !shutdown.aborted; attempt++) await dial(address)
      if (this.isDirect(id)) return
    }
    if (!shutdown.aborted) await dial(contact)
    if (!this.isDirect(id)) throw lastError
  }

  /** `<relay>/p2p-circuit/<transport>/p2p/<contact>` through every directly connected peer but the contact. */
  #relayedAddresses (contact: string): Array<ReturnType<typeof multiaddr>> {
    if (this.#viaRelay.length === 0) return []
    const relays = this.#libp2p.getConnections().filter((c) => isDirect(c) && c.remotePeer.toString() !== contact)
    return relays.flatMap((relay) => {
      const base = relay.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '')
      return this.#viaRelay.map((transport) => multiaddr(`${base}/p2p/${relay.remotePeer.toString()}/p2p-circuit/${transport}/p2p/${contact}`))
    })
  }
}
