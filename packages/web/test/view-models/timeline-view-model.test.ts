import { afterEach, describe, expect, it, vi } from 'vitest'
import { TIMELINE_WINDOW, TYPING_SHOWN_MS } from '../../src/app/constants.js'
import { TimelineViewModel } from '../../src/view-models/timeline-view-model.js'
import { ME, MemoryBackend, item, settle } from './memory-backend.js'
import type { TimelineItem } from '../../src/app/chat-backend.js'
import type { TimelineEntry } from '../../src/views/timeline-view.js'

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

  it('quotes the message replied to when it is loaded, else says "a message"', async () => {
    const backend = new MemoryBackend()
    backend.histories.set(ROOM, [item(1), { ...item(2), replyTo: item(1).id }, { ...item(3), replyTo: 'room:lobby#gone' }])
    const vm = new TimelineViewModel(backend, ROOM)
    await settle()
    const [first, reply, orphan] = vm.getSnapshot().entries
    expect(first.replyTo).toBeUndefined()
    expect(reply.replyTo).toEqual({ author: 'bob', text: 'message 1' })
    expect(orphan.replyTo).toEqual({ author: '', text: 'a message' })
  })

  it('shows edited, deleted and receipt state, and replaces an item when it is updated', async () => {
    const { vm, backend } = setup(3)
    await settle()
    const own: TimelineItem = { ...item(1), own: true, author: { id: ME.id, nickname: 'alice', fingerprint: ME.fingerprint }, receipt: 'sent' }
    backend.emit({ type: 'updated', conversationId: ROOM, item: own })
    expect(vm.getSnapshot().entries[1]).toMatchObject({ own: true, receipt: 'sent', edited: false, deleted: false })
    backend.emit({ type: 'updated', conversationId: ROOM, item: { ...own, text: 'fixed', edited: true, receipt: 'read' } })
    expect(vm.getSnapshot().entries[1]).toMatchObject({ text: 'fixed', edited: true, receipt: 'read' })
    backend.emit({ type: 'updated', conversationId: ROOM, item: { ...item(0), text: '', deleted: true } })
    expect(vm.getSnapshot().entries[0]).toMatchObject({ deleted: true, text: '' })
    // Unknown ids and other conversations change nothing.
    backend.emit({ type: 'updated', conversationId: ROOM, item: item(99) })
    backend.emit({ type: 'updated', conversationId: 'room:other', item: { ...item(2), text: 'no' } })
    expect(vm.getSnapshot().entries.map(e => e.text)).toEqual(['', 'fixed', 'message 2'])
  })

  it('quotes a deleted message as "message deleted"', async () => {
    const { vm, backend } = setup(2)
    await settle()
    backend.emit({ type: 'message', conversationId: ROOM, item: { ...item(5), replyTo: item(1).id } })
    backend.emit({ type: 'updated', conversationId: ROOM, item: { ...item(1), text: '', deleted: true } })
    expect(vm.getSnapshot().entries[2].replyTo).toEqual({ author: 'bob', text: 'message deleted' })
  })

  it('keeps the entries of unchanged messages when one changes, and rebuilds a reply whose quote changed', async () => {
    const backend = new MemoryBackend()
    backend.histories.set(ROOM, [item(0), item(1), { ...item(2), replyTo: item(1).id }])
    const vm = new TimelineViewModel(backend, ROOM)
    await settle()
    const before = vm.getSnapshot().entries
    backend.emit({ type: 'updated', conversationId: ROOM, item: { ...item(1), text: 'edited', edited: true } })
    const after = vm.getSnapshot().entries
    expect(after[0]).toBe(before[0])
    expect(after[1]).not.toBe(before[1])
    expect(after[2].replyTo).toEqual({ author: 'bob', text: 'edited' })
  })

  it('counts reactions by emoji in order of first use and marks mine', async () => {
    const backend = new MemoryBackend()
    backend.histories.set(ROOM, [{
      ...item(0),
      reactions: [{ from: 'peer-bob', reaction: '👍' }, { from: 'peer-carol', reaction: '🎉' }, { from: ME.id, reaction: '👍' }]
    }])
    const vm = new TimelineViewModel(backend, ROOM, {}, { self: ME.id })
    await settle()
    expect(vm.getSnapshot().entries[0].reactions).toEqual([{ reaction: '👍', count: 2, mine: true }, { reaction: '🎉', count: 1, mine: false }])
  })

  it('hands reply and edit to the composer: any live message can be replied to, only my own edited', async () => {
    const backend = new MemoryBackend()
    const mine: TimelineItem = { ...item(1), own: true, author: { id: ME.id, nickname: 'alice', fingerprint: ME.fingerprint } }
    backend.histories.set(ROOM, [item(0), mine, { ...item(2), deleted: true, text: '' }])
    const replies: TimelineEntry[] = []
    const edits: TimelineEntry[] = []
    const vm = new TimelineViewModel(backend, ROOM, {}, { onReply: (e) => { replies.push(e) }, onEdit: (e) => { edits.push(e) } })
    await settle()
    for (const id of [item(0).id, mine.id, item(2).id, 'nope']) {
      vm.reply(id)
      vm.edit(id)
    }
    expect(replies.map(e => e.id)).toEqual([item(0).id, mine.id])
    expect(edits.map(e => e.id)).toEqual([mine.id])
  })

  it('deletes and reacts through the backend, and says why when it fails', async () => {
    const { vm, backend } = setup(1)
    await settle()
    vm.react(item(0).id, '🎉')
    vm.remove(item(0).id)
    await settle()
    expect(backend.calls).toEqual([
      { method: 'react', args: [ROOM, item(0).id, '🎉'] },
      { method: 'deleteMessage', args: [ROOM, item(0).id] }
    ])
    backend.failures.set('deleteMessage', 'NotAuthorError')
    vm.remove(item(0).id)
    await settle()
    expect(vm.getSnapshot().error).toBe('Only the author can do that.')
    backend.failures.set('react', 'TooManyReactionsError')
    vm.react(item(0).id, '😮')
    await settle()
    expect(vm.getSnapshot().error).toContain('Reacting failed')
  })

  describe('typing', () => {
    afterEach(() => { vi.useRealTimers() })

    it('shows who is typing until a few seconds after the last notice', () => {
      vi.useFakeTimers()
      const { vm, backend } = setup(0)
      backend.emit({ type: 'typing', conversationId: ROOM, nickname: 'bob' })
      backend.emit({ type: 'typing', conversationId: 'dm:other', nickname: 'eve' })
      expect(vm.getSnapshot().typing).toBe('bob')
      vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000)
      backend.emit({ type: 'typing', conversationId: ROOM, nickname: 'bob' })
      vi.advanceTimersByTime(TYPING_SHOWN_MS - 1000)
      expect(vm.getSnapshot().typing).toBe('bob')
      vi.advanceTimersByTime(1000)
      expect(vm.getSnapshot().typing).toBeUndefined()
    })

    it('stops showing typing once their message arrives', () => {
      vi.useFakeTimers()
      const { vm, backend } = setup(0)
      backend.emit({ type: 'typing', conversationId: ROOM, nickname: 'bob' })
      backend.emit({ type: 'message', conversationId: ROOM, item: item(1) })
      expect(vm.getSnapshot().typing).toBeUndefined()
    })
  })

  it('stops following the conversation once disposed', async () => {
    const { vm, backend } = setup(1)
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
    await settle()
    expect(vm.getSnapshot().entries).toEqual([])
  })

  it('shows a sliding window of the newest messages in a busy room, revealing hidden ones before fetching older pages', async () => {
    const backend = new MemoryBackend()
    backend.histories.set('room:lobby', Array.from({ length: 10 }, (_, i) => item(i)))
    const vm = new TimelineViewModel(backend, 'room:lobby', { pageSize: 10 })
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ complete: true })
    const live = TIMELINE_WINDOW + 25
    for (let i = 10; i < 10 + live; i++) backend.emit({ type: 'message', conversationId: 'room:lobby', item: item(i) })
    let s = vm.getSnapshot()
    expect(s.entries).toHaveLength(TIMELINE_WINDOW)
    expect(s.entries.at(-1)?.id).toBe(item(9 + live).id)
    expect(s.complete).toBe(false)
    const fetches = backend.historyCalls.length
    vm.loadOlder()
    s = vm.getSnapshot()
    expect(s.entries).toHaveLength(TIMELINE_WINDOW + 10)
    expect(backend.historyCalls).toHaveLength(fetches)
    for (let n = 0; n < 5 && !vm.getSnapshot().complete; n++) vm.loadOlder()
    s = vm.getSnapshot()
    expect(s.entries.map(e => e.id)).toEqual(Array.from({ length: 10 + live }, (_, i) => item(i).id))
    expect(s.complete).toBe(true)
    expect(backend.historyCalls).toHaveLength(fetches)
    vm.dispose()
  })

  it('offers message actions except where the conversation has none (private rooms)', () => {
    const backend = new MemoryBackend()
    expect(new TimelineViewModel(backend, 'room:lobby').getSnapshot().actions).toBe(true)
    expect(new TimelineViewModel(backend, 'private:ab', {}, { plain: true }).getSnapshot().actions).toBe(false)
  })
})
