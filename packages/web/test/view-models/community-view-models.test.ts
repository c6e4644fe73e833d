import { describe, expect, it } from 'vitest'
import { CommunitiesViewModel } from '../../src/view-models/communities-view-model.js'
import { RoomModerationViewModel } from '../../src/view-models/room-moderation-view-model.js'
import { settle } from './memory-backend.js'
import { AGORA, MemoryCommunities } from './memory-communities.js'
import type { ConversationSummary } from '../../src/app/chat-backend.js'
import type { Notifier } from '../../src/app/notifier.js'

const at = (ms: number): string => `t${ms}`

describe('RoomModerationViewModel', () => {
  it('stays hidden for an open room and shows an owned room\'s topic, pin, events and role', async () => {
    const backend = new MemoryCommunities()
    const open = new RoomModerationViewModel(backend, 'room:lobby', at)
    backend.room = { ...backend.room, pin: { id: 'm1', text: 'read the rules', author: 'ann' }, events: [{ id: 'e1', title: 'meetup', description: '', start: 5, duration: 60 }] }
    const owned = new RoomModerationViewModel(backend, AGORA, at)
    await settle()
    expect(open.getSnapshot().owned).toBe(false)
    expect(owned.getSnapshot()).toMatchObject({ owned: true, role: 'owner', topic: 'hello', pin: { id: 'm1', text: 'read the rules' }, nextEvent: { id: 'e1', title: 'meetup', when: 't5' } })
  })

  it('reads the room again on a change, counts reports while the queue is closed, and loads them when it opens', async () => {
    const backend = new MemoryCommunities()
    const vm = new RoomModerationViewModel(backend, AGORA, at)
    await settle()
    backend.room = { ...backend.room, topic: 'new topic', banned: ['peer-eve'], bannedNames: ['eve'] }
    backend.emit({ type: 'room', conversationId: AGORA })
    backend.emit({ type: 'room', conversationId: 'room:elsewhere' })
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ topic: 'new topic', banned: ['peer-eve'], bannedList: [{ id: 'peer-eve', name: 'eve' }] })
    backend.reportList = [{ id: 'r1', fromId: 'p1', from: 'ann', whoId: 'peer-eve', who: 'eve', fingerprint: 'ffff', reason: 'spam', message: { id: 'm9', text: 'buy now' }, receivedAt: 7 }]
    backend.emit({ type: 'report', conversationId: AGORA, report: backend.reportList[0] })
    expect(vm.getSnapshot().newReports).toBe(1)
    vm.toggleReports()
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ reportsOpen: true, newReports: 0, reports: [{ id: 'r1', reason: 'spam', when: 't7', message: { text: 'buy now' } }] })
  })

  it('sends moderation, reports and answers, and puts a typed refusal in plain words', async () => {
    const backend = new MemoryCommunities()
    const vm = new RoomModerationViewModel(backend, AGORA, at)
    vm.ban('peer-eve')
    vm.mute('peer-eve', 600)
    vm.makeModerator('peer-bob')
    vm.removeMessage('m1')
    vm.rsvp('e1', 'yes')
    vm.startReport({ message: 'm2' }, 'the message')
    vm.sendReport('rude')
    vm.schedule({ title: ' party ', start: '2030-01-01T10:00', minutes: 90, description: '' })
    await settle()
    expect(backend.calls).toEqual(['ban peer-eve', 'mute peer-eve 600', 'add-mod peer-bob', 'remove m1', 'rsvp e1 yes', 'report m2 rude', `event party ${new Date('2030-01-01T10:00').getTime()} 5400`])
    expect(vm.getSnapshot().reporting).toBeUndefined()
    vm.schedule({ title: '', start: '', minutes: 0, description: '' })
    expect(vm.getSnapshot().error).toMatch(/needs a title/)
    backend.refuse = true
    vm.pin('m3')
    await settle()
    expect(vm.getSnapshot().error).toBe('Only the owner and the moderators of this room can do that.')
  })
})

describe('CommunitiesViewModel', () => {
  it('creates an owned room and opens it, searches the directory and joins a room found', async () => {
    const backend = new MemoryCommunities()
    backend.rooms = [
      { room: 'rust~cd', label: 'rust~cdcdcdcd', topic: 'borrow checker', description: '', language: 'en', members: 3, lastActivity: 1, nextEvent: 9, joined: false },
      { room: 'go~ef', label: 'go~efefefef', topic: 'gophers', description: '', language: 'en', members: 1, lastActivity: 0, nextEvent: 0, joined: true }
    ]
    const opened: Array<ConversationSummary | string> = []
    const vm = new CommunitiesViewModel(backend, { open: (c) => { opened.push(c) }, formatTime: at })
    vm.setCreateName('agora')
    vm.create()
    await settle()
    expect(opened.map(c => typeof c === 'string' ? c : c.id)).toEqual([`room:agora~${'ab'.repeat(32)}`])
    vm.openExplore()
    expect(vm.getSnapshot().results.map(r => r.label)).toEqual(['rust~cdcdcdcd', 'go~efefefef'])
    vm.setQuery('borrow')
    expect(vm.getSnapshot().results).toEqual([{ room: 'rust~cd', label: 'rust~cdcdcdcd', topic: 'borrow checker', description: '', members: 3, nextEvent: 't9', joined: false }])
    vm.join('rust~cd')
    await settle()
    expect(vm.getSnapshot().exploreOpen).toBe(false)
    expect(backend.calls).toContain('join rust~cd')
    vm.dispose()
  })

  it('shows an event reminder in the app and as a notification that opens the room', () => {
    const backend = new MemoryCommunities()
    const shown: Array<{ title: string, body: string, click: () => void }> = []
    const notifier: Notifier = { hidden: () => false, requestPermission: () => {}, show: (title, body, click) => { shown.push({ title, body, click }) } }
    const opened: Array<ConversationSummary | string> = []
    const vm = new CommunitiesViewModel(backend, { open: (c) => { opened.push(c) }, notifier, formatTime: at })
    backend.emit({ type: 'reminder', conversationId: AGORA, room: 'agora~abababab', kind: 'start', event: { id: 'e1', title: 'meetup', description: '', start: 1, duration: 60, rsvp: 'yes' } })
    expect(vm.getSnapshot().reminder).toBe('meetup is starting in agora~abababab')
    expect(shown.map(s => [s.title, s.body])).toEqual([['Event in agora~abababab', 'meetup is starting in agora~abababab']])
    shown[0].click()
    expect(opened).toEqual([AGORA])
  })
})
