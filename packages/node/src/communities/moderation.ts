/**
 * Owned rooms: their moderation logs, and the rules those logs set, enforced on every event
 * (RoomPolicy, consulted by rooms.ts at gossipsub validation and on receipt, and by history
 * sync). The log of room R is the conversation `room:R/mod` (envelope bytes by sentAt); it is
 * loaded at join, resolved by ModState, and bounded by MAX_LOG_ENTRIES. An action whose signer
 * we do not (yet) know as a moderator waits in memory (MAX_PENDING_ACTIONS) until the owner's
 * appointment arrives.
 */
import { RoomEvent, type VerifiedEvent } from '../envelope.js'
import { Envelope, StoredMessage } from '../pb/room.js'
import { MAX_LIVE_AGE_MS, MAX_LOG_ENTRIES, MAX_PENDING_ACTIONS } from './constants.js'
import { BannedError, ModerationLogFullError, MutedError, NotPresentLongEnoughError, RateLimitError, SlowModeError } from './errors.js'
import { FloodGuard } from './flood.js'
import { decodeModAction } from './mod-action.js'
import { ModState, type LoggedAction } from './mod-state.js'
import { parseOwnedRoom } from './owned-room.js'
import { roomLogConversation, type RoomPolicy, type Verdict } from './policy.js'
import { keyHex, keyOfPeerId, peerIdOfKeyHex } from './keys.js'
import type { ProfileStore } from '../store/index.js'

/** What the moderation service needs from the peer. */
export interface ModerationComponents {
  store: ProfileStore
  /** Our own key. */
  self: Uint8Array
  /** A new action was stored; `counts` says whether it takes effect. */
  onAction: (room: string, action: LoggedAction, counts: boolean) => void
  onError: (error: Error) => void
}

interface RoomLog {
  state: ModState
  actions: LoggedAction[]
  pending: Map<string, { verified: VerifiedEvent, action: LoggedAction }>
  flood: FloodGuard
}

/** The moderation logs of the owned rooms we joined, and the RoomPolicy they make. */
export class Moderation implements RoomPolicy {
  readonly #c: ModerationComponents
  readonly #logs = new Map<string, RoomLog>()
  readonly #selfHex: string
  /** Stores one action at a time, so the log's bound and its state stay exact. */
  #storing: Promise<void> = Promise.resolve()

  constructor (components: ModerationComponents) {
    this.#c = components
    this.#selfHex = keyHex(components.self)
  }

  /** The log of a joined owned room (undefined for an open room). */
  log (room: string): RoomLog | undefined {
    return this.#logs.get(room)
  }

