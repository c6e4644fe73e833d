/**
 * The part of the port ({@link ChatBackend}) the Settings view needs beyond it: the nickname and
 * when to notify, globally and per conversation. Theme is not here: it is a setting of this
 * browser, kept in localStorage so it applies before the profile is unlocked (settings-theme.ts).
 */
import type { Me } from './chat-backend.js'
import type { IceServer } from '@parley/node/browser'

/**
 * When to notify: every message (`all`), only messages mentioning this profile (`mentions`, what a
 * muted conversation does), or never (`none`: not even a mention).
 */
export type NotifyLevel = 'all' | 'mentions' | 'none'

/** The notification settings: the global level and the conversations that override it. */
export interface NotificationSettings {
  global: NotifyLevel
  /** Per conversation id; a conversation not listed follows `global`. */
  conversations: Record<string, NotifyLevel>
}

/** Settings kept in the profile (sealed with it when it has a passphrase). */
export interface SettingsBackend {
  notifications(): NotificationSettings
  setGlobalNotifications(level: NotifyLevel): Promise<void>
  /** Overrides the global level for one conversation; undefined follows the global level again. */
  setConversationNotifications(conversationId: string, level: NotifyLevel | undefined): Promise<void>
  /** Changes the nickname (announced in every joined room); rejects with the peer's typed error for an invalid one. */
  setNickname(nickname: string): Promise<Me>
  /** The STUN/TURN servers calls use (none by default: calls connect directly, as on one network). */
  iceServers(): Promise<IceServer[]>
  /** Replaces them (`[]` for none); rejects with `InvalidIceServersError`. */
  setIceServers(servers: IceServer[]): Promise<IceServer[]>
  /** Whether reading a contact's DMs sends them read receipts (on by default; delivery receipts are always sent). */
  readReceipts(): Promise<boolean>
  setReadReceipts(on: boolean): Promise<void>
}

/** The level that applies to a conversation: its own, else muted (mentions only), else the global one. */
export function effectiveLevel (settings: NotificationSettings, conversationId: string, muted: boolean): NotifyLevel {
  return settings.conversations[conversationId] ?? (muted ? 'mentions' : settings.global)
}
