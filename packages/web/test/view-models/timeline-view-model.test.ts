import { describe, expect, it } from 'vitest'
import { TimelineViewModel } from '../../src/view-models/timeline-view-model.js'
import { MemoryBackend, item, settle } from './memory-backend.js'

const ROOM = 'room:lobby'

function setup (count: number, pageSize = 10): { vm: TimelineViewModel, backend: MemoryBackend } {
  const backend = new MemoryBackend()
  backend.histories.set(ROOM, Array.from({ length: count }, (_, i) => item(i)))
  const vm = new TimelineViewModel(backend, ROOM, { pageSize, formatTime: (ms) => `t${ms}` })
  return { vm, backend }
}

describe('TimelineViewModel', () => {
  it('opens on the newest page and marks the conversation read', async () => {
    const { vm, backend } = setup(25)
    expect(vm.getSnapshot().loadingOlder).toBe(true)
    await settle()
    const s = vm.getSnapshot()
    expect(s.entries.map(e => e.text)).toEqual(Array.from({ length: 10 }, (_, i) => `message ${15 + i}`))
    expect(s).toMatchObject({ loadingOlder: false, complete: false })
    expect(s.entries[0]).toMatchObject({ author: 'bob', fingerprint: 'e5f6 0718', own: false, time: `t${item(15).sentAt}` })
    expect(backend.reads).toEqual([ROOM])
  })

  it('loads older pages before the oldest shown until the start, one request at a time', async () => {
    const { vm, backend } = setup(25)
    await settle()
    vm.loadOlder()
    vm.loadOlder()
    await settle()
    expect(backend.historyCalls.map(c => c.before)).toEqual([undefined, `${ROOM}#15`])
    vm.loadOlder()
    await settle()
    const s = vm.getSnapshot()
    expect(s.entries).toHaveLength(25)
    expect(s.entries[0].text).toBe('message 0')
    expect(s.complete).toBe(true)
    vm.loadOlder()
    await settle()
    expect(backend.historyCalls).toHaveLength(3)
  })

  it('adds live messages in time order, once each, and marks them read', async () => {
    const { vm, backend } = setup(3)
    await settle()
    backend.emit({ type: 'message', conversationId: ROOM, item: item(10) })
    backend.emit({ type: 'message', conversationId: ROOM, item: item(5) })
    backend.emit({ type: 'message', conversationId: ROOM, item: item(10) })
    backend.emit({ type: 'message', conversationId: 'room:other', item: item(11, 'room:other') })
    expect(vm.getSnapshot().entries.map(e => e.text)).toEqual(['message 0', 'message 1', 'message 2', 'message 5', 'message 10'])
    expect(backend.reads).toEqual([ROOM, ROOM, ROOM])
  })

  it('keeps a live message that arrived before the first page', async () => {
    const { vm, backend } = setup(3)
    backend.emit({ type: 'message', conversationId: ROOM, item: item(2) })
    await settle()
    expect(vm.getSnapshot().entries.map(e => e.text)).toEqual(['message 0', 'message 1', 'message 2'])
  })

  it('shows a failed page as an error and can try again', async () => {
    const backend = new MemoryBackend()
    backend.histories.set(ROOM, [item(0)])
    backend.failures.set('history', 'StoreClosedError')
    const vm = new TimelineViewModel(backend, ROOM)
    await settle()
    expect(vm.getSnapshot().error).toContain('Loading messages failed')
    vm.loadOlder()
    await settle()
    expect(vm.getSnapshot().error).toBeUndefined()
    expect(vm.getSnapshot().entries).toHaveLength(1)
  })

  it('stops following the conversation once disposed', async () => {
    const { vm, backend } = setup(1)
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
    await settle()
    expect(vm.getSnapshot().entries).toEqual([])
  })
})
