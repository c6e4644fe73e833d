/**
 * The state a moderation log stands for, computed the same way on every peer from the same set
 * of actions, whatever order they arrived in (docs: communities design, "Resolving the log").
 *
 * 1. Role. The owner (whose key is in the room id) may do anything but act on itself. A moderator is someone the
 *    owner's ADD_MOD made one, from that action's sentAt until a REMOVE_MOD's: an action counts
 *    only if its signer held the role at the action's own sentAt, so removing a moderator voids
 *    the actions they date after their removal and keeps the earlier ones. Only the owner
 *    appoints and removes moderators; a moderator cannot ban or mute the owner or a moderator.
 *    A moderator's actions form a hash chain (each names the signer's previous one in `prev`), and
 *    the REMOVE_MOD that ends a term names in `target` the last of them the owner accepts: of
 *    the actions dated into that term, only that one and its ancestors count. An action signed
 *    after the removal but dated before it cannot be an ancestor of an action named before it
 *    existed (ids are hashes), so a removed moderator cannot backdate one in, by gossip or sync.
 *    The price: a moderator's action still in flight when the owner removes it is void too.
 * 2. Time, then role, then hash. Among the actions that count, those about the same thing (a
 *    member's ban, a member's mute, the topic, the pin, slow mode, the rules) resolve by the
 *    latest sentAt; at the same sentAt the owner's beats a moderator's; then the greater id.
 *    Removals only add: a removed message stays removed.
 *
 * Lookups are by map and a short per-member timeline, so checking a message costs the same with
 * a 10-action log as with a 10,000-action one.
 */
import { toHex } from '@parley/crypto'
import { ModAction } from '../pb/moderation.js'

/** One action of the log, verified. */
export interface LoggedAction {
  id: string
  /** Signer's key, hex. */
  signer: string
  sentAt: number
  action: ModAction
}

/** A scheduled event of a room. */
export interface ScheduledEvent {
  /** The id of the action that created it. */
  id: string
  title: string
  start: number
  /** Seconds. */
  duration: number
  description: string
  cancelled: boolean
  /** When it was last changed (sentAt of the action). */
  changedAt: number
}

/** A member's role at some time. */
export type Role = 'owner' | 'moderator' | 'member'

interface Span {
  from: number
  to: number
  /** A closed term: the last action of it that stands (REMOVE_MOD's target), and its chain of ancestors. */
  head?: string
  chain?: Set<string>
}
interface Change<T> { at: number, value: T }

const RANK: Record<Role, number> = { member: 0, moderator: 1, owner: 2 }
const byTimeThenId = (a: LoggedAction, b: LoggedAction): number => a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** The value of a timeline at `t`: the last change at or before it. */
function valueAt<T> (timeline: Array<Change<T>> | undefined, t: number, none: T): T {
  if (timeline === undefined) return none
  let value = none
  for (const c of timeline) {
    if (c.at > t) break
    value = c.value
  }
  return value
}

/**
 * `head` and its ancestors by `prev` among `signer`'s actions. An ancestor not held yet is in the
 * set (its id is known from its child) and the walk stops there: once it arrives it counts, is
 * stored, and the next resolution walks on. Each id is visited once, so the walk is bounded by
 * the log.
 */
function chainOf (byId: ReadonlyMap<string, LoggedAction>, signer: string, head: string): Set<string> {
  const chain = new Set<string>()
  let id = head
  while (id !== '' && !chain.has(id)) {
    chain.add(id)
    const a = byId.get(id)
    if (a === undefined || a.signer !== signer) break
    id = a.action.prev
  }
  return chain
}

/** The resolved state of one owned room. */
export class ModState {
  readonly owner: string
  readonly #mods = new Map<string, Span[]>()
  readonly #bans = new Map<string, Array<Change<boolean>>>()
  readonly #mutes = new Map<string, Array<Change<number>>>()
  readonly #removed = new Set<string>()
  readonly #events = new Map<string, ScheduledEvent>()
  #slow: Array<Change<number>> = []
  #rules: Array<Change<{ rules: string, seconds: number }>> = []
  topic = ''
  description = ''
  pin = ''
  /** The actions that count, in resolution order. */
  readonly effective: LoggedAction[] = []

