import { describe, expect, it } from 'vitest'
import { AppViewModel } from '../../src/view-models/app-view-model.js'
import { ME, MemoryBackend, item, named, settle } from './memory-backend.js'
import type { Notifier } from '../../src/app/notifier.js'
import type { OpenConversation } from '../../src/views/conversation-view.js'
import type { OnboardingViewModel } from '../../src/views/onboarding-view.js'
import type { SidebarViewModel } from '../../src/views/sidebar-view.js'

async function started (backend: MemoryBackend): Promise<AppViewModel> {
  const vm = new AppViewModel({ openBackend: () => Promise.resolve(backend) })
  await vm.start()
  return vm
}

function onboarding (vm: AppViewModel): OnboardingViewModel {
  const s = vm.getSnapshot()
  if (s.phase !== 'onboarding') {
    throw new Error(`expected onboarding, got ${s.phase}`)
  }
  return s.onboarding
}

function sidebar (vm: AppViewModel): SidebarViewModel {
  const s = vm.getSnapshot()
  if (s.phase !== 'chat') {
    throw new Error(`expected chat, got ${s.phase}`)
  }
  return s.sidebar
}

describe('AppViewModel', () => {
  it('runs onboarding for a new browser, then opens the chat', async () => {
    const vm = await started(new MemoryBackend())
    const form = onboarding(vm)
    expect(form.getSnapshot().mode).toBe('create')
    form.setNickname('carol')
    form.submit()
    await settle()
    expect(sidebar(vm).getSnapshot().me.nickname).toBe('carol')
  })

  it('asks for the passphrase of a sealed profile', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'locked', nickname: 'alice' }
    const vm = await started(backend)
    expect(onboarding(vm).getSnapshot()).toMatchObject({ mode: 'unlock', nickname: 'alice' })
  })

  it('opens the chat straight away for an open profile', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'open', me: ME }
    const vm = await started(backend)
    expect(vm.getSnapshot()).toMatchObject({ phase: 'chat', pane: 'list' })
  })

  it('says why it could not start', async () => {
    const vm = new AppViewModel({ openBackend: () => Promise.reject(named('StoreClosedError')) })
    await vm.start()
    expect(vm.getSnapshot()).toMatchObject({ phase: 'failed' })
  })

  it('opens a selected conversation, replacing the previous one, and goes back to the list', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'open', me: ME }
    backend.list = [
      { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false },
      { id: 'dm:bob', kind: 'dm', title: 'bob', unread: 0, muted: false }
    ]
    const vm = await started(backend)
    const listeners = backend.listeners.size
    sidebar(vm).select('room:lobby')
    let s = vm.getSnapshot()
    expect(s).toMatchObject({ phase: 'chat', pane: 'conversation', conversation: { id: 'room:lobby', title: 'lobby' } })
    // The open conversation listens twice: its header and its timeline.
    expect(backend.listeners.size).toBe(listeners + 2)

    sidebar(vm).select('dm:bob')
    s = vm.getSnapshot()
    expect(s).toMatchObject({ conversation: { id: 'dm:bob' } })
    // The open conversation listens twice: its header and its timeline.
    expect(backend.listeners.size).toBe(listeners + 2)

    vm.showList()
    expect(vm.getSnapshot()).toMatchObject({ pane: 'list', conversation: { id: 'dm:bob' } })
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
  })

  it('asks for permission on the first conversation opened, notifies of others\' messages while the tab is hidden unless muted, and a click opens the conversation', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'open', me: ME }
    backend.list = [
      { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false },
      { id: 'room:quiet', kind: 'public-room', title: 'quiet', unread: 0, muted: true },
      { id: 'dm:bob', kind: 'dm', title: 'bob', unread: 0, muted: false, peerId: 'peer-bob' }
    ]
    let hidden = true
    let permission = 0
    const shown: Array<{ title: string, body: string, onClick: () => void }> = []
    const notifier: Notifier = {
      hidden: () => hidden,
      show: (title, body, onClick) => { shown.push({ title, body, onClick }) },
      requestPermission: () => { permission++ }
    }
    const vm = new AppViewModel({ openBackend: () => Promise.resolve(backend), notifier })
    await vm.start()
    expect(permission).toBe(0)
    sidebar(vm).select('room:lobby')
    sidebar(vm).select('room:quiet')
    expect(permission).toBe(1)

    backend.emit({ type: 'message', conversationId: 'room:lobby', item: item(1) })
    backend.emit({ type: 'message', conversationId: 'dm:bob', item: item(2, 'dm:bob') })
    backend.emit({ type: 'message', conversationId: 'room:quiet', item: item(3, 'room:quiet') })
    backend.emit({ type: 'message', conversationId: 'room:lobby', item: { ...item(4), own: true } })
    backend.emit({ type: 'updated', conversationId: 'room:lobby', item: item(1) })
    hidden = false
    backend.emit({ type: 'message', conversationId: 'room:lobby', item: item(5) })
    expect(shown.map(n => [n.title, n.body])).toEqual([['bob in lobby', 'message 1'], ['bob', 'message 2']])

    shown[1].onClick()
    expect(vm.getSnapshot()).toMatchObject({ pane: 'conversation', conversation: { id: 'dm:bob' } })
  })

  it('wires the open conversation: reply and edit in the timeline start them in the composer; DMs send typing notices', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'open', me: ME }
    backend.list = [
      { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false },
      { id: 'dm:peer-bob', kind: 'dm', title: 'bob', unread: 0, muted: false, peerId: 'peer-bob' }
    ]
    const mine = { ...item(1), own: true, author: { id: ME.id, nickname: ME.nickname, fingerprint: ME.fingerprint } }
    backend.histories.set('room:lobby', [item(0), mine])
    const vm = await started(backend)
    sidebar(vm).select('room:lobby')
    await settle()
    const open = (): OpenConversation => {
      const s = vm.getSnapshot()
      if (s.phase !== 'chat' || s.conversation == null) {
        throw new Error('no open conversation')
      }
      return s.conversation
    }
    open().timeline.reply(item(0).id)
    expect(open().composer.getSnapshot().replyTo).toMatchObject({ id: item(0).id, author: 'bob' })
    open().timeline.edit(mine.id)
    expect(open().composer.getSnapshot()).toMatchObject({ editing: { id: mine.id }, draft: 'message 1' })
    open().composer.setDraft('typing in a room')
    expect(backend.calls.filter(c => c.method === 'typing')).toEqual([])

    open().header.messageMember('peer-bob')
    await settle()
    expect(open().id).toBe('dm:peer-bob')
    open().composer.setDraft('hi')
    expect(backend.calls.filter(c => c.method === 'typing')).toEqual([{ method: 'typing', args: ['dm:peer-bob'] }])
  })
})
