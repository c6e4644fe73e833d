/**
 * The port between the app's view models and the Parley peer. View models depend on this
 * interface only, in UI terms (strings, numbers, plain records); an adapter over
 * `@parley/node`'s peer implements it (`peer-backend.ts`), translating protocol types and events.
 * Keeping the port small and UI-shaped lets view models be tested alone and keeps protocol types
 * out of views.
 *
 * Conversation ids: `room:<name>` (public room), `private:<room id hex>` (private room) and
 * `dm:<peer id>` (direct messages with one contact).
 */
import type { CommunityBackend } from './community-backend.js'
import type { FileItemInfo, FilesBackend } from './files-backend.js'
import type { NotifyLevel, SettingsBackend } from './settings-backend.js'
import type { CallsBackend } from './call-backend.js'

/** The kinds of conversation the sidebar groups. */
export type ConversationKind = 'public-room' | 'private-room' | 'dm'

/** This profile's own identity as shown in the UI. */
export interface Me {
  /** The peer id (which is the identity key). */
  id: string
  nickname: string
  /** Short fingerprint of the identity key, for humans to compare. */
  fingerprint: string
  /** Whether the secret key is sealed under a passphrase. */
  sealed: boolean
}

/** Whether this browser has a profile and whether it must be unlocked first. */
export type ProfileStatus =
  | { state: 'none' }
  | { state: 'locked', nickname: string }
  | { state: 'open', me: Me }

/** One entry of the sidebar. */
export interface ConversationSummary {
  /** Stable id, unique across kinds (see the module comment). */
  id: string
  kind: ConversationKind
  /** Room name, or the contact's nickname (petname when set). */
  title: string
  unread: number
  /** The first unread message's id, where reading stopped (absent: none, or not known). */
  firstUnread?: string
  /** Unread messages that mention this profile (absent: none). */
  mentions?: number
  muted: boolean
  /** When it notifies, its own level or the global one (absent: `mentions` when muted, else `all`). */
  notify?: NotifyLevel
  /** DMs: the contact's peer id. */
  peerId?: string
  /** DMs: the contact's safety number was compared and marked verified. */
  verified?: boolean
}

/** The author of a timeline item, as the UI shows it. */
export interface Author {
  id: string
  /** Self-chosen and never trusted: always shown next to the fingerprint. */
  nickname: string
  fingerprint: string
}

/** One reaction on a message, raw: view models aggregate them for display. */
export interface ItemReaction {
  /** The peer id of who reacted. */
  from: string
  /** A short text, usually one emoji. */
  reaction: string
}

/** One message in a timeline. */
export interface TimelineItem {
  id: string
  author: Author
  /** Sent by this profile. */
  own: boolean
  /** The current text (after edits); empty when deleted. */
  text: string
  /** Milliseconds since the epoch, as claimed by the author's signed envelope. */
  sentAt: number
  /** The id of the message this one replies to. */
  replyTo?: string
  edited: boolean
  deleted: boolean
  reactions: ItemReaction[]
  /**
   * DMs, own messages only: `sent` until the contact's peer stored it, then `delivered`, then
   * `read` once the contact saw it. Absent for rooms and for the contact's messages.
   */
  receipt?: 'sent' | 'delivered' | 'read'
  /** A file message's file (the text is its caption, or in rooms its name). */
  file?: FileItemInfo
  /** Someone else's message that carries this profile's key as a mention (highlighted). */
  mentionsMe?: boolean
}

/** A message that mentioned this profile (by key), as the Mentions view lists it. */
export interface MentionHit {
  conversationId: string
  id: string
  /** The author's peer id and self-chosen nickname (never trusted). */
  authorId: string
  nickname: string
  text: string
  sentAt: number
}

/** A page of a conversation's history, oldest first. */
export interface HistoryPage {
  items: TimelineItem[]
  /** No older items exist. */
  complete: boolean
}

/** How the peer is connected, for the status line. */
export interface NetworkStatus {
  /** Peers with an open connection. */
  peers: number
}

/** A member of a room: recently present (public rooms) or holding the key (private rooms). */
export interface MemberInfo {
  id: string
  /** Self-chosen and never trusted: shown with the fingerprint. */
  nickname: string
  fingerprint: string
  /** This profile. */
  self: boolean
  /** In this profile's contacts. */
  contact: boolean
}

