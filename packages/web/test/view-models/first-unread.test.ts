import { describe, expect, it } from 'vitest'
import { firstUnreadId } from '../../src/view-models/first-unread.js'
import { TimelineViewModel } from '../../src/view-models/timeline-view-model.js'
import { UiState } from '../../src/app/ui-state.js'
import { MemoryBackend, item as roomItem, settle } from './memory-backend.js'
import type { KeyValueStore } from '@parley/node/browser'
import type { TimelineItem } from '../../src/app/chat-backend.js'

const item = (id: string, own = false): TimelineItem => ({ id, author: { id: own ? 'me' : 'bob', nickname: 'x', fingerprint: '' }, own, text: id, sentAt: 0, edited: false, deleted: false, reactions: [] })

/** A KeyValueStore in a Map: the UI state's storage, kept across "reloads" (new UiState over it). */
class MapKv implements KeyValueStore {
  readonly map = new Map<string, Uint8Array>()
  get (key: string): Promise<Uint8Array | undefined> { return Promise.resolve(this.map.get(key)) }
  put (key: string, value: Uint8Array): Promise<void> { this.map.set(key, value); return Promise.resolve() }
  del (key: string): Promise<void> { this.map.delete(key); return Promise.resolve() }
  entries (): AsyncIterable<[string, Uint8Array]> {
    const all = [...this.map.entries()]
    return { [Symbol.asyncIterator]: () => { const cursor = all[Symbol.iterator](); return { next: () => Promise.resolve(cursor.next()) } } }
  }
}

describe('firstUnreadId (the "New messages" marker)', () => {
  it('is the oldest of the n newest messages from others, skipping our own', () => {
    const sorted = [item('a'), item('b'), item('mine', true), item('c'), item('mine2', true)]
    expect(firstUnreadId(sorted, 0)).toBeUndefined()
    expect(firstUnreadId(sorted, 1)).toBe('c')
    expect(firstUnreadId(sorted, 2)).toBe('b')
    // More unread than loaded: the oldest loaded message from others.
    expect(firstUnreadId(sorted, 10)).toBe('a')
    expect(firstUnreadId([item('own', true)], 3)).toBeUndefined()
  })
})

describe('the read position', () => {
  const ROOM = 'room:lobby'

  it('keeps the unread message first in timeline order across a reload, and forgets it once read', async () => {
    const kv = new MapKv()
    const ui = await UiState.load(kv)
    ui.addUnread(ROOM, { id: `${ROOM}#5`, sentAt: 5 })
    // Arriving later but sent earlier (out of order): it is the first unread now.
    ui.addUnread(ROOM, { id: `${ROOM}#3`, sentAt: 3 })
    ui.addUnread(ROOM, { id: `${ROOM}#9`, sentAt: 9 })
    await ui.flush()
    const reloaded = await UiState.load(kv)
    expect(reloaded.firstUnread(ROOM)).toEqual({ id: `${ROOM}#3`, sentAt: 3 })
    expect(reloaded.unread(ROOM)).toBe(3)
    expect(reloaded.clearUnread(ROOM)).toBe(true)
    expect(reloaded.firstUnread(ROOM)).toBeUndefined()
  })

  it('puts the marker on the first unread of 120 (more than a page), and Jump pages back to it', async () => {
    const backend = new MemoryBackend()
    const all = Array.from({ length: 200 }, (_, i) => roomItem(i))
    backend.histories.set(ROOM, all)
    const first = all[80].id
    const vm = new TimelineViewModel(backend, ROOM, { pageSize: 50 }, { unreadAtOpen: 120, firstUnreadAtOpen: first })
    await settle()
    const s = vm.getSnapshot()
    expect(s.firstUnread).toBe(first)
    // Counting back 120 from the newest page of 50 would have put it on the oldest loaded message.
    expect(s.entries[0].id).toBe(all[150].id)
    expect(s.entries.some(e => e.id === first)).toBe(false)
    vm.jumpToFirstUnread()
    for (let i = 0; i < 20 && vm.getSnapshot().focused == null; i++) await settle()
    expect(vm.getSnapshot().focused).toBe(first)
    expect(vm.getSnapshot().entries.some(e => e.id === first)).toBe(true)
    expect(vm.getSnapshot().firstUnread).toBe(first)
  })

  it('places the marker by count when no read position is known (state from before it was kept)', async () => {
    const backend = new MemoryBackend()
    const all = Array.from({ length: 30 }, (_, i) => roomItem(i))
    backend.histories.set(ROOM, all)
    const vm = new TimelineViewModel(backend, ROOM, { pageSize: 50 }, { unreadAtOpen: 4 })
    await settle()
    expect(vm.getSnapshot().firstUnread).toBe(all[26].id)
  })
})