  async open (room: string): Promise<void> {
    const owned = parseOwnedRoom(room)
    if (owned === undefined || this.#logs.has(room)) return
    const actions: LoggedAction[] = []
    for await (const r of this.#c.store.history.range(roomLogConversation(room), { limit: MAX_LOG_ENTRIES })) {
      try {
        actions.push(logged(r.id, r.value))
      } catch (error) {
        this.#c.onError(error as Error)
      }
    }
    this.#logs.set(room, { state: new ModState(owned.ownerHex, actions), actions, pending: new Map(), flood: new FloodGuard() })
  }

  validate (room: string, verified: VerifiedEvent, source: string): Verdict {
    const log = this.#logs.get(room)
    const { event } = verified
    if (log === undefined) return event.kind === RoomEvent.Kind.MODERATION ? 'reject' : 'accept'
    const now = Date.now()
    const sentAt = Number(event.sentAt)
    if (now - sentAt > MAX_LIVE_AGE_MS) return 'ignore'
    const author = keyHex(verified.author)
    // What the author itself sends against the rules is its fault; what a forwarder passes on
    // may have been valid by what it knew, so it only stops here.
    const fault = (): Verdict => peerIdOfKeyHex(author) === source ? 'reject' : 'ignore'
    if (event.kind === RoomEvent.Kind.MODERATION) {
      const action = logged(verified.id, verified.bytes)
      if (log.state.counts(action)) return 'accept'
      this.#hold(log, verified, action)
      return 'ignore'
    }
    if (!this.#visible(log, author, verified.id, sentAt, event.kind === RoomEvent.Kind.PRESENCE)) return fault()
    if (log.state.roleAt(author, sentAt) !== 'member' || event.kind === RoomEvent.Kind.PRESENCE) return 'accept'
    const text = event.kind === RoomEvent.Kind.TEXT
    const verdict = log.flood.check(author, { sentAt, now, text, slowSeconds: log.state.slowAt(sentAt), presentSeconds: log.state.rulesAt(sentAt).seconds })
    if (!verdict.ok) return fault()
    log.flood.record(author, { sentAt, now, text })
    return 'accept'
  }

  admits (room: string, verified: VerifiedEvent): boolean {
    const log = this.#logs.get(room)
    if (log === undefined) return true
    const author = keyHex(verified.author)
    const sentAt = Number(verified.event.sentAt)
    if (verified.event.kind === RoomEvent.Kind.PRESENCE) log.flood.seen(author, sentAt)
    return this.#visible(log, author, verified.id, sentAt, verified.event.kind === RoomEvent.Kind.PRESENCE)
  }

  /** Banned now or when it was sent, muted when it was sent, or removed: not stored, not shown, not synced. */
  #visible (log: RoomLog, author: string, id: string, sentAt: number, presence = false): boolean {
    const { state } = log
    if (state.open) return true
    if (state.bannedAt(author, Date.now()) || state.bannedAt(author, sentAt)) return false
    if (!presence && state.mutedUntil(author, sentAt) > 0) return false
    return !state.isRemoved(id)
  }

  shows (room: string, message: { id: string, from: string, sentAt: number }): boolean {
    const log = this.#logs.get(room)
    if (log === undefined || log.state.open) return true
    return this.#visible(log, keyHex(keyOfPeerId(message.from)), message.id, message.sentAt)
  }

  excluded (room: string, conversation: string, id: string, value: Uint8Array): boolean {
    const log = this.#logs.get(room)
    if (log === undefined || log.state.open || conversation === roomLogConversation(room)) return false
    try {
      const bytes = conversation.endsWith('/events') ? value : StoredMessage.decode(value).envelope
      const envelope = Envelope.decode(bytes)
      const sentAt = Number(RoomEvent.decode(envelope.payload).sentAt)
      return !this.#visible(log, keyHex(envelope.author), id, sentAt)
    } catch {
      return false
    }
  }

  checkSend (room: string, kind: RoomEvent.Kind, now: number): void {
    const log = this.#logs.get(room)
    if (log === undefined || kind === RoomEvent.Kind.MODERATION) return
    const { state, flood } = log
    if (state.roleAt(this.#selfHex, now) !== 'member') return
    if (state.bannedAt(this.#selfHex, now)) throw new BannedError(`you are banned from ${room}`)
    if (kind === RoomEvent.Kind.PRESENCE) return
    const until = state.mutedUntil(this.#selfHex, now)
    if (until > 0) throw new MutedError(`you are muted in ${room} until ${new Date(until).toISOString()}`, until)
    const text = kind === RoomEvent.Kind.TEXT
    const slow = state.slowAt(now)
    const verdict = flood.check(this.#selfHex, { sentAt: now, now, text, slowSeconds: slow, presentSeconds: state.rulesAt(now).seconds })
    if (!verdict.ok && verdict.kind === 'slow') throw new SlowModeError(`slow mode: one message per ${slow} s; next in ${Math.ceil(verdict.retryAfterMs / 1000)} s`, slow, verdict.retryAfterMs)
    if (!verdict.ok && verdict.kind === 'rate') throw new RateLimitError(`more than the room's rate limit: wait a few seconds`)
    if (!verdict.ok) throw new NotPresentLongEnoughError(`the room's rules ask you to be present a while before posting; next in ${Math.ceil(verdict.retryAfterMs / 1000)} s`)
    flood.record(this.#selfHex, { sentAt: now, now, text })
  }

  async receiveModeration (room: string, verified: VerifiedEvent): Promise<void> {
    const log = this.#logs.get(room)
    if (log === undefined) return
    const action = logged(verified.id, verified.bytes)
    const run = this.#storing.then(async () => { await this.#store(room, log, verified, action) })
    this.#storing = run.catch(() => {})
    await run
  }

  async #store (room: string, log: RoomLog, verified: VerifiedEvent, action: LoggedAction): Promise<void> {
    if (!log.state.counts(action)) {
      this.#hold(log, verified, action)
      return
    }
    // Full: our bound, not the sender's fault (the local API refuses before publishing).
    if (log.actions.length >= MAX_LOG_ENTRIES) {
      this.#c.onError(new ModerationLogFullError(`the moderation log of ${room} holds ${MAX_LOG_ENTRIES} actions`))
      return
    }
    const [added] = await this.#c.store.history.append([{ conversation: roomLogConversation(room), id: verified.id, timestamp: action.sentAt, value: verified.bytes }])
    if (added === undefined) return
    log.actions.push(action)
    log.pending.delete(action.id)
    log.state = new ModState(log.state.owner, log.actions)
    this.#c.onAction(room, action, log.state.effective.some((a) => a.id === action.id))
    // An appointment may make held actions count.
    for (const held of [...log.pending.values()]) {
      if (log.state.counts(held.action)) await this.#store(room, log, held.verified, held.action)
    }
  }

  #hold (log: RoomLog, verified: VerifiedEvent, action: LoggedAction): void {
    if (log.pending.has(action.id)) return
    if (log.pending.size >= MAX_PENDING_ACTIONS) log.pending.delete(log.pending.keys().next().value as string)
    log.pending.set(action.id, { verified, action })
  }
}

/** A log entry from a verified envelope's bytes (throws InvalidModActionError when its action is malformed). */
function logged (id: string, bytes: Uint8Array): LoggedAction {
  const envelope = Envelope.decode(bytes)
  const event = RoomEvent.decode(envelope.payload)
  const sentAt = Number(event.sentAt)
  return { id, signer: keyHex(envelope.author), sentAt, action: decodeModAction(event.moderation, sentAt) }
}
