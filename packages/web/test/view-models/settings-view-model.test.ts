import { describe, expect, it } from 'vitest'
import { AppViewModel } from '../../src/view-models/app-view-model.js'
import { SettingsViewModel, iceServersText, parseIceServers } from '../../src/view-models/settings-view-model.js'
import type { IceServer } from '@parley/node/browser'
import { effectiveLevel, type NotificationSettings, type NotifyLevel, type SettingsBackend } from '../../src/app/settings-backend.js'
import { ME, MemoryBackend, item, named, settle } from './memory-backend.js'
import type { ConversationSummary, Me } from '../../src/app/chat-backend.js'
import type { Notifier } from '../../src/app/notifier.js'
import type { Theme, ThemeStore } from '../../src/app/settings-theme.js'

/** The settings kept in memory, shown through the backend's conversation list as the peer's are. */
class MemorySettings implements SettingsBackend {
  state: NotificationSettings = { global: 'all', conversations: {} }
  nickFailure: string | undefined
  constructor (private readonly backend: MemoryBackend) {}
  notifications (): NotificationSettings { return { global: this.state.global, conversations: { ...this.state.conversations } } }
  async setGlobalNotifications (level: NotifyLevel): Promise<void> { this.state.global = level; await settle() }
  async setConversationNotifications (id: string, level: NotifyLevel | undefined): Promise<void> {
    if (level === undefined) delete this.state.conversations[id]
    else this.state.conversations[id] = level
    await settle()
  }

  async setNickname (nickname: string): Promise<Me> {
    await settle()
    if (this.nickFailure !== undefined) throw named(this.nickFailure)
    return { ...ME, nickname }
  }

  receipts = true
  async readReceipts (): Promise<boolean> { await settle(); return this.receipts }
  async setReadReceipts (on: boolean): Promise<void> { await settle(); this.receipts = on }

  servers: IceServer[] = []
  async iceServers (): Promise<IceServer[]> { await settle(); return this.servers }
  async setIceServers (servers: IceServer[]): Promise<IceServer[]> {
    await settle()
    if (servers.some((s) => !s.urls[0].startsWith('stun:') && !s.urls[0].startsWith('turn:'))) throw named('InvalidIceServersError')
    this.servers = servers
    return servers
  }
}

class SettingsBackendUnderTest extends MemoryBackend {
  readonly settings = new MemorySettings(this)
  override conversations (): ConversationSummary[] {
    return super.conversations().map((c) => ({ ...c, notify: effectiveLevel(this.settings.notifications(), c.id, c.muted) }))
  }
}

const ROOMS: ConversationSummary[] = [
  { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false },
  { id: 'room:quiet', kind: 'public-room', title: 'quiet', unread: 0, muted: false },
  { id: 'room:loud', kind: 'public-room', title: 'loud', unread: 0, muted: true }
]

function memoryTheme (): ThemeStore & { theme: Theme } {
  return { theme: 'system', get () { return this.theme }, set (t) { this.theme = t } }
}

describe('SettingsViewModel', () => {
  it('lists each conversation\'s level (muted shows as mentions only), changes the global and per-conversation levels, and the theme', async () => {
    const backend = new SettingsBackendUnderTest()
    backend.list = ROOMS
    const theme = memoryTheme()
    const vm = new SettingsViewModel(backend, { me: ME, theme })
    vm.openSettings()
    expect(vm.getSnapshot().notifications?.conversations.map((c) => [c.id, c.level])).toEqual([['room:lobby', 'default'], ['room:quiet', 'default'], ['room:loud', 'mentions']])
    vm.setGlobalNotifications('mentions')
    vm.setConversationNotifications('room:quiet', 'none')
    await settle()
    expect(vm.getSnapshot().notifications?.global).toBe('mentions')
    expect(vm.getSnapshot().notifications?.conversations.find((c) => c.id === 'room:quiet')?.level).toBe('none')
    vm.setConversationNotifications('room:quiet', 'default')
    await settle()
    expect(backend.settings.state.conversations).toEqual({})
    vm.setTheme('dark')
    expect(theme.theme).toBe('dark')
    expect(vm.getSnapshot().theme).toBe('dark')
  })

  it('saves the nickname and tells the app; a refused one is told in words and kept for editing', async () => {
    const backend = new SettingsBackendUnderTest()
    const told: Me[] = []
    const vm = new SettingsViewModel(backend, { me: ME, onMe: (me) => { told.push(me) } })
    vm.setNickname('  ada ')
    vm.saveNickname()
    await settle()
    expect(vm.getSnapshot().nickname).toMatchObject({ value: 'ada', busy: false, done: 'You are now ada.' })
    expect(told.map((m) => m.nickname)).toEqual(['ada'])
    backend.settings.nickFailure = 'InvalidNickError'
    vm.setNickname('x'.repeat(100))
    vm.saveNickname()
    await settle()
    expect(vm.getSnapshot().nickname.error).toBeDefined()
    expect(vm.getSnapshot().nickname.value).toBe('x'.repeat(100))
    expect(told).toHaveLength(1)
  })
})

