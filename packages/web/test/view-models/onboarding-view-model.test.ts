import { describe, expect, it } from 'vitest'
import { OnboardingViewModel } from '../../src/view-models/onboarding-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import type { Me } from '../../src/app/chat-backend.js'

function create (backend = new MemoryBackend(), mode: 'create' | 'unlock' = 'create'): { vm: OnboardingViewModel, opened: Me[], backend: MemoryBackend } {
  const opened: Me[] = []
  const vm = new OnboardingViewModel(backend, mode, mode === 'unlock' ? 'alice' : '', (me) => { opened.push(me) })
  return { vm, opened, backend }
}

describe('OnboardingViewModel', () => {
  it('creates a profile without a passphrase from a trimmed nickname', async () => {
    const { vm, opened, backend } = create()
    vm.setNickname('  alice  ')
    vm.submit()
    expect(vm.getSnapshot().busy).toBe(true)
    await settle()
    expect(opened.map(m => m.nickname)).toEqual(['alice'])
    expect(backend.passphrase).toBeUndefined()
    expect(vm.getSnapshot().busy).toBe(false)
  })

  it('creates a sealed profile when a passphrase is given twice, then forgets it', async () => {
    const { vm, opened, backend } = create()
    vm.setNickname('alice')
    vm.setPassphrase('correct horse')
    vm.setConfirm('correct horse')
    vm.submit()
    await settle()
    expect(opened[0].sealed).toBe(true)
    expect(backend.passphrase).toBe('correct horse')
    expect(vm.getSnapshot().passphrase).toBe('')
  })

  it('refuses an empty nickname, a short passphrase and two passphrases that differ', async () => {
    const { vm, opened } = create()
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/nickname/)
    vm.setNickname('alice')
    vm.setPassphrase('short')
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/at least 8/)
    vm.setPassphrase('long enough')
    vm.setConfirm('long enougH')
    vm.submit()
    expect(vm.getSnapshot().error).toMatch(/differ/)
    await settle()
    expect(opened).toEqual([])
  })

  it('ignores a confirmation left over after the passphrase was cleared', async () => {
    const { vm, opened } = create()
    vm.setNickname('alice')
    vm.setConfirm('leftover')
    vm.submit()
    await settle()
    expect(opened).toHaveLength(1)
  })

  it('says so when the passphrase does not unlock the profile, and lets the user retry', async () => {
    const backend = new MemoryBackend()
    backend.passphrase = 'correct horse'
    const { vm, opened } = create(backend, 'unlock')
    expect(vm.getSnapshot().nickname).toBe('alice')
    vm.setPassphrase('wrong horse')
    vm.submit()
    await settle()
    expect(vm.getSnapshot().error).toContain('does not open')
    expect(opened).toEqual([])
    vm.setPassphrase('correct horse')
    expect(vm.getSnapshot().error).toBeUndefined()
    vm.submit()
    await settle()
    expect(opened).toHaveLength(1)
  })

  it('submits once while a submission is under way', async () => {
    const { vm, opened } = create()
    vm.setNickname('alice')
    vm.submit()
    vm.submit()
    await settle()
    expect(opened).toHaveLength(1)
  })
})
