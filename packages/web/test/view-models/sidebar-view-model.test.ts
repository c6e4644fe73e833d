import { describe, expect, it } from 'vitest'
import { SidebarViewModel } from '../../src/view-models/sidebar-view-model.js'
import { ME, MemoryBackend, settle } from './memory-backend.js'
import type { ConversationSummary } from '../../src/app/chat-backend.js'

function setup (): { vm: SidebarViewModel, backend: MemoryBackend, selected: ConversationSummary[] } {
  const backend = new MemoryBackend()
  backend.list = [
    { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 2, muted: false },
    { id: 'dm:bob', kind: 'dm', title: 'bob', unread: 5, muted: true },
    { id: 'private:ab12', kind: 'private-room', title: 'team', unread: 0, muted: false }
  ]
  const selected: ConversationSummary[] = []
  const vm = new SidebarViewModel(backend, ME, (c) => { selected.push(c) })
  return { vm, backend, selected }
}

describe('SidebarViewModel', () => {
  it('groups conversations into rooms, private rooms and direct messages with their unread counts', () => {
    const { vm } = setup()
    const sections = vm.getSnapshot().sections
    expect(sections.map(s => s.title)).toEqual(['Rooms', 'Private rooms', 'Direct messages'])
    expect(sections.map(s => s.items.map(i => [i.title, i.unread]))).toEqual([[['lobby', 2]], [['team', 0]], [['bob', 5]]])
    expect(sections[2].items[0].muted).toBe(true)
  })

  it('selects a conversation, hiding its badge while it is open', () => {
    const { vm, selected } = setup()
    vm.select('dm:bob')
    expect(selected.map(c => c.id)).toEqual(['dm:bob'])
    const bob = vm.getSnapshot().sections[2].items[0]
    expect(bob).toMatchObject({ selected: true, unread: 0 })
    vm.select('nope')
    expect(selected).toHaveLength(1)
  })

  it('follows the peer: new conversations and the connection count', () => {
    const { vm, backend } = setup()
    expect(vm.getSnapshot()).toMatchObject({ status: 'Not connected', online: false })
    backend.emit({ type: 'network', status: { peers: 1 } })
    expect(vm.getSnapshot()).toMatchObject({ status: 'Connected to 1 peer', online: true })
    backend.emit({ type: 'network', status: { peers: 3 } })
    expect(vm.getSnapshot().status).toBe('Connected to 3 peers')
    backend.list = [...backend.list, { id: 'room:rust', kind: 'public-room', title: 'rust', unread: 1, muted: false }]
    backend.emit({ type: 'conversations' })
    expect(vm.getSnapshot().sections[0].items.map(i => i.title)).toEqual(['lobby', 'rust'])
  })

  it('joins a room by name and opens it', async () => {
    const { vm, selected } = setup()
    vm.setJoinName('  rust ')
    vm.join()
    expect(vm.getSnapshot().joining).toBe(true)
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ joining: false, joinName: '' })
    expect(selected.map(c => c.id)).toEqual(['room:rust'])
  })

  it('explains a refused room name and keeps what was typed', async () => {
    const { vm, backend, selected } = setup()
    backend.failures.set('joinRoom', 'InvalidRoomNameError')
    vm.setJoinName('Bad Name!')
    vm.join()
    await settle()
    expect(vm.getSnapshot().joinError).toContain('letters a–z')
    expect(vm.getSnapshot().joinName).toBe('Bad Name!')
    expect(selected).toEqual([])
  })

  it('stops following the peer once disposed', () => {
    const { vm, backend } = setup()
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
  })
})
