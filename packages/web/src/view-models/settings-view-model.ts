import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, Me } from '../app/chat-backend.js'
import type { NotifyLevel, SettingsBackend } from '../app/settings-backend.js'
import type { IceServer } from '@parley/node/browser'
import type { ThemeStore } from '../app/settings-theme.js'
import type { ConversationNotifyEntry, SettingsSnapshot, SettingsViewModel as SettingsVM, ThemeChoice } from '../views/settings-view.js'

const MIB = 1024 * 1024

/** One server per line: its URL, then (TURN) its username and password; blank lines skipped. The peer checks the rest. */
export function parseIceServers (text: string): IceServer[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => {
    const [url, username, credential] = line.split(/\s+/)
    return { urls: [url], ...(username === undefined ? {} : { username }), ...(credential === undefined ? {} : { credential }) }
  })
}

/** The servers as {@link parseIceServers} reads them. */
export function iceServersText (servers: IceServer[]): string {
  return servers.flatMap((s) => s.urls.map((u) => [u, s.username, s.credential].filter((x) => x !== undefined).join(' '))).join('\n')
}

/** Options of {@link SettingsViewModel}. */
export interface SettingsViewModelInit {
  me: Me
  /** Where the theme is kept (absent: only this page's choice, not kept). */
  theme?: ThemeStore
  /** The nickname changed: the sidebar shows the new one. */
  onMe?: (me: Me) => void
}

/**
 * The Settings dialog: the nickname, the notification levels (global and per conversation, from
 * the backend's settings), auto-download of contacts' files (the files backend's) and the theme. The passphrase and the backup have their own view models
 * (the sidebar's and the backup's); the view shows them here.
 */
export class SettingsViewModel extends BaseViewModel<SettingsSnapshot> implements SettingsVM {
  private readonly backend: ChatBackend
  private readonly init: SettingsViewModelInit

  constructor (backend: ChatBackend, init: SettingsViewModelInit) {
    super({ open: false, nickname: { value: init.me.nickname, busy: false }, theme: init.theme?.get() ?? 'system' })
    this.backend = backend
    this.init = init
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'conversations' && this.getSnapshot().open) this.refreshNotifications()
    }))
  }

  openSettings (): void {
    this.update({ open: true, nickname: { ...this.getSnapshot().nickname, error: undefined, done: undefined } })
    this.refreshNotifications()
    this.loadIceServers()
    this.loadReadReceipts()
    const files = this.backend.files
    if (files?.autoDownload == null) return
    files.autoDownload().then((a) => {
      if (!this.isDisposed) this.update({ autoDownload: { contacts: a.contacts, maxMib: Math.round(a.maxBytes / MIB), busy: false } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ autoDownload: { contacts: false, maxMib: 0, busy: false, error: errorText(err, 'Reading the file settings') } })
    })
  }

  setAutoDownload (change: { contacts?: boolean, maxMib?: number }): void {
    const files = this.backend.files
    const now = this.getSnapshot().autoDownload
    if (files?.setAutoDownload == null || now == null || now.busy) return
    this.update({ autoDownload: { ...now, ...change, busy: true, error: undefined } })
    const maxBytes = change.maxMib === undefined ? undefined : Math.round(change.maxMib * MIB)
    files.setAutoDownload({ contacts: change.contacts, maxBytes }).then((a) => {
      if (!this.isDisposed) this.update({ autoDownload: { contacts: a.contacts, maxMib: Math.round(a.maxBytes / MIB), busy: false } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ autoDownload: { ...now, busy: false, error: errorText(err, 'Saving the file settings') } })
    })
  }

  close (): void {
    this.update({ open: false })
  }

  setNickname (value: string): void {
    this.update({ nickname: { value, busy: false } })
  }

  saveNickname (): void {
    const settings = this.backend.settings
    const value = this.getSnapshot().nickname.value.trim()
    if (settings == null || value === '' || this.getSnapshot().nickname.busy) return
    this.update({ nickname: { value, busy: true } })
    settings.setNickname(value).then((me) => {
      if (this.isDisposed) return
      this.update({ nickname: { value: me.nickname, busy: false, done: `You are now ${me.nickname}.` } })
      this.init.onMe?.(me)
    }, (err: unknown) => {
      this.update({ nickname: { value, busy: false, error: errorText(err, 'Changing the nickname') } })
    })
  }

  setIceServersText (text: string): void {
    const now = this.getSnapshot().iceServers
    if (now != null && !now.busy) this.update({ iceServers: { text, busy: false } })
  }

  saveIceServers (): void {
    const settings = this.backend.settings
    const now = this.getSnapshot().iceServers
    if (settings == null || now == null || now.busy) return
    this.update({ iceServers: { text: now.text, busy: true } })
    settings.setIceServers(parseIceServers(now.text)).then((saved) => {
      if (!this.isDisposed) this.update({ iceServers: { text: iceServersText(saved), busy: false, done: saved.length === 0 ? 'Calls use no servers.' : `Calls use ${saved.length === 1 ? '1 server' : `${saved.length} servers`}.` } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ iceServers: { text: now.text, busy: false, error: errorText(err, 'Saving the servers') } })
    })
  }

  private loadIceServers (): void {
    const settings = this.backend.settings
    if (settings == null) return
    settings.iceServers().then((servers) => {
      if (!this.isDisposed) this.update({ iceServers: { text: iceServersText(servers), busy: false } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ iceServers: { text: '', busy: false, error: errorText(err, 'Reading the servers') } })
    })
  }

  setReadReceipts (on: boolean): void {
    const settings = this.backend.settings
    const now = this.getSnapshot().readReceipts
    if (settings == null || now == null || now.busy) return
    this.update({ readReceipts: { on, busy: true } })
    settings.setReadReceipts(on).then(() => {
      if (!this.isDisposed) this.update({ readReceipts: { on, busy: false } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ readReceipts: { on: now.on, busy: false, error: errorText(err, 'Saving the read receipts setting') } })
    })
  }

  private loadReadReceipts (): void {
    const settings = this.backend.settings
    if (settings == null) return
    settings.readReceipts().then((on) => {
      if (!this.isDisposed) this.update({ readReceipts: { on, busy: false } })
    }, (err: unknown) => {
      if (!this.isDisposed) this.update({ readReceipts: { on: true, busy: false, error: errorText(err, 'Reading the read receipts setting') } })
    })
  }

  setGlobalNotifications (level: NotifyLevel): void {
    this.change(async (settings) => { await settings.setGlobalNotifications(level) })
  }

  setConversationNotifications (conversationId: string, level: NotifyLevel | 'default'): void {
    this.change(async (settings) => { await settings.setConversationNotifications(conversationId, level === 'default' ? undefined : level) })
  }

  setTheme (theme: ThemeChoice): void {
    this.init.theme?.set(theme)
    this.update({ theme })
  }

  private change (run: (settings: SettingsBackend) => Promise<void>): void {
    const settings = this.backend.settings
    if (settings == null) return
    run(settings).then(() => { this.refreshNotifications() }, (err: unknown) => {
      this.refreshNotifications(errorText(err, 'Saving the notification settings'))
    })
  }

  private refreshNotifications (error?: string): void {
    const settings = this.backend.settings
    if (settings == null || this.isDisposed) return
    const n = settings.notifications()
    const conversations: ConversationNotifyEntry[] = this.backend.conversations()
      .map((c) => ({ id: c.id, title: c.title, level: n.conversations[c.id] ?? (c.muted ? 'mentions' : 'default') }))
    this.update({ notifications: { global: n.global, conversations, ...(error === undefined ? {} : { error }) } })
  }
}
