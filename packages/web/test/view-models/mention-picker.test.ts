import { describe, expect, it } from 'vitest'
import { ComposerViewModel } from '../../src/view-models/composer-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import type { MemberInfo } from '../../src/app/chat-backend.js'

const member = (id: string, nickname: string, self = false): MemberInfo => ({ id, nickname, fingerprint: `${id.slice(0, 4)}:0000`, self, contact: false })

describe('MentionPicker (the composer\'s @nick list)', () => {
  it('offers the members matching @prefix (never us), tells same-named ones apart by fingerprint, and sends only the chosen key', async () => {
    const backend = new MemoryBackend()
    backend.memberList.set('room:lobby', [member('me00', 'alice', true), member('bob1', 'bob'), member('bob2', 'bob'), member('carl', 'carl')])
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('hi @b')
    await settle()
    expect(vm.mentions.getSnapshot()).toMatchObject({ open: true, active: 0, options: [{ id: 'bob1', nickname: 'bob', fingerprint: 'bob1:0000' }, { id: 'bob2', nickname: 'bob', fingerprint: 'bob2:0000' }] })
    vm.mentions.move(1)
    vm.mentions.move(1)
    vm.mentions.move(1)
    expect(vm.mentions.getSnapshot().active).toBe(1)
    const draft = vm.mentions.pick()
    expect(draft).toBe('hi @bob ')
    vm.setDraft(`${draft ?? ''}and @bob by hand`)
    expect(vm.mentions.getSnapshot().open).toBe(false)
    vm.send()
    await settle()
    expect(backend.sent).toEqual([{ conversationId: 'room:lobby', text: 'hi @bob and @bob by hand', mentions: ['bob2'] }])
    // The record went with that message: the next carries no key unless chosen again.
    vm.setDraft('@bob again')
    vm.send()
    await settle()
    expect(backend.sent[1]).toEqual({ conversationId: 'room:lobby', text: '@bob again' })
  })

  it('sends no key for a member whose @nick was erased before sending, and closes on Escape or a space', async () => {
    const backend = new MemoryBackend()
    backend.memberList.set('room:lobby', [member('carl', 'carl')])
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('@c')
    await settle()
    vm.setDraft(vm.mentions.pick() ?? '')
    vm.setDraft('never mind')
    vm.send()
    await settle()
    expect(backend.sent).toEqual([{ conversationId: 'room:lobby', text: 'never mind' }])
    vm.setDraft('@ca')
    await settle()
    expect(vm.mentions.getSnapshot().open).toBe(true)
    vm.mentions.close()
    expect(vm.mentions.getSnapshot().open).toBe(false)
    expect(vm.mentions.pick()).toBeUndefined()
    vm.setDraft('@carl ')
    expect(vm.mentions.getSnapshot().open).toBe(false)
  })
})