  /** Resolves `actions` (any order, duplicates ignored by id) for the room owned by `owner` (hex key). */
  constructor (owner: string, actions: Iterable<LoggedAction>) {
    this.owner = owner
    const sorted = [...new Map([...actions].map((a) => [a.id, a])).values()].sort(byTimeThenId)
    // Roles first: only the owner's ADD_MOD and REMOVE_MOD make them.
    for (const a of sorted) {
      if (a.signer !== owner) continue
      const who = toHex(a.action.subject)
      const spans = this.#mods.get(who) ?? []
      const open = spans.at(-1)?.to === Infinity ? spans.at(-1) : undefined
      if (a.action.action === ModAction.Action.ADD_MOD && open === undefined) spans.push({ from: a.sentAt, to: Infinity })
      if (a.action.action === ModAction.Action.REMOVE_MOD && open !== undefined) {
        open.to = a.sentAt
        open.head = a.action.target
      }
      this.#mods.set(who, spans)
    }
    const byId = new Map(sorted.map((a) => [a.id, a]))
    for (const [who, spans] of this.#mods) for (const span of spans) if (span.head !== undefined) span.chain = chainOf(byId, who, span.head)
    const counted = sorted.filter((a) => this.#counts(a))
    counted.sort((a, b) => a.sentAt - b.sentAt || RANK[this.roleAt(a.signer, a.sentAt)] - RANK[this.roleAt(b.signer, b.sentAt)] || (a.id < b.id ? -1 : 1))
    for (const a of counted) this.#apply(a)
    this.effective = counted
  }

  /** A key's role at time `t`. */
  roleAt (key: string, t: number): Role {
    if (key === this.owner) return 'owner'
    return (this.#mods.get(key) ?? []).some((s) => s.from <= t && t < s.to) ? 'moderator' : 'member'
  }

  /** Moderators now. */
  moderators (now = Date.now()): string[] {
    return [...this.#mods.keys()].filter((k) => this.roleAt(k, now) === 'moderator')
  }

  /** Whether an action counts: its signer may take it, at its sentAt, against its subject. */
  #counts (a: LoggedAction): boolean {
    const role = this.roleAt(a.signer, a.sentAt)
    // Nobody acts on the owner, not even the owner (an owner who banned itself would lock its room).
    if (a.action.subject.length > 0 && toHex(a.action.subject) === this.owner) return false
    if (role === 'owner') return true
    if (role !== 'moderator') return false
    const term = this.#mods.get(a.signer)?.find((s) => s.from <= a.sentAt && a.sentAt < s.to)
    if (term?.chain !== undefined && !term.chain.has(a.id)) return false
    const { Action } = ModAction
    if (a.action.action === Action.ADD_MOD || a.action.action === Action.REMOVE_MOD) return false
    if (a.action.subject.length > 0 && this.roleAt(toHex(a.action.subject), a.sentAt) !== 'member') return false
    return true
  }

  /** The tip of `signer`'s chain of actions here (its latest), '' when it has none: a moderator's next `prev`, or the `target` of its removal. */
  tip (signer: string, actions: Iterable<LoggedAction>): string {
    let tip: LoggedAction | undefined
    for (const a of actions) if (a.signer === signer && (tip === undefined || byTimeThenId(tip, a) < 0)) tip = a
    return tip?.id ?? ''
  }

  /** Whether `a` would count now (used before storing one). */
  counts (a: LoggedAction): boolean {
    return this.#counts(a)
  }

  #apply (a: LoggedAction): void {
    const { Action } = ModAction
    const act = a.action
    const subject = toHex(act.subject)
    const push = <T>(map: Map<string, Array<Change<T>>>, value: T): void => {
      const timeline = map.get(subject) ?? []
      timeline.push({ at: a.sentAt, value })
      map.set(subject, timeline)
    }
    switch (act.action) {
      case Action.BAN: push(this.#bans, true); break
      case Action.UNBAN: push(this.#bans, false); break
      case Action.MUTE: push(this.#mutes, Number(act.until)); break
      case Action.REMOVE: this.#removed.add(act.target); break
      case Action.TOPIC: this.topic = act.topic; this.description = act.description; break
      case Action.PIN: this.pin = act.target; break
      case Action.SLOW: this.#slow.push({ at: a.sentAt, value: act.seconds }); break
      case Action.RULES: this.#rules.push({ at: a.sentAt, value: { rules: act.rules, seconds: act.seconds } }); break
      case Action.EVENT: this.#schedule(a); break
      case Action.CANCEL_EVENT: {
        const event = this.#events.get(act.target)
        if (event !== undefined) this.#events.set(act.target, { ...event, cancelled: true, changedAt: a.sentAt })
        break
      }
      default: break
    }
  }

  /** An event created (target empty) or edited (target: the creating action's id; unknown ones are ignored). */
  #schedule (a: LoggedAction): void {
    const act = a.action
    const id = act.target === '' ? a.id : act.target
    const before = this.#events.get(id)
    if (act.target !== '' && before === undefined) return
    this.#events.set(id, { id, title: act.title, start: Number(act.start), duration: act.seconds, description: act.description, cancelled: before?.cancelled ?? false, changedAt: a.sentAt })
  }

  /** Scheduled events (cancelled ones included), by start. */
  events (): ScheduledEvent[] {
    return [...this.#events.values()].sort((x, y) => x.start - y.start)
  }

  /** One scheduled event. */
  event (id: string): ScheduledEvent | undefined {
    return this.#events.get(id)
  }

  /** Whether `key` was banned at `t`. */
  bannedAt (key: string, t: number): boolean {
    return valueAt(this.#bans.get(key), t, false)
  }

  /** Until when `key` was muted as of `t` (0: not muted). */
  mutedUntil (key: string, t: number): number {
    const until = valueAt(this.#mutes.get(key), t, 0)
    return until > t ? until : 0
  }

  /** Whether a moderator removed message `id`. */
  isRemoved (id: string): boolean {
    return this.#removed.has(id)
  }

  /** Slow mode at `t`, in seconds (0: off). */
  slowAt (t: number): number {
    return valueAt(this.#slow, t, 0)
  }

  /** The posting rules at `t`. */
  rulesAt (t: number): { rules: string, seconds: number } {
    return valueAt(this.#rules, t, { rules: '', seconds: 0 })
  }

  /** Members banned now. */
  banned (now = Date.now()): string[] {
    return [...this.#bans.keys()].filter((k) => this.bannedAt(k, now))
  }

  /** Members muted now, with when each mute ends. */
  muted (now = Date.now()): Array<{ key: string, until: number }> {
    return [...this.#mutes.keys()].map((key) => ({ key, until: this.mutedUntil(key, now) })).filter((m) => m.until > 0)
  }

  /** Whether nothing restricts anyone (the fast path of every check). */
  get open (): boolean {
    return this.#bans.size === 0 && this.#mutes.size === 0 && this.#removed.size === 0 && this.#slow.length === 0 && this.#rules.length === 0
  }
}
