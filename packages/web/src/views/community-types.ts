/**
 * Snapshots and actions of the owned-room views (communities-view, room-header-view,
 * member-menu, message-menu) and their view models, in a module of their own so that no view
 * imports another's file for a type and no view imports protocol code.
 */
import type { ViewModel } from '../view-model/view-model.js'

/** An event as the room header shows it. */
export interface EventEntry {
  id: string
  title: string
  description: string
  /** Start, already formatted for the reader. */
  when: string
  rsvp?: 'yes' | 'no'
}

/** A report in the moderators' queue. */
export interface ReportEntry {
  id: string
  from: string
  who: string
  whoId: string
  fingerprint: string
  reason: string
  message?: { id: string, text: string }
  /** Already formatted. */
  when: string
}

/** The report being written: what is reported, in words, and its target. */
export interface ReportDraft {
  /** "the message …" or "member …" (remote text inside: shown made safe). */
  what: string
  message?: string
  member?: string
  busy: boolean
}

/** An owned room's header, menus and panels. */
export interface RoomModerationSnapshot {
  /** The room has an owner (false for open rooms, and until its state is read). */
  owned: boolean
  role: 'owner' | 'moderator' | 'member'
  topic: string
  pin?: { id: string, text: string, author: string }
  /** The soonest event not over yet. */
  nextEvent?: EventEntry
  events: EventEntry[]
  listed: boolean
  moderators: string[]
  banned: string[]
  /** Banned members with the names this profile knows them by (they may no longer show among the members). */
  bannedList: Array<{ id: string, name: string }>
  muted: string[]
  /** The moderators' report queue is open (loaded when `reports` is set). */
  reportsOpen: boolean
  reports?: ReportEntry[]
  /** Reports that arrived since the queue was last opened. */
  newReports: number
  scheduling: boolean
  editingTopic: boolean
  reporting?: ReportDraft
  notice?: string
  error?: string
}

/** What the owned-room views can ask for. */
export interface RoomModerationActions {
  ban(memberId: string): void
  unban(memberId: string): void
  mute(memberId: string, seconds: number): void
  unmute(memberId: string): void
  makeModerator(memberId: string): void
  removeModerator(memberId: string): void
  removeMessage(id: string): void
  pin(id: string): void
  unpin(): void
  /** Opens the report dialog for a message or a member; `what` names it for the reader. */
  startReport(target: { message?: string, member?: string }, what: string): void
  cancelReport(): void
  sendReport(reason: string): void
  toggleReports(): void
  openSchedule(): void
  closeSchedule(): void
  /** `start` as the datetime-local field gives it; `minutes` of duration. */
  schedule(event: { title: string, start: string, minutes: number, description: string }): void
  rsvp(eventId: string, answer: 'yes' | 'no'): void
  openTopic(): void
  closeTopic(): void
  setTopic(topic: string): void
  list(): void
  unlist(): void
}

/** The open owned room's view model. */
export type RoomModerationViewModel = ViewModel<RoomModerationSnapshot> & RoomModerationActions

/** A room found in the directory. */
export interface ExploreEntry {
  room: string
  label: string
  topic: string
  description: string
  members: number
  /** The next event's start, formatted; '' when none. */
  nextEvent: string
  joined: boolean
}

/** Creating owned rooms, exploring the directory, and event reminders. */
export interface CommunitiesSnapshot {
  createName: string
  creating: boolean
  createError?: string
  exploreOpen: boolean
  query: string
  results: ExploreEntry[]
  /** The room being joined. */
  joining?: string
  exploreError?: string
  /** The latest event reminder, in words. */
  reminder?: string
}

/** What the communities views can ask for. */
export interface CommunitiesActions {
  setCreateName(value: string): void
  create(): void
  openExplore(): void
  closeExplore(): void
  /** Searches the directory (names, topics, descriptions) for every word. */
  setQuery(value: string): void
  join(room: string): void
  dismissReminder(): void
}

/** The communities view model. */
export type CommunitiesViewModel = ViewModel<CommunitiesSnapshot> & CommunitiesActions
