/**
 * The {@link SettingsBackend} over the browser peer: notification levels in the profile
 * (settings-store.ts), the nickname through the peer. A conversation's mute (the header's button,
 * kept in ui-state.ts) and its level are one setting seen two ways: a level of `mentions` or
 * `none` shows as muted, and muting sets `mentions`.
 */
import { SettingsStore } from './settings-store.js'
import type { BackendEvent, Me } from './chat-backend.js'
import type { NotificationSettings, NotifyLevel, SettingsBackend } from './settings-backend.js'
import type { UiState } from './ui-state.js'
import { loadIceServers, loadReadReceipts, saveIceServers, saveReadReceipts, type IceServer, type KeyValueStore, type Peer } from '@parley/node/browser'

/** What {@link PeerSettings} needs from the backend. */
export interface PeerSettingsComponents {
  kv: KeyValueStore
  ui: UiState
  peer: () => Peer
  me: () => Me
  emit: (event: BackendEvent) => void
}

export class PeerSettings implements SettingsBackend {
  readonly #c: PeerSettingsComponents
  readonly #store: SettingsStore

  constructor (components: PeerSettingsComponents) {
    this.#c = components
    this.#store = new SettingsStore(components.kv)
  }

  /** Reads the stored settings; call once the profile is open (unlocked). */
  async reload (): Promise<void> {
    await this.#store.reload()
  }

  notifications (): NotificationSettings {
    return this.#store.get()
  }

  async setGlobalNotifications (level: NotifyLevel): Promise<void> {
    await this.#store.setGlobal(level)
    this.#c.emit({ type: 'conversations' })
  }

  async setConversationNotifications (conversationId: string, level: NotifyLevel | undefined): Promise<void> {
    await this.#store.setConversation(conversationId, level)
    await this.#c.ui.setMuted(conversationId, level === 'mentions' || level === 'none')
    this.#c.emit({ type: 'conversations' })
  }

  async setNickname (nickname: string): Promise<Me> {
    await this.#c.peer().setNick(nickname)
    return this.#c.me()
  }

  async iceServers (): Promise<IceServer[]> {
    return loadIceServers(this.#c.peer().store)
  }

  async setIceServers (servers: IceServer[]): Promise<IceServer[]> {
    return saveIceServers(this.#c.peer().store, servers)
  }

  async readReceipts (): Promise<boolean> {
    return loadReadReceipts(this.#c.kv)
  }

  async setReadReceipts (on: boolean): Promise<void> {
    await saveReadReceipts(this.#c.kv, on)
  }
}
