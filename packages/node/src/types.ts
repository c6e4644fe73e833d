/** Types of the peer's public API and events: what the CLI and the web app consume. */
import type { ModerationEvent } from './communities/communities.js'
import type { RoomReport } from './communities/reports.js'
import type { RoomEventView } from './communities/events.js'
import type { FileInfo } from './files/file-ref.js'
import type { FileView } from './files/files.js'
import type { Mention } from './mentions/mention-list.js'
import type { CallEvent } from './calls/calls.js'
import type { CallInfo } from './calls/signal.js'

/** A reaction on a message. */
export interface Reaction {
  from: string
  reaction: string
}

/** A room text message as the UI sees it. */
export interface RoomMessage {
  room: string
  id: string
  /** Author's PeerId. */
  from: string
  /** Author's self-chosen nickname (never trusted). */
  nick: string
  /** Short fingerprint of the author's key, for telling same-named people apart. */
  fingerprint: string
  text: string
  /** ms since the epoch, as the author claims (bounded by the clock-skew check). */
  sentAt: number
  replyTo?: string
  edited: boolean
  deleted: boolean
  reactions: Reaction[]
  /** A file message's file (the text is its caption or name). */
  file?: FileInfo
  /** PeerIds of the members the message mentions (only these are notified; the text's `@nick` is display). */
  mentions?: string[]
}

/** A room member seen recently. */
export interface Member {
  peerId: string
  nick: string
  fingerprint: string
  lastSeen: number
}

/** A direct message as the UI sees it. */
export interface DirectMessage {
  /** The contact this conversation is with. */
  peer: string
  id: string
  /** Who wrote it (the contact, or us). */
  from: string
  nick: string
  text: string
  sentAt: number
  outgoing: boolean
  delivered: boolean
  read: boolean
  edited: boolean
  deleted: boolean
  /** Reactions from either side, oldest first. */
  reactions: Reaction[]
  replyTo?: string
  /** A file message's file (its text, if any, is the caption). */
  file?: FileInfo
  /** PeerIds the message mentions. */
  mentions?: string[]
  /** A call record (written by this host, never received): how the call went. */
  call?: CallInfo
}

/**
 * A message request: DMs from someone who is not a contact, held apart until
 * accepted (peer.dms.acceptRequest), deleted (deleteRequest) or blocked.
 * Nothing is sent back to the requester (no read receipts, no typing) until then.
 */
export interface MessageRequest {
  /** The requester's PeerId. */
  peer: string
  /** Its self-chosen nickname in its latest DM (never trusted). */
  nick: string
  /** Short fingerprint of its key. */
  fingerprint: string
  /** When its first and latest held DM arrived (ms since the epoch, our clock). */
  firstAt: number
  lastAt: number
  /** How many DMs are held. */
  count: number
  /** The start of its latest DM's text. */
  preview: string
}

/** A private-room message as the UI sees it. */
export interface PrivateMessage {
  /** The room id, hex. */
  room: string
  id: string
  from: string
  nick: string
  fingerprint: string
  text: string
  sentAt: number
  /** A file message's file (the text is its caption or name). */
  file?: FileInfo
  /** PeerIds of the members the message mentions. */
  mentions?: string[]
}

/** Events of a running peer. */
export interface PeerEvents {
  message: CustomEvent<RoomMessage>
  edit: CustomEvent<{ room: string, id: string, from: string, text: string }>
  delete: CustomEvent<{ room: string, id: string, from: string }>
  reaction: CustomEvent<{ room: string, id: string, from: string, reaction: string }>
  presence: CustomEvent<{ room: string, member: Member }>
  'peer:connect': CustomEvent<{ peerId: string }>
  'peer:disconnect': CustomEvent<{ peerId: string }>
  /** A DM from a contact arrived (stored before this fires, once per message). */
  dm: CustomEvent<DirectMessage>
  /** A non-contact's DM was held as a message request (new or updated request); no `dm` fires for it. */
  request: CustomEvent<MessageRequest>
  /** A stored DM changed: delivered, read, edited, deleted or reacted to (either side's). */
  'dm-update': CustomEvent<DirectMessage>
  /** One of our DMs was delivered to or read by its recipient. */
  'dm-receipt': CustomEvent<{ peer: string, id: string, status: 'delivered' | 'read' }>
  /** A call rang, was answered or ended (calls/calls.ts). */
  call: CustomEvent<CallEvent>
  /** A contact is typing to us. */
  typing: CustomEvent<{ peer: string }>
  /**
   * A contact restored its profile from a backup and started a fresh session with us (same
   * identity, so not a key change). `name` is its petname, else its nick; `notice` is the sentence
   * to show: "<name>'s session was reset".
   */
  'session-reset': CustomEvent<{ peer: string, name: string, notice: string }>
  /** This profile runs somewhere else too: a fresh room event signed by our key came in by gossip (archive/twin-watch.ts). */
  'identity-elsewhere': CustomEvent<{ room: string, notice: string }>
  /** A contact invited us to a private room (accept it to join). */
  invite: CustomEvent<{ room: string, name: string, from: string }>
  /** A message in a private room. */
  'private-message': CustomEvent<PrivateMessage>
  /** The room's history may be incomplete (just joined, or back after being away) until a sync completes. */
  gap: CustomEvent<{ room: string }>
  /** A sync completed: the room's history is as complete as its online members' together. */
  'gap-filled': CustomEvent<{ room: string, fetched: number }>
  /** Messages a repair lost came back by sync (store/gaps.ts): `missing` are still missing in the conversation's spans. */
  'gap-refilled': CustomEvent<{ conversation: string, refilled: number, missing: number }>
  /** A history sync with one peer finished. */
  sync: CustomEvent<{ room: string, peer: string, fetched: number, pushed: number, bytes: number }>
  /** A moderation action of an owned room was stored (ours or someone's). */
  moderation: CustomEvent<ModerationEvent>
  /** A member reported a message or member of a room we moderate (stored before this fires). */
  report: CustomEvent<RoomReport>
  /** An event we said we would attend starts (`start`), or one we answered changed or was cancelled. */
  'event-reminder': CustomEvent<RoomEventView & { kind: 'start' | 'changed' | 'cancelled' }>
  /** A file message arrived (or was sent): its file, not fetched yet unless ours. */
  file: CustomEvent<FileView>
  /** A file being fetched: `bytes` of `total` held and verified; `fetched` came over the network in this fetch. */
  'file-progress': CustomEvent<{ id: string, bytes: number, total: number, fetched: number }>
  /** A message mentioning us (by our key) arrived; recorded in `peer.mentions()`. Fires even in a muted conversation. */
  mention: CustomEvent<Mention>
  /** Something went wrong that did not stop the peer (an invalid message, a failed dial). */
  error: CustomEvent<{ error: Error }>
}
