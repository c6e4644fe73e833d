/**
 * Passes on what a sync brought in. A sync stores what it fetched (or what the other side pushed)
 * without gossiping it, so without this a message that only some members hold would move one hop
 * per anti-entropy interval (30 s). Instead, once a sync teaches us messages of a room, we
 * reconcile that room soon after with a few other members, and they in turn with theirs: the
 * repair spreads hop by hop in round trips and stops by itself where nobody learns anything new.
 */

/** After a sync brought in messages, how long more may arrive before the onward round starts. */
export const ONWARD_SYNC_DELAY_MS = 1_000
/** Most members one onward round reconciles a room with. */
export const ONWARD_SYNC_FANOUT = 3

export interface OnwardSyncInit {
  /** The room's members we are connected to (peer ids). */
  members: (room: string) => string[]
  /** Starts a sync of `room` with `peer` (never rejects). */
  sync: (peer: string, room: string) => void
  delayMs?: number
  fanout?: number
}

/** Schedules at most one onward round per room at a time, to at most `fanout` members. */
export class OnwardSync {
  readonly #init: OnwardSyncInit
  /** Per room with a round scheduled: the peers its news came from (they need no offer). */
  readonly #pending = new Map<string, { sources: Set<string>, timer: ReturnType<typeof setTimeout> }>()

  constructor (init: OnwardSyncInit) {
    this.#init = init
  }

  /** A sync with `from` stored messages of `room` that we did not hold. */
  learned (room: string, from: string): void {
    const pending = this.#pending.get(room)
    if (pending !== undefined) {
      pending.sources.add(from)
      return
    }
    const timer = setTimeout(() => { this.#round(room) }, this.#init.delayMs ?? ONWARD_SYNC_DELAY_MS)
    this.#pending.set(room, { sources: new Set([from]), timer })
  }

  #round (room: string): void {
    const sources = this.#pending.get(room)?.sources ?? new Set()
    this.#pending.delete(room)
    const others = this.#init.members(room).filter((p) => !sources.has(p))
    // A random few, so two rounds of the same room do not always offer to the same members.
    for (let i = others.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [others[i], others[j]] = [others[j], others[i]]
    }
    for (const peer of others.slice(0, this.#init.fanout ?? ONWARD_SYNC_FANOUT)) this.#init.sync(peer, room)
  }

  stop (): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer)
    this.#pending.clear()
  }
}
