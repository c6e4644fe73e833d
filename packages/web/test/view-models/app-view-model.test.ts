import { describe, expect, it } from 'vitest'
import { AppViewModel } from '../../src/view-models/app-view-model.js'
import { ME, MemoryBackend, named, settle } from './memory-backend.js'
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
})
