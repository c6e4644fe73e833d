/**
 * Who may fetch a conversation's files from us, and who else may hold them:
 * a DM's files only the other party; a private room's only its members (of
 * the current member list: a removed member fetches no more); a public room's
 * anyone, as public as the room. Holders besides the author: a room's online
 * members (public: its topic's subscribers; private: its members).
 */
import { roomTopic } from '../constants.js'
import { tryParseConversationId } from '../conversation-id.js'
import type { GossipSub } from '../pubsub.js'

export interface PolicyComponents {
  self: string
  pubsub: GossipSub
  /** The members of a joined private room, or undefined. */
  privateMembers: (room: string) => string[] | undefined
}

/** Whether `peer` may fetch the files of `conversation`. */
export function mayFetch (c: PolicyComponents, peer: string, conversation: string): boolean {
  const ref = tryParseConversationId(conversation)
  if (ref === undefined) return false
  if (ref.kind === 'dm') return ref.peer === peer
  if (ref.kind === 'private-room') return c.privateMembers(ref.room)?.includes(peer) === true
  return true
}

/** Peers besides the author that may hold the files of `conversation`. */
export function likelyHolders (c: PolicyComponents, conversation: string): string[] {
  const ref = tryParseConversationId(conversation)
  if (ref === undefined || ref.kind === 'dm') return []
  const peers = ref.kind === 'private-room' ? c.privateMembers(ref.room) ?? [] : c.pubsub.getSubscribers(roomTopic(ref.room)).map((p) => p.toString())
  return peers.filter((p) => p !== c.self)
}
