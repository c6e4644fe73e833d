import { describe, expect, it, vi } from 'vitest'
import { CallViewModel, durationText } from '../../src/view-models/call-view-model.js'
import type { CallInfo, CallsBackend } from '../../src/app/call-backend.js'
import type { Notifier } from '../../src/app/notifier.js'

/** A calls backend whose live call the test sets. */
class FakeCalls implements CallsBackend {
  info: CallInfo | undefined
  readonly listeners = new Set<() => void>()
  readonly actions: string[] = []
  current (): CallInfo | undefined { return this.info }
  subscribe (l: () => void): () => void { this.listeners.add(l); return () => { this.listeners.delete(l) } }
  set (info: CallInfo | undefined): void { this.info = info; for (const l of this.listeners) l() }
  async start (conversationId: string, kind: 'audio' | 'video'): Promise<void> {
    this.actions.push(`start ${conversationId} ${kind}`)
    await Promise.reject(Object.assign(new Error('a call is already live'), { name: 'CallBusyError' }))
  }

  async accept (): Promise<void> { this.actions.push('accept'); await Promise.resolve() }
  async decline (): Promise<void> { this.actions.push('decline'); await Promise.resolve() }
  async hangup (): Promise<void> { this.actions.push('hangup'); await Promise.resolve() }
  async setMuted (muted: boolean): Promise<void> { this.actions.push(`muted ${muted}`); await Promise.resolve() }
  async setCameraOff (off: boolean): Promise<void> { this.actions.push(`camera off ${off}`); await Promise.resolve() }
}

const ringing: CallInfo = { id: 'c1', peerId: 'p1', name: 'ada', kind: 'video', direction: 'incoming', phase: 'ringing', muted: false, cameraOff: false }

function notifier (hidden: boolean): Notifier & { shown: string[] } {
  const shown: string[] = []
  return { shown, hidden: () => hidden, show: (title, body) => { shown.push(`${title}: ${body}`) }, requestPermission: () => {} }
}

describe('CallViewModel', () => {
  it('notifies a ringing call once while the tab is hidden, and not while it is visible', () => {
    const calls = new FakeCalls()
    const hidden = notifier(true)
    const vm = new CallViewModel(calls, { notifier: hidden, open: () => {} })
    calls.set(ringing)
    calls.set({ ...ringing })
    expect(hidden.shown).toEqual(['ada: Incoming video call'])
    vm.dispose()
    const visible = notifier(false)
    const calls2 = new FakeCalls()
    const vm2 = new CallViewModel(calls2, { notifier: visible, open: () => {} })
    calls2.set(ringing)
    expect(visible.shown).toEqual([])
    expect(vm2.getSnapshot().call?.name).toBe('ada')
    vm2.dispose()
  })

  it('counts the duration from the answer', () => {
    vi.useFakeTimers()
    try {
      const calls = new FakeCalls()
      const vm = new CallViewModel(calls, { open: () => {} })
      calls.set({ ...ringing, phase: 'connected', answeredAt: Date.now() })
      vi.advanceTimersByTime(65_000)
      expect(vm.getSnapshot().duration).toBe('1:05')
      calls.set(undefined)
      expect(vm.getSnapshot().call).toBeUndefined()
      vm.dispose()
    } finally {
      vi.useRealTimers()
    }
  })

  it('passes the actions on and shows a refused call as an error', async () => {
    const calls = new FakeCalls()
    const vm = new CallViewModel(calls, { open: () => {} })
    calls.set({ ...ringing, phase: 'connected' })
    vm.toggleMute()
    vm.toggleCamera()
    vm.hangup()
    vm.call('dm:p2', 'audio')
    await vi.waitFor(() => { expect(vm.getSnapshot().error).toBeDefined() })
    expect(calls.actions).toEqual(['muted true', 'camera off true', 'hangup', 'start dm:p2 audio'])
    expect(durationText(3_723_000)).toBe('1:02:03')
    vm.dispose()
  })
})
