/** Limits and names of the Parley peer. Each limit has its own typed error (errors.ts). */
import { roomConversationId } from './conversation-id.js'

/** Largest signed envelope on any topic. */
export const MAX_ENVELOPE_BYTES = 64 * 1024
/** Largest room text, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 16 * 1024
/** Longest nickname, in characters. */
export const MAX_NICK_LENGTH = 64
/** Longest reaction, in characters. */
export const MAX_REACTION_LENGTH = 32
/** Most distinct reactions kept on one message; later ones are stored as events but not applied. */
export const MAX_REACTIONS_PER_MESSAGE = 256
/** Longest room name after normalisation. */
export const MAX_ROOM_NAME_LENGTH = 64
/** How far in the future a message's sentAt may be. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
/** A member is "present" when seen within this window. */
export const PRESENCE_WINDOW_MS = 5 * 60 * 1000
/** How often a peer announces itself in each joined room of up to PRESENCE_INTERVAL_MS ÷ PRESENCE_MS_PER_MEMBER members. */
export const PRESENCE_INTERVAL_MS = 60 * 1000
/**
 * A larger room's members announce themselves less often: every (members × this) ms, so a room
 * carries about one presence a second up to MAX_MEMBERS_PER_ROOM members (as RTCP scales its reports
 * with a session's size, RFC 3550 §6.2). At 60 s each, 300 members sent 5 presences a second, as
 * many as the room bench's messages, and a room of 10,000 would send 167 (bench/README.md).
 */
export const PRESENCE_MS_PER_MEMBER = 1000
/** A member counts as present for this many of its room's presence intervals after it was last seen. */
export const PRESENCE_WINDOW_INTERVALS = PRESENCE_WINDOW_MS / PRESENCE_INTERVAL_MS
/** Default history page. */
export const DEFAULT_PAGE = 50

/** Topic of a public room. */
export const roomTopic = (name: string): string => `/parley/room/1/${name}`
/** History conversation of a public room's messages, and of the events that change them. */
export const roomConversation = (name: string): string => roomConversationId(name)
export const roomEventsConversation = (name: string): string => `room:${name}/events`
/** How often each room is reconciled with one random member. */
export const ANTI_ENTROPY_INTERVAL_MS = 30_000
