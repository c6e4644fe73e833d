/**
 * Peers caught sending forgeries, cut off. A Parley peer checks every room envelope before it
 * forwards it, so an envelope whose signature does not verify (or that names another room than
 * its topic's) never comes from an honest peer, whoever wrote it: the peer that sent it to us
 * forged it or forwards without checking. Gossipsub's score pushes such a peer out of the mesh
 * only after many of them, each of which costs us a decode and an Ed25519 verification. After
 * FORGERIES_BEFORE_CUTOFF of them, the peer is hung up on, and the connection gater refuses it,
 * both ways, for FORGER_CUTOFF_MS; what was read from it and not yet checked is refused unchecked.
 *
 * Only checks that give the same answer on every honest peer count (not a timestamp ahead of our
 * clock, not a shape a newer version may allow): a version or clock apart is never a forger.
 * Bounds: MAX_FORGERS_TRACKED peers with strikes, as many cut off (the oldest forgotten first).
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { BoundedMap } from '../bounded.js'
import { named } from '../errors.js'
import { FORGER_CUTOFF_MS, FORGERIES_BEFORE_CUTOFF, MAX_FORGERS_TRACKED } from './constants.js'
import type { ConnectionGater, PeerId } from '@libp2p/interface'
import type { ConnectionManager } from '@libp2p/interface-internal'

/** Limits of a {@link Forgers}; for tests. */
export interface ForgersInit {
  /** Forgeries a peer may send before it is cut off (default FORGERIES_BEFORE_CUTOFF). */
  strikes?: number
  /** How long a cut-off peer stays refused, in ms (default FORGER_CUTOFF_MS). */
  cutoffMs?: number
}

/** What a topic validator tells the cut-off of and asks it: a forgery from a peer, and whether a peer is cut off. */
export type ForgerWatch = Pick<Forgers, 'forged' | 'isCutOff'>

/** Why a forger's connections were aborted. */
export class ForgerCutOffError extends named('ForgerCutOffError') {}

/** One node's forgers: their strikes, who is cut off, and the gater that refuses them. */
export class Forgers {
  readonly #strikes: number
  readonly #cutoffMs: number
  /** Forgeries counted per peer not yet cut off. */
  readonly #counted = new BoundedMap<string, number>(MAX_FORGERS_TRACKED)
  /** Until when each cut-off peer is refused (ms since the epoch). */
  readonly #until = new BoundedMap<string, number>(MAX_FORGERS_TRACKED)
  #connections: Pick<ConnectionManager, 'getConnections'> | undefined

  constructor (init: ForgersInit = {}) {
    this.#strikes = init.strikes ?? FORGERIES_BEFORE_CUTOFF
    this.#cutoffMs = init.cutoffMs ?? FORGER_CUTOFF_MS
  }

  /** The node's connections, to hang up on a peer once it is cut off (set when the node is built). */
  bind (connections: Pick<ConnectionManager, 'getConnections'>): void {
    this.#connections = connections
  }

  /** Whether `peer` is cut off now. */
  isCutOff (peer: string): boolean {
    const until = this.#until.get(peer)
    if (until === undefined) return false
    if (until > Date.now()) return true
    this.#until.delete(peer)
    return false
  }

  /** `peer` sent a forgery; true when this one cut it off. */
  forged (peer: string): boolean {
    if (this.isCutOff(peer)) return false
    const count = (this.#counted.get(peer) ?? 0) + 1
    if (count < this.#strikes) {
      this.#counted.set(peer, count)
      return false
    }
    this.#counted.delete(peer)
    this.#until.set(peer, Date.now() + this.#cutoffMs)
    // Aborted, not closed: a close waits for the streams, whose unread forgeries would be checked meanwhile.
    const error = new ForgerCutOffError(`${peer} sent ${this.#strikes} forged envelopes`)
    for (const connection of this.#connections?.getConnections(peerIdFromString(peer)) ?? []) connection.abort(error)
    return true
  }

  /** `inner` (or no gater), refusing cut-off peers' connections both ways as well. */
  gater (inner: ConnectionGater = {}): ConnectionGater {
    const refused = (peer: PeerId): boolean => this.isCutOff(peer.toString())
    return {
      ...inner,
      denyDialPeer: async (peer) => refused(peer) || (await inner.denyDialPeer?.(peer) ?? false),
      denyInboundEncryptedConnection: async (peer, conn) => refused(peer) || (await inner.denyInboundEncryptedConnection?.(peer, conn) ?? false),
      denyOutboundEncryptedConnection: async (peer, conn) => refused(peer) || (await inner.denyOutboundEncryptedConnection?.(peer, conn) ?? false)
    }
  }
}

/** A libp2p service holding `forgers`, which it binds to the node's connections. */
export function forgersService (forgers: Forgers): (components: { connectionManager: ConnectionManager }) => Forgers {
  return (components) => {
    forgers.bind(components.connectionManager)
    return forgers
  }
}
