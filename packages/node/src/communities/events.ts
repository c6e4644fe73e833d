/**
 * Scheduled events of owned rooms. The owner or a moderator schedules, edits or cancels one with a
 * moderation action (EVENT, CANCEL_EVENT: the log carries them, so every member and every late
 * joiner sees the same events). An answer (RSVP) is the member's own, kept in its profile
 * (`rooms` sublevel, `rsvp:<room> <event>`): its peer reminds it when an event it said yes to
 * starts (`event-reminder`), and tells it when such an event is changed or cancelled. Answers are
 * not published: nobody learns who is coming.
 */
import { ModAction } from '../pb/moderation.js'
import { normaliseRoomName } from '../room-name.js'
import { InvalidModActionError, NotOwnedRoomError } from './errors.js'
import type { ModerationEvent, ModRequest } from './communities.js'
import type { Moderation } from './moderation.js'
import type { ScheduledEvent } from './mod-state.js'
import type { ProfileStore } from '../store/index.js'

/** Reminders further ahead than this are set when they come closer (setTimeout's range is ~24.8 days). */
const MAX_TIMER_MS = 24 * 3600 * 1000
/** Most answers kept (the oldest event's answer is dropped first). */
export const MAX_RSVPS = 1000

/** An event as the interface shows it, with our answer. */
export interface RoomEventView extends ScheduledEvent {
  room: string
  rsvp?: 'yes' | 'no'
}

/** What events need from the peer. */
export interface EventsComponents {
  store: ProfileStore
  moderation: Moderation
  moderate: (room: string, request: ModRequest) => Promise<ModerationEvent>
  onReminder: (event: RoomEventView, kind: 'start' | 'changed' | 'cancelled') => void
}

const rsvpKey = (room: string, id: string): string => `rsvp:${room} ${id}`

/** Scheduling, answering and reminders. */
export class Events {
  readonly #c: EventsComponents
  readonly #answers = new Map<string, 'yes' | 'no'>()
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor (components: EventsComponents) {
    this.#c = components
  }

  #state (name: string): { room: string, events: ScheduledEvent[], get: (id: string) => ScheduledEvent | undefined } {
    const room = normaliseRoomName(name)
    const log = this.#c.moderation.log(room)
    if (log === undefined) throw new NotOwnedRoomError(`${room} is not an owned room you are in`)
    return { room, events: log.state.events(), get: (id) => log.state.event(id) }
  }

  /** Schedules an event (owner and moderators). */
  async create (room: string, fields: { title: string, start: number, duration: number, description?: string }): Promise<ModerationEvent> {
    if (!Number.isSafeInteger(fields.start) || fields.start <= 0) throw new InvalidModActionError('field', 'start must be a time in ms since the epoch')
    return this.#c.moderate(room, { action: 'event', title: fields.title, start: fields.start, seconds: fields.duration, description: fields.description ?? '' })
  }

  /** Events not over yet (and not cancelled), soonest first, with our answers. */
  list (name: string, now = Date.now()): RoomEventView[] {
    const { room, events } = this.#state(name)
    return events.filter((e) => !e.cancelled && e.start + e.duration * 1000 > now).map((e) => this.#view(room, e))
  }

  #view (room: string, e: ScheduledEvent): RoomEventView {
    const rsvp = this.#answers.get(rsvpKey(room, e.id))
    return { room, ...e, ...(rsvp === undefined ? {} : { rsvp }) }
  }

  /** Answers an event; a yes sets a reminder for its start. */
  async rsvp (name: string, id: string, answer: 'yes' | 'no'): Promise<RoomEventView> {
    const { room, get } = this.#state(name)
    const event = get(id)
    if (event === undefined || event.cancelled) throw new InvalidModActionError('target', `no event ${String(id).slice(0, 64)} in ${room}`)
    if (answer !== 'yes' && answer !== 'no') throw new InvalidModActionError('field', 'answer yes or no')
    const key = rsvpKey(room, id)
    if (!this.#answers.has(key) && this.#answers.size >= MAX_RSVPS) throw new InvalidModActionError('limit', `more than ${MAX_RSVPS} answers`)
    await this.#c.store.kv('rooms').put(key, new TextEncoder().encode(answer))
    this.#answers.set(key, answer)
    this.#remind(room, event)
    return this.#view(room, event)
  }

  /** Answers from earlier runs, and their reminders (after the rooms are open). */
  async restore (): Promise<void> {
    for await (const [key, value] of this.#c.store.kv('rooms').entries({ prefix: 'rsvp:' })) {
      const answer = new TextDecoder().decode(value)
      if (answer !== 'yes' && answer !== 'no') continue
      this.#answers.set(key, answer)
      const [room, id] = key.slice('rsvp:'.length).split(' ')
      const event = this.#c.moderation.log(room)?.state.event(id)
      if (event !== undefined) this.#remind(room, event)
    }
  }

  /** A moderation action arrived: an event we answered may have changed. */
  changed (room: string, action: ModAction, id: string): void {
    if (action.action !== ModAction.Action.EVENT && action.action !== ModAction.Action.CANCEL_EVENT) return
    const eventId = action.target === '' ? id : action.target
    if (!this.#answers.has(rsvpKey(room, eventId))) return
    const event = this.#c.moderation.log(room)?.state.event(eventId)
    if (event === undefined) return
    this.#c.onReminder(this.#view(room, event), event.cancelled ? 'cancelled' : 'changed')
    this.#remind(room, event)
  }

  #remind (room: string, event: ScheduledEvent): void {
    const key = rsvpKey(room, event.id)
    clearTimeout(this.#timers.get(key))
    this.#timers.delete(key)
    const wait = event.start - Date.now()
    if (this.#answers.get(key) !== 'yes' || event.cancelled || wait < 0) return
    this.#timers.set(key, setTimeout(() => {
      this.#timers.delete(key)
      const now = this.#c.moderation.log(room)?.state.event(event.id)
      if (now === undefined || now.cancelled) return
      if (now.start > Date.now() + 1000) this.#remind(room, now)
      else this.#c.onReminder(this.#view(room, now), 'start')
    }, Math.min(wait, MAX_TIMER_MS)))
  }

  stop (): void {
    for (const t of this.#timers.values()) clearTimeout(t)
    this.#timers.clear()
  }
}
