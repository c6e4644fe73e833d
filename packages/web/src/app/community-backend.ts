/**
 * The port for owned rooms (communities), beside {@link ChatBackend}: create a room you own,
 * moderate it, report to its moderators, schedule and answer events, and find rooms in the
 * directory. Like the chat port it speaks UI terms only (conversation ids, peer ids, plain
 * records); `peer-communities.ts` implements it over the peer. Methods reject with the peer's
 * typed errors (`NotModeratorError`, `NotOwnerError`, `ListingTooSoonError`, …), which
 * error-text.ts puts in words.
 */
import type { ConversationSummary } from './chat-backend.js'

/** What this profile may do in an owned room. */
export type RoomRole = 'owner' | 'moderator' | 'member'

/** A scheduled event of an owned room, with this profile's answer. */
export interface RoomEventInfo {
  id: string
  /** Remote text: shown made safe. */
  title: string
  description: string
  /** Ms since the epoch. */
  start: number
  /** Seconds. */
  duration: number
  rsvp?: 'yes' | 'no'
}

/** An owned room's state as the room header and the menus need it. */
export interface OwnedRoomInfo {
  conversationId: string
  /** `name~3f9a07c2`. */
  label: string
  role: RoomRole
  ownerId: string
  moderators: string[]
  banned: string[]
  /** How this profile names each banned member (remote text, shown made safe). */
  bannedNames: string[]
  /** Muted members and until when (ms since the epoch). */
  muted: Array<{ id: string, until: number }>
  topic: string
  /** The pinned message, when one is pinned (its text when this profile holds it). */
  pin?: { id: string, text: string, author: string }
  /** Events not over yet, soonest first. */
  events: RoomEventInfo[]
  /** This profile listed the room in the directory (owner only). */
  listed: boolean
}

/** A report in a moderator's queue. */
export interface ReportInfo {
  id: string
  /** Who reported, and who was reported: ids and names (names are remote text). */
  fromId: string
  from: string
  whoId: string
  who: string
  fingerprint: string
  reason: string
  /** The reported message, when a message was reported. */
  message?: { id: string, text: string }
  receivedAt: number
}

/** A room in the directory. */
export interface DirectoryRoom {
  /** The room id to join (`name~<owner key>`). */
  room: string
  label: string
  topic: string
  description: string
  language: string
  /** The owner's count of members seen (a hint). */
  members: number
  lastActivity: number
  /** The next event's start, 0 when none. */
  nextEvent: number
  /** This profile is in it already. */
  joined: boolean
}

/** What can be done to a member from the member menu. */
export type MemberAction = 'ban' | 'unban' | 'mute' | 'unmute' | 'add-mod' | 'remove-mod'

/** Changes the community side reports. */
export type CommunityEvent =
  /** An owned room's moderation state changed (a new action, a listing). */
  | { type: 'room', conversationId: string }
  /** A report reached this profile as a moderator. */
  | { type: 'report', conversationId: string, report: ReportInfo }
  /** An event this profile said yes to starts, or one it answered changed or was cancelled. */
  | { type: 'reminder', conversationId: string, room: string, event: RoomEventInfo, kind: 'start' | 'changed' | 'cancelled' }

/** Owned rooms, moderation, reports, events and the directory. */
export interface CommunityBackend {
  /** Creates a room this profile owns and opens it (InvalidRoomNameError for a bad name). */
  createOwnedRoom(name: string): Promise<ConversationSummary>
  /** The state of an owned room this profile is in; undefined for an open room or another kind. */
  ownedRoom(conversationId: string): Promise<OwnedRoomInfo | undefined>
  /** Acts on a member; `mute` lasts `seconds`. */
  actOnMember(conversationId: string, memberId: string, action: MemberAction, seconds?: number): Promise<void>
  /** Hides a message for everyone (owner, moderators). */
  removeMessage(conversationId: string, id: string): Promise<void>
  /** Pins a message ('' unpins). */
  pin(conversationId: string, id: string): Promise<void>
  setTopic(conversationId: string, topic: string): Promise<void>
  /** Reports a message or a member to the room's moderators, privately; resolves with how many got it. */
  report(conversationId: string, what: { message?: string, member?: string }, reason: string): Promise<number>
  /** The report queue of a room this profile moderates, oldest first. */
  reports(conversationId: string): Promise<ReportInfo[]>
  scheduleEvent(conversationId: string, event: { title: string, start: number, duration: number, description: string }): Promise<void>
  rsvp(conversationId: string, eventId: string, answer: 'yes' | 'no'): Promise<void>
  /** Lists a room this profile owns in the directory (refreshed while the tab is open). */
  list(conversationId: string): Promise<void>
  /** Takes it out of every peer's directory at once (a signed unlisting). */
  unlist(conversationId: string): Promise<void>
  /** Rooms in the directory matching every word, most active first. */
  directory(words: string[]): DirectoryRoom[]
  /** Joins a room found in the directory and opens it. */
  joinListed(room: string): Promise<ConversationSummary>
  /** Calls `listener` for every community change; returns the function that unsubscribes it. */
  subscribeCommunity(listener: (event: CommunityEvent) => void): () => void
}