/** A contact: someone this profile exchanges direct messages with. */
export interface ContactInfo {
  id: string
  /** The petname this profile gave them, else their last self-chosen nickname. */
  nickname: string
  fingerprint: string
  verified: boolean
  blocked: boolean
}

/** A safety number, for comparing keys with a contact in person or over another channel. */
export interface SafetyNumberInfo {
  /** 60 digits in 12 groups of 5; both sides see the same groups. */
  groups: string[]
  /** What the QR code encodes (the scannable form, as text); the view draws it. */
  qr: string
  verified: boolean
}

/** What scanning a contact's safety-number code found: the same keys on both sides, or not. */
export type ScanVerdict = 'match' | 'mismatch'

/** This profile's contact card, to hand to someone as a link or a QR code. */
export interface CardInfo {
  /** The signed `parley:` link; the QR code encodes exactly this text. */
  link: string
  /** When the card stops being accepted (its addresses may be stale by then), ms since the epoch. */
  expiresAt: number
}

/** An invitation to a private room, waiting for this profile to accept it. */
export interface InviteInfo {
  /** The private room's conversation id (`private:<hex>`). */
  conversationId: string
  name: string
  from: Author
}

/**
 * A message request: someone who is not a contact wrote. Their DMs are held apart, and nothing
 * goes back to them (no receipts, no typing) until the request is accepted.
 */
export interface RequestInfo {
  /** The requester's peer id. */
  peerId: string
  /** Self-chosen and never trusted: shown with the fingerprint. */
  nickname: string
  fingerprint: string
  /** DMs held. */
  count: number
  /** The start of the latest one. */
  preview: string
  /** When the latest arrived, ms since the epoch. */
  lastAt: number
}

/** One search result: a message as it is now, where it is, and the text around the match. */
export interface SearchHit {
  conversationId: string
  /** The conversation's title, as the sidebar shows it. */
  conversationTitle: string
  id: string
  author: Author
  /** The message's text. */
  text: string
  /** The text around the first match ('…' where it was cut). */
  snippet: string
  sentAt: number
}

/** Changes the peer reports; view models refresh what they show from them. */
export type BackendEvent =
  /** The list of conversations, a title, unread count or mute changed. */
  | { type: 'conversations' }
  /** A message mentioning this profile arrived (it notifies even in a muted conversation). */
  | { type: 'mention', mention: MentionHit }
  /** A new message, from anyone (own messages too, once stored). */
  | { type: 'message', conversationId: string, item: TimelineItem }
  /** An existing message changed: edited, deleted, reacted to, or its receipt advanced. */
  | { type: 'updated', conversationId: string, item: TimelineItem }
  /** The contact of a DM conversation is typing. */
  | { type: 'typing', conversationId: string, nickname: string }
  /** A room's member list changed. */
  | { type: 'members', conversationId: string }
  | { type: 'contacts' }
  | { type: 'invites' }
  /** A message request arrived, grew, or was accepted, deleted or blocked. */
  | { type: 'requests' }
  | { type: 'network', status: NetworkStatus }
  /** Owned rooms: messages a moderator removed, or (`author`) all of a banned member's, leave the timeline. */
  | { type: 'hidden', conversationId: string, ids: string[], author?: string }

