/**
 * Flood control of one owned room, per author: slow mode (one message per N seconds), a rate
 * limit on everything an author sends (RATE_LIMIT_MESSAGES per RATE_LIMIT_WINDOW_MS), and how
 * long an author has been present (for the "present for N seconds" rule). It runs on live
 * traffic, where a peer must decide at once whether to forward: slow mode by the authors'
 * clocks (two messages closer in sentAt than N seconds) and by ours (two arrivals closer than N
 * seconds less SLOW_MODE_SLACK_MS), so neither a backdated nor a forward-dated burst passes.
 * Memory is bounded: MAX_TRACKED_AUTHORS per room, the oldest forgotten first.
 */
import { MAX_TRACKED_AUTHORS, RATE_LIMIT_MESSAGES, RATE_LIMIT_WINDOW_MS, SLOW_MODE_HISTORY, SLOW_MODE_SLACK_MS } from './constants.js'

interface Author {
  /** sentAt of the latest texts, ascending. */
  sent: number[]
  /** Our clock when the latest text arrived. */
  lastArrival: number
  /** Our clock at each event in the rate window. */
  arrivals: number[]
  /** The earliest sentAt seen from this author (presence included). */
  firstSeen: number
}

/** Why a message is over the limit, and when it would not be. */
export type FloodVerdict = { ok: true } | { ok: false, kind: 'slow', retryAfterMs: number } | { ok: false, kind: 'rate' } | { ok: false, kind: 'new', retryAfterMs: number }

/** Slow mode, rate limit and presence time of one room's authors. */
export class FloodGuard {
  readonly #authors = new Map<string, Author>()

  #author (key: string, now: number): Author {
    let a = this.#authors.get(key)
    if (a === undefined) {
      if (this.#authors.size >= MAX_TRACKED_AUTHORS) this.#authors.delete(this.#authors.keys().next().value as string)
      a = { sent: [], lastArrival: -Infinity, arrivals: [], firstSeen: now }
      this.#authors.set(key, a)
    }
    return a
  }

  /** Notes that `key` was seen (any event) with this sentAt. */
  seen (key: string, sentAt: number): void {
    const a = this.#author(key, sentAt)
    if (sentAt < a.firstSeen) a.firstSeen = sentAt
  }

  /**
   * Whether a text (`text` true) or another event from `key`, signed at `sentAt` and arriving
   * at `now`, fits slow mode `slowSeconds`, the rate limit and a presence rule of `presentSeconds`.
   */
  check (key: string, opts: { sentAt: number, now: number, text: boolean, slowSeconds: number, presentSeconds: number }): FloodVerdict {
    const a = this.#authors.get(key)
    const { sentAt, now, text, slowSeconds, presentSeconds } = opts
    if (a !== undefined && a.arrivals.filter((t) => now - t < RATE_LIMIT_WINDOW_MS).length >= RATE_LIMIT_MESSAGES) return { ok: false, kind: 'rate' }
    if (!text) return { ok: true }
    if (presentSeconds > 0) {
      const since = a === undefined ? 0 : sentAt - a.firstSeen
      if (since < presentSeconds * 1000) return { ok: false, kind: 'new', retryAfterMs: presentSeconds * 1000 - since }
    }
    if (slowSeconds > 0 && a !== undefined) {
      const gap = slowSeconds * 1000
      const near = a.sent.find((s) => Math.abs(sentAt - s) < gap)
      if (near !== undefined) return { ok: false, kind: 'slow', retryAfterMs: gap - Math.abs(sentAt - near) }
      if (now - a.lastArrival < gap - SLOW_MODE_SLACK_MS) return { ok: false, kind: 'slow', retryAfterMs: gap - SLOW_MODE_SLACK_MS - (now - a.lastArrival) }
    }
    return { ok: true }
  }

  /** Counts an accepted event against its author's limits. */
  record (key: string, opts: { sentAt: number, now: number, text: boolean }): void {
    const a = this.#author(key, opts.sentAt)
    if (opts.sentAt < a.firstSeen) a.firstSeen = opts.sentAt
    a.arrivals = a.arrivals.filter((t) => opts.now - t < RATE_LIMIT_WINDOW_MS)
    a.arrivals.push(opts.now)
    if (!opts.text) return
    a.lastArrival = opts.now
    a.sent.push(opts.sentAt)
    a.sent.sort((x, y) => x - y)
    if (a.sent.length > SLOW_MODE_HISTORY) a.sent.shift()
  }
}