describe('notifications by level', () => {
  it('all notifies every message, mentions only (muted) a mention, none nothing, not even a mention', async () => {
    const backend = new SettingsBackendUnderTest()
    backend.status = { state: 'open', me: ME }
    backend.list = ROOMS
    backend.settings.state = { global: 'all', conversations: { 'room:quiet': 'none' } }
    const shown: string[] = []
    const notifier: Notifier = { hidden: () => true, show: (_title, body) => { shown.push(body) }, requestPermission: () => {} }
    const vm = new AppViewModel({ openBackend: () => Promise.resolve(backend), notifier })
    await vm.start()
    const mention = (conversationId: string, text: string): void => {
      backend.emit({ type: 'mention', mention: { conversationId, id: text, authorId: 'peer-bob', nickname: 'bob', text, sentAt: 1 } })
    }
    backend.emit({ type: 'message', conversationId: 'room:lobby', item: item(1) })
    backend.emit({ type: 'message', conversationId: 'room:quiet', item: item(2, 'room:quiet') })
    mention('room:quiet', 'quiet mention')
    backend.emit({ type: 'message', conversationId: 'room:loud', item: item(3, 'room:loud') })
    mention('room:loud', 'loud mention')
    expect(shown).toEqual(['message 1', 'loud mention'])
    backend.settings.state.global = 'mentions'
    backend.emit({ type: 'message', conversationId: 'room:lobby', item: item(4) })
    mention('room:lobby', 'lobby mention')
    expect(shown).toEqual(['message 1', 'loud mention', 'lobby mention'])
    vm.dispose()
  })

  it('reads ICE servers one per line (a TURN server with its username and password), saves them, and shows a refusal', async () => {
    expect(parseIceServers(' stun:stun.example.org:3478 \n\nturn:turn.example.org user secret\n')).toEqual([
      { urls: ['stun:stun.example.org:3478'] },
      { urls: ['turn:turn.example.org'], username: 'user', credential: 'secret' }
    ])
    expect(iceServersText(parseIceServers('stun:a:1\nturn:b u p'))).toBe('stun:a:1\nturn:b u p')
    const backend = new SettingsBackendUnderTest()
    const vm = new SettingsViewModel(backend, { me: ME })
    vm.openSettings()
    await settle()
    expect(vm.getSnapshot().iceServers).toEqual({ text: '', busy: false })
    vm.setIceServersText('http://nope')
    vm.saveIceServers()
    await settle()
    expect(vm.getSnapshot().iceServers?.error).toMatch(/stun:, turn: or turns:/)
    vm.setIceServersText('stun:stun.example.org:3478')
    vm.saveIceServers()
    await settle()
    expect(backend.settings.servers).toEqual([{ urls: ['stun:stun.example.org:3478'] }])
    expect(vm.getSnapshot().iceServers).toMatchObject({ text: 'stun:stun.example.org:3478', done: 'Calls use 1 server.' })
    vm.dispose()
  })

  it('shows read receipts on by default and turns them off in the profile', async () => {
    const backend = new SettingsBackendUnderTest()
    const vm = new SettingsViewModel(backend, { me: ME })
    vm.openSettings()
    await settle()
    expect(vm.getSnapshot().readReceipts).toEqual({ on: true, busy: false })
    vm.setReadReceipts(false)
    expect(vm.getSnapshot().readReceipts).toEqual({ on: false, busy: true })
    await settle()
    expect(vm.getSnapshot().readReceipts).toEqual({ on: false, busy: false })
    expect(backend.settings.receipts).toBe(false)
    vm.dispose()
  })
})
