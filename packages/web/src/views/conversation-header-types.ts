/**
 * The conversation header's snapshot and actions, shared by its views (conversation-view,
 * member-list-view, verification-view) and its view model, in a module of their own so that no
 * view imports another view's file for a type.
 */
import type { ViewModel } from '../view-model/view-model.js'

/** One member of a room as the member list shows it. */
export interface MemberEntry {
  id: string
  /** Self-chosen and never trusted: shown with the fingerprint. */
  nickname: string
  /** Short fingerprint of the member's key. */
  fingerprint: string
  self: boolean
}

/** A contact that can be invited into a private room. */
export interface ContactChoice {
  id: string
  nickname: string
  fingerprint: string
}

/** What scanning the contact's code found: `match` (now verified), `mismatch`, or `error` (not a safety-number code, no camera). */
export interface ScanOutcome {
  outcome: 'match' | 'mismatch' | 'error'
  /** One sentence for the user. */
  message: string
}

/** The verification dialog's content: the contact's safety number and state. */
export interface VerificationState {
  /** 12 groups of 5 digits. */
  groups: string[]
  /** The text the QR code encodes. */
  qr: string
  verified: boolean
  blocked: boolean
  /** The camera is open to scan the contact's code. */
  scanning: boolean
  /** The last scan's result, until the next scan starts. */
  scan?: ScanOutcome
}

/** What the conversation's header and its panels show. */
export interface ConversationHeaderSnapshot {
  title: string
  kind: 'public-room' | 'private-room' | 'dm'
  muted: boolean
  /** DMs: the contact's safety number was compared and marked verified. */
  verified: boolean
  /** Rooms: the member panel is open. */
  membersOpen: boolean
  /** The members, once loaded. */
  members?: MemberEntry[]
  /** DMs: the verification dialog is open. */
  verification?: VerificationState
  /** Private rooms: the invite picker is open, with the contacts to pick from. */
  inviting?: ContactChoice[]
  /** Confirmation of the last action, e.g. "Invitation sent". */
  notice?: string
  error?: string
}

/** What the conversation's header and its panels can ask for. */
export interface ConversationHeaderActions {
  toggleMute(): void
  toggleMembers(): void
  /** Opens (creating when needed) the DM with a member. */
  messageMember(id: string): void
  openVerification(): void
  closeVerification(): void
  markVerified(): void
  /** Opens the camera to scan the contact's safety-number code. */
  startScan(): void
  cancelScan(): void
  /** The camera read a code: compare it (hostile text) with ours. */
  scanned(code: string): void
  /** The camera could not be used or the code was refused unread. */
  scanFailed(error: Error): void
  setBlocked(blocked: boolean): void
  openInvite(): void
  closeInvite(): void
  invite(peerId: string): void
}

/** The open conversation's header view model. */
export type ConversationHeaderViewModel = ViewModel<ConversationHeaderSnapshot> & ConversationHeaderActions
