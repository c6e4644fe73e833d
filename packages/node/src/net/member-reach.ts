/**
 * Keeps a peer connected to the other members of its private rooms. A private room's posts travel
 * by gossip among the peers subscribed to its topic, and no one else subscribes: a member that is
 * connected to no other member (after a restart, behind a NAT, known only through a relay) hears
 * nothing and is heard by no one. So members are dialled on their own, with the contact dialler
 * (known addresses, the DHT, a relay), bounded:
 *
 * - at most MEMBER_DIAL_FANOUT members per room per round, picked at random among those not
 *   connected (gossip carries a post on from the members we reach), and at most
 *   MAX_MEMBER_DIALS_PER_ROUND in all;
 * - a round at start, one every MEMBER_REDIAL_INTERVAL_MS, and one before a post when no member
 *   of its room is subscribed (the post then waits up to MEMBER_SUBSCRIBE_WAIT_MS for one);
 * - a member whose dial failed is not dialled again for MEMBER_BACKOFF_MIN_MS, doubling after
 *   each failure up to MEMBER_BACKOFF_MAX_MS; a success forgets it. At most MAX_MEMBER_BACKOFFS
 *   members are remembered (the oldest forgotten first).
 */
import { MAX_MEMBER_BACKOFFS, MAX_MEMBER_DIALS_PER_ROUND, MEMBER_BACKOFF_MAX_MS, MEMBER_BACKOFF_MIN_MS, MEMBER_DIAL_FANOUT, MEMBER_REDIAL_INTERVAL_MS, MEMBER_SUBSCRIBE_WAIT_MS } from './constants.js'

/** A private room as the member dialler sees it. */
export interface MemberRoom {
  /** Its gossip topic. */
  topic: string
  /** Its members' PeerIds (ours among them). */
  members: string[]
}

/** What {@link MemberReach} needs from the peer. */
export interface MemberReachComponents {
  self: string
  /** The rooms to keep connected (the joined private rooms). */
  rooms: () => MemberRoom[]
  /** Dials a peer however this host reaches contacts; rejects when it cannot. */
  connect: (peer: string) => Promise<void>
  isConnected: (peer: string) => boolean
  /** Peers known to be subscribed to a topic. */
  subscribers: (topic: string) => string[]
  /** Calls `listener` whenever a peer's subscriptions change; returns how to stop. */
  onSubscriptionChange: (listener: () => void) => () => void
  /** Members never dialled (blocked contacts). */
  skip?: (peer: string) => boolean
}

/** Options of {@link MemberReach}; every field is optional (tests shorten the times). */
export interface MemberReachInit {
  fanout?: number
  intervalMs?: number
  backoffMinMs?: number
  backoffMaxMs?: number
  subscribeWaitMs?: number
}

/** Dials private rooms' members (see the module comment). */
export class MemberReach {
  readonly #c: MemberReachComponents
  readonly #fanout: number
  readonly #intervalMs: number
  readonly #backoffMin: number
  readonly #backoffMax: number
  readonly #subscribeWait: number
  /** Per member whose last dial failed: when it may be dialled again, and the delay that was used. */
  readonly #backoff = new Map<string, { until: number, delay: number }>()
  #timer: ReturnType<typeof setInterval> | undefined

  constructor (components: MemberReachComponents, init: MemberReachInit = {}) {
    this.#c = components
    this.#fanout = init.fanout ?? MEMBER_DIAL_FANOUT
    this.#intervalMs = init.intervalMs ?? MEMBER_REDIAL_INTERVAL_MS
    this.#backoffMin = init.backoffMinMs ?? MEMBER_BACKOFF_MIN_MS
    this.#backoffMax = init.backoffMaxMs ?? MEMBER_BACKOFF_MAX_MS
    this.#subscribeWait = init.subscribeWaitMs ?? MEMBER_SUBSCRIBE_WAIT_MS
  }

  /** Runs a round now and one every interval. */
  start (): void {
    this.stop()
    this.#timer = setInterval(() => { this.round() }, this.#intervalMs)
    this.round()
  }

  stop (): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  /**
   * Dials, for each room in random order, up to `fanout` members that are not connected (not
   * awaited), at most MAX_MEMBER_DIALS_PER_ROUND in all.
   */
  round (): void {
    let budget = MAX_MEMBER_DIALS_PER_ROUND
    for (const room of shuffle(this.#c.rooms())) {
      if (budget <= 0) return
      const picked = this.#pick(room.members, Math.min(this.#fanout, budget))
      budget -= picked.length
      for (const m of picked) void this.#dial(m)
    }
  }

  /**
   * Dials up to `fanout` of `members` that are neither connected nor backing off, picked at
   * random; resolves with how many of them connected.
   */
  async reach (members: string[]): Promise<number> {
    const results = await Promise.all(this.#pick(members, this.#fanout).map(async (m) => this.#dial(m)))
    return results.filter((ok) => ok).length
  }

  #pick (members: string[], most: number): string[] {
    const now = Date.now()
    const candidates = members.filter((m) => m !== this.#c.self && this.#c.skip?.(m) !== true && !this.#c.isConnected(m) && (this.#backoff.get(m)?.until ?? 0) <= now)
    return shuffle(candidates).slice(0, most)
  }

  /**
   * Before a post to `room`: when no other member is subscribed to its topic, dials members and,
   * if one connected, waits (at most `subscribeWaitMs`) until one is subscribed, so the post
   * reaches someone. Otherwise starts a round for the room's other members in the background.
   * Never rejects.
   */
  async beforePost (room: MemberRoom): Promise<void> {
    const others = room.members.filter((m) => m !== this.#c.self)
    const subscribed = (): boolean => this.#c.subscribers(room.topic).some((p) => others.includes(p))
    if (subscribed()) {
      void this.reach(others)
      return
    }
    // Waiting helps only when a member was just reached: its subscriptions are on their way.
    if (await this.reach(others) === 0 || subscribed()) return
    const deadline = AbortSignal.timeout(this.#subscribeWait)
    await new Promise<void>((resolve) => {
      const done = (): void => {
        unsubscribe()
        deadline.removeEventListener('abort', done)
        resolve()
      }
      const unsubscribe = this.#c.onSubscriptionChange(() => { if (subscribed()) done() })
      deadline.addEventListener('abort', done)
    })
  }

  async #dial (member: string): Promise<boolean> {
    try {
      await this.#c.connect(member)
      this.#backoff.delete(member)
      return true
    } catch {
      const delay = Math.min(this.#backoffMax, 2 * (this.#backoff.get(member)?.delay ?? this.#backoffMin / 2))
      this.#backoff.delete(member)
      if (this.#backoff.size >= MAX_MEMBER_BACKOFFS) this.#backoff.delete(this.#backoff.keys().next().value as string)
      this.#backoff.set(member, { until: Date.now() + delay, delay })
      return false
    }
  }
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffle<T> (items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}
