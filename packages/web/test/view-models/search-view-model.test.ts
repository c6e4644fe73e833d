import { describe, expect, it } from 'vitest'
import { AppViewModel } from '../../src/view-models/app-view-model.js'
import { SearchViewModel } from '../../src/view-models/search-view-model.js'
import { ME, MemoryBackend, item, settle } from './memory-backend.js'
import type { SearchHit } from '../../src/app/chat-backend.js'
import type { OpenConversation } from '../../src/views/conversation-view.js'

function setup (): { vm: SearchViewModel, backend: MemoryBackend, chosen: SearchHit[] } {
  const backend = new MemoryBackend()
  backend.list = [{ id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false }]
  backend.histories.set('room:lobby', [{ ...item(1), text: 'the heron stands' }, { ...item(2), text: 'heron gone', deleted: true }, item(3)])
  const chosen: SearchHit[] = []
  const vm = new SearchViewModel(backend, { onChoose: (hit) => { chosen.push(hit) }, debounceMs: 1, formatTime: (ms) => `t${ms}` })
  return { vm, backend, chosen }
}

describe('SearchViewModel', () => {
  it('searches as the user types and shows the results with their conversation, author and time', async () => {
    const { vm } = setup()
    vm.openSearch()
    vm.setQuery('her')
    expect(vm.getSnapshot()).toMatchObject({ open: true, busy: true })
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ busy: false, searched: true })
    expect(vm.getSnapshot().results).toEqual([{ key: 'room:lobby\nroom:lobby#1', conversationTitle: 'lobby', nickname: 'bob', fingerprint: 'e5f6 0718', snippet: 'the heron stands', time: `t${item(1).sentAt}` }])
    vm.setQuery('pelican')
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ results: [], searched: true })
  })

  it('keeps only the latest query\'s results, and clears them for an empty query', async () => {
    const { vm } = setup()
    vm.setQuery('heron')
    vm.setQuery('message')
    await settle()
    expect(vm.getSnapshot().results.map(r => r.snippet)).toEqual(['message 3'])
    vm.setQuery('  ')
    expect(vm.getSnapshot()).toMatchObject({ results: [], searched: false, busy: false })
  })

  it('says why a search failed', async () => {
    const { vm, backend } = setup()
    backend.failures.set('search', 'InvalidSearchError')
    vm.setQuery('heron')
    await settle()
    expect(vm.getSnapshot().error).toMatch(/Type a word to search for/)
  })

  it('opens the chosen result and closes', async () => {
    const { vm, chosen } = setup()
    vm.openSearch()
    vm.setQuery('heron')
    await settle()
    vm.choose(vm.getSnapshot().results[0].key)
    expect(chosen.map(h => h.id)).toEqual(['room:lobby#1'])
    expect(vm.getSnapshot().open).toBe(false)
  })
})

describe('SearchViewModel scope', () => {
  it('searches only the open conversation when "This conversation" is chosen, and everything again when it closes', async () => {
    const { vm, backend } = setup()
    backend.list.push({ id: 'room:tea', kind: 'public-room', title: 'tea', unread: 0, muted: false })
    backend.histories.set('room:tea', [{ ...item(7, 'room:tea'), text: 'a heron by the teapot' }])
    vm.setQuery('heron')
    await settle()
    expect(vm.getSnapshot().results.map(r => r.conversationTitle).sort()).toEqual(['lobby', 'tea'])
    expect(vm.getSnapshot().hereTitle).toBeUndefined()
    vm.setScope('here')
    expect(vm.getSnapshot().scope).toBe('all')

    vm.setConversation({ id: 'room:tea', title: 'tea' })
    vm.setScope('here')
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ scope: 'here', hereTitle: 'tea' })
    expect(vm.getSnapshot().results.map(r => r.conversationTitle)).toEqual(['tea'])
    expect(backend.calls.filter(c => c.method === 'search').at(-1)?.args[1]).toMatchObject({ conversationId: 'room:tea' })

    vm.setScope('all')
    await settle()
    expect(vm.getSnapshot().results).toHaveLength(2)
    vm.setScope('here')
    vm.setConversation(undefined)
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ scope: 'all', hereTitle: undefined })
    expect(vm.getSnapshot().results).toHaveLength(2)
  })
})

describe('AppViewModel search', () => {
  it('opens a result\'s conversation with its message loaded and focused, fetching older pages as needed', async () => {
    const backend = new MemoryBackend()
    backend.status = { state: 'open', me: ME }
    backend.list = [{ id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false }, { id: 'room:tea', kind: 'public-room', title: 'tea', unread: 0, muted: false }]
    backend.histories.set('room:tea', Array.from({ length: 120 }, (_, n) => n === 3 ? { ...item(n, 'room:tea'), text: 'an old kettle' } : item(n, 'room:tea')))
    const vm = new AppViewModel({ openBackend: () => Promise.resolve(backend), timeline: { pageSize: 20 } })
    await vm.start()
    const s = vm.getSnapshot()
    if (s.phase !== 'chat' || s.search == null) throw new Error('expected the chat with search')
    s.search.openSearch()
    s.search.setQuery('kettle')
    await new Promise(resolve => setTimeout(resolve, 200))
    s.search.choose(s.search.getSnapshot().results[0].key)
    const open = (vm.getSnapshot() as { conversation?: OpenConversation }).conversation
    expect(open?.title).toBe('tea')
    for (let i = 0; i < 20 && open?.timeline.getSnapshot().focused == null; i++) await settle()
    expect(open?.timeline.getSnapshot().focused).toBe('room:tea#3')
    expect(open?.timeline.getSnapshot().entries.some(e => e.id === 'room:tea#3')).toBe(true)
  })
})
