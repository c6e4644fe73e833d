/**
 * What both history syncs (room-sync.ts and private-sync.ts) keep about each remote peer: its
 * inbound syncs and the table cells it asked for in the current minute, and until when it is
 * penalised for serving forged history. Each sync has its own guard (their budgets are separate).
 */
import { penalise, type GossipSub } from '../pubsub.js'
import { SyncBudgetError } from './errors.js'
import { Iblt } from './iblt.js'
import { MIN_DIFFERENCE } from './reconcile.js'
import type { Libp2p } from 'libp2p'

/**
 * Most peers whose inbound rate (or penalty) is remembered: at it the expired entries are
 * dropped, oldest first, and if every entry is still live (more distinct peers synced within a
 * minute, or are penalised, than an honest network has), the oldest live ones. A peer forgotten that way starts a fresh
 * minute (or ends its penalty early): a stranger with thousands of identities has that anyway.
 */
export const MAX_TRACKED_PEERS = 4096
const MINUTE_MS = 60_000

/**
 * Makes room for one more entry in `map`, whose entries are in the order they were made (each is
 * deleted before it is set again), so the first are the oldest: drops them while they are over or
 * while the map is full. Stops at the first live entry once there is room, so it costs what it drops.
 */
function makeRoom<V> (map: Map<string, V>, expired: (value: V) => boolean): void {
  if (map.size < MAX_TRACKED_PEERS) return
  for (const [key, value] of map) {
    if (map.size < MAX_TRACKED_PEERS && !expired(value)) break
    map.delete(key)
  }
}

/** A sync's limits per remote peer (room-sync.ts defines them). */
export interface SyncGuardLimits {
  /** Inbound syncs a peer may start per minute. */
  syncsPerMinute: number
  /** Table cells a peer may ask for per minute. */
  cellsPerMinute: number
  /** How long a peer that served forged history is not synced with. */
  penaltyMs: number
  /** Gossipsub behaviour penalty for it. */
  scorePenalty: number
}

export class SyncGuard {
  readonly #libp2p: Libp2p
  readonly #limits: SyncGuardLimits
  readonly #inbound = new Map<string, { start: number, count: number, cells: number }>()
  readonly #penalised = new Map<string, number>()

  constructor (libp2p: Libp2p, limits: SyncGuardLimits) {
    this.#libp2p = libp2p
    this.#limits = limits
  }

  /** Ends sync with a peer for `penaltyMs` and lowers its gossipsub score. */
  penalise (peer: string): void {
    const now = Date.now()
    // Deleted first, so a renewed penalty is the newest entry (the last to be dropped).
    this.#penalised.delete(peer)
    makeRoom(this.#penalised, (until) => until <= now)
    this.#penalised.set(peer, now + this.#limits.penaltyMs)
    const pubsub = (this.#libp2p.services as { pubsub?: GossipSub }).pubsub
    if (pubsub !== undefined) penalise(pubsub, peer, this.#limits.scorePenalty)
  }

  /** Peers remembered: with an inbound minute, and penalised (each at most MAX_TRACKED_PEERS). */
  get tracked (): { inbound: number, penalised: number } {
    return { inbound: this.#inbound.size, penalised: this.#penalised.size }
  }

  /** Whether a peer served forged history recently. */
  isPenalised (peer: string): boolean {
    const until = this.#penalised.get(peer)
    return until !== undefined && until > Date.now()
  }

  /** Whether a peer may start another inbound sync now (not penalised, within its minute's count); counts it. */
  allowInbound (peer: string): boolean {
    if (this.isPenalised(peer)) return false
    const now = Date.now()
    const entry = this.#inbound.get(peer)
    if (entry === undefined || now - entry.start > MINUTE_MS) {
      this.#inbound.delete(peer)
      makeRoom(this.#inbound, (e) => now - e.start > MINUTE_MS)
      this.#inbound.set(peer, { start: now, count: 1, cells: 0 })
      return true
    }
    entry.count++
    return entry.count <= this.#limits.syncsPerMinute
  }

  /**
   * Charges a table of `cells` to the peer's minute, refusing one larger than any difference of the
   * two sets could need (|ours| + |theirs| = `union`, doubled for an unlucky peel) or one past the
   * peer's budget: an honest initiator asks for neither.
   *
   * @throws SyncBudgetError
   */
  spendTableCells (peer: string, cells: number, union: number, items = 'messages'): void {
    if (cells > 2 * Iblt.cellsFor(Math.max(MIN_DIFFERENCE, union))) throw new SyncBudgetError(`a table of ${cells} cells for sets of ${union} ${items}`)
    const entry = this.#inbound.get(peer)
    if (entry === undefined) throw new SyncBudgetError('no inbound sync from this peer')
    entry.cells += cells
    if (entry.cells > this.#limits.cellsPerMinute) throw new SyncBudgetError(`more than ${this.#limits.cellsPerMinute} table cells in a minute`)
  }
}
