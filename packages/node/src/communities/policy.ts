/**
 * The hooks through which owned rooms govern the public-room service (rooms.ts) and history
 * sync (sync/room-sync.ts). Open rooms pass every hook untouched.
 */
import type { VerifiedEvent } from '../envelope.js'

/** What a live (gossiped) event gets: forwarded, dropped quietly, or dropped and its sender penalised. */
export type Verdict = 'accept' | 'ignore' | 'reject'

/** A room's rules, as Rooms and RoomSync consult them. */
export interface RoomPolicy {
  /** Loads a room's moderation log before the room is subscribed to. */
  open: (room: string) => Promise<void>
  /** The verdict on a verified live event that arrived from `source` (a PeerId). */
  validate: (room: string, verified: VerifiedEvent, source: string) => Verdict
  /** Takes a moderation action (kind MODERATION) from gossip, sync or ourselves. */
  receiveModeration: (room: string, verified: VerifiedEvent) => Promise<void>
  /** Whether another event may be stored and shown (false: a banned or muted author, a removed message). */
  admits: (room: string, verified: VerifiedEvent) => boolean
  /** Whether a stored message is shown (the rules may have changed since it was stored). */
  shows: (room: string, message: { id: string, from: string, sentAt: number }) => boolean
  /** Throws the typed refusal when we may not send an event of this kind now. */
  checkSend: (room: string, kind: VerifiedEvent['event']['kind'], now: number) => void
  /** Whether a stored record stays out of sync (what {@link shows} hides). */
  excluded: (room: string, conversation: string, id: string, value: Uint8Array) => boolean
}

/** The conversation of an owned room's moderation log. */
export const roomLogConversation = (room: string): string => `room:${room}/mod`