/** What the app needs from the peer. Methods reject with the peer's typed errors (`err.name`). */
export interface ChatBackend {
  profileStatus(): Promise<ProfileStatus>
  /** Creates the identity; with a passphrase the secret key is sealed under it. */
  createProfile(init: { nickname: string, passphrase?: string }): Promise<Me>
  /** Opens a sealed identity. Rejects with `WrongPassphraseError` for a wrong passphrase. */
  unlock(passphrase: string): Promise<Me>
  /**
   * Sets or changes (a passphrase) or removes (undefined) the passphrase of the open profile: the
   * whole profile is re-encrypted under it, or stored in clear. Resolves with `sealed` updated.
   */
  setPassphrase(passphrase: string | undefined): Promise<Me>
  conversations(): ConversationSummary[]
  network(): NetworkStatus
  /** Joins (or reopens) a public room by name; rejects when the name is not valid. */
  joinRoom(name: string): Promise<ConversationSummary>
  /** The newest `limit` items older than `before` (an item id), or the newest page without it. */
  history(conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage>
  /** Sends a message, optionally as a reply to the item `replyTo`, carrying `mentions` (peer ids of members it calls). */
  send(conversationId: string, text: string, options?: { replyTo?: string, mentions?: string[] }): Promise<void>
  /** The messages that mentioned this profile, newest first (absent: the host keeps none). */
  mentions?(): Promise<MentionHit[]>
  /** Replaces the text of one of this profile's messages. */
  edit(conversationId: string, id: string, text: string): Promise<void>
  /** Deletes one of this profile's messages (for everyone). */
  deleteMessage(conversationId: string, id: string): Promise<void>
  react(conversationId: string, id: string, reaction: string): Promise<void>
  /** Everything in the conversation up to now has been seen (sends read receipts in DMs). */
  markRead(conversationId: string): void
  /** DMs: tells the contact this profile is typing. Never rejects; best effort. */
  typing(conversationId: string): void
  /** Mutes or unmutes a conversation: no notifications while muted. */
  setMuted(conversationId: string, muted: boolean): Promise<void>
  /** Members of a room (public or private); empty for DMs. */
  members(conversationId: string): Promise<MemberInfo[]>
  contacts(): ContactInfo[]
  /** Adds a contact by peer id (or returns the existing one) and opens the DM conversation. */
  startDm(peerId: string): Promise<ConversationSummary>
  safetyNumber(peerId: string): Promise<SafetyNumberInfo>
  /** Marks a contact verified, after comparing safety numbers. */
  verify(peerId: string): Promise<void>
  /**
   * Compares a scanned safety-number code (the text of the contact's QR code) with the one this
   * profile computes for `peerId`; on `match` the contact is marked verified. Rejects with
   * `InvalidScannableError` for text that is not a safety-number code (a card, a URL, garbage)
   * and `ScannableVersionMismatchError` for a code of another format version.
   */
  verifyScanned(peerId: string, code: string): Promise<ScanVerdict>
  /** This profile's signed contact card: its peer id, nickname and current addresses (relay addresses too). */
  myCard(): Promise<CardInfo>
  /**
   * Adds a contact from a `parley:` card link, or a multiaddr ending in `/p2p/<peer id>`, starts
   * reaching it at the addresses given and opens the DM. Rejects with the peer's typed errors
   * for a card that does not parse, is forged or has expired, or an address that does not parse.
   */
  addContact(cardOrAddress: string): Promise<ConversationSummary>
  /** Blocks or unblocks a peer: a blocked peer's messages are hidden and its DMs refused. */
  setBlocked(peerId: string, blocked: boolean): Promise<void>
  createPrivateRoom(name: string): Promise<ConversationSummary>
  /** Invites a contact into a private room this profile owns. */
  invite(conversationId: string, peerId: string): Promise<void>
  invites(): InviteInfo[]
  acceptInvite(conversationId: string): Promise<ConversationSummary>
  /** Pending message requests, the most recent first. */
  requests(): RequestInfo[]
  /** Accepts a message request: the requester becomes a contact and its held DMs join the conversation. */
  acceptRequest(peerId: string): Promise<ConversationSummary>
  /** Deletes a message request and its held DMs; the requester is not told. Blocking drops a request too (`setBlocked`). */
  deleteRequest(peerId: string): Promise<void>
  /**
   * Adds a bootstrap peer typed by the user (a multiaddr ending in `/p2p/<peer id>`) and keeps it
   * connected. Throws `InvalidPeerAddressError` for an address that does not parse.
   */
  addPeer(address: string): void
  /**
   * Full-text search of every conversation (or one): messages holding every word of `query`, the
   * last one as a prefix, best first. Rejects with `InvalidSearchError` for an empty or too long
   * query.
   */
  search(query: string, options?: { conversationId?: string, limit?: number }): Promise<SearchHit[]>
  /** Calls `listener` for every change; returns the function that unsubscribes it. */
  subscribe(listener: (event: BackendEvent) => void): () => void
  /** Owned rooms, moderation, reports, events and the directory (community-backend.ts); absent where not offered. */
  readonly communities?: CommunityBackend
  /** Sending and fetching files, images and voice notes (files-backend.ts); absent where not offered. */
  readonly files?: FilesBackend
  /** Nickname and notification settings (settings-backend.ts); absent where not offered. */
  readonly settings?: SettingsBackend
  /** One-to-one calls (call-backend.ts); absent where not offered. */
  readonly calling?: CallsBackend
}
