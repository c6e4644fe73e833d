/**
 * The port between the app's view models and the Parley peer. View models depend on this
 * interface only, in UI terms (strings, numbers, plain records); an adapter over
 * `@parley/node`'s peer implements it, translating protocol types and events. Keeping the port
 * small and UI-shaped lets view models be tested alone and keeps protocol types out of views.
 */

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
  /** Stable id, unique across kinds. */
  id: string
  kind: ConversationKind
  /** Room name, or the contact's nickname (petname when set). */
  title: string
  unread: number
  muted: boolean
}

/** The author of a timeline item, as the UI shows it. */
export interface Author {
  id: string
  /** Self-chosen and never trusted: always shown next to the fingerprint. */
  nickname: string
  fingerprint: string
}

/** One message in a timeline. */
export interface TimelineItem {
  id: string
  author: Author
  /** Sent by this profile. */
  own: boolean
  text: string
  /** Milliseconds since the epoch, as claimed by the author's signed envelope. */
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

/** Changes the peer reports; view models refresh what they show from them. */
export type BackendEvent =
  | { type: 'conversations' }
  | { type: 'message', conversationId: string, item: TimelineItem }
  | { type: 'network', status: NetworkStatus }

/** What the app needs from the peer. Methods reject with the peer's typed errors (`err.name`). */
export interface ChatBackend {
  profileStatus(): Promise<ProfileStatus>
  /** Creates the identity; with a passphrase the secret key is sealed under it. */
  createProfile(init: { nickname: string, passphrase?: string }): Promise<Me>
  /** Opens a sealed identity. Rejects with `WrongPassphraseError` for a wrong passphrase. */
  unlock(passphrase: string): Promise<Me>
  conversations(): ConversationSummary[]
  network(): NetworkStatus
  /** Joins (or reopens) a public room by name; rejects when the name is not valid. */
  joinRoom(name: string): Promise<ConversationSummary>
  /** The newest `limit` items older than `before` (an item id), or the newest page without it. */
  history(conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage>
  send(conversationId: string, text: string): Promise<void>
  /** Everything in the conversation up to now has been seen. */
  markRead(conversationId: string): void
  /** Calls `listener` for every change; returns the function that unsubscribes it. */
  subscribe(listener: (event: BackendEvent) => void): () => void
}
