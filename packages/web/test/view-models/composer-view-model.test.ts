import { describe, expect, it } from 'vitest'
import { MAX_TEXT_BYTES, TYPING_NOTICE_EVERY_MS } from '../../src/app/constants.js'
import { ComposerViewModel } from '../../src/view-models/composer-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import type { TimelineEntry } from '../../src/views/timeline-view.js'

function entry (id: string, text: string, own = false): TimelineEntry {
  return { id, author: own ? 'alice' : 'bob', fingerprint: 'e5f6 0718', own, text, time: '12:00', iso: '2023-11-14T22:13:20.000Z', edited: false, deleted: false, reactions: [] }
}

describe('ComposerViewModel', () => {
  it('sends the trimmed draft and clears it', async () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('  hello  ')
    vm.send()
    expect(vm.getSnapshot().sending).toBe(true)
    await settle()
    expect(backend.sent).toEqual([{ conversationId: 'room:lobby', text: 'hello' }])
    expect(vm.getSnapshot()).toMatchObject({ draft: '', sending: false })
  })

  it('sends nothing for a blank draft', async () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft(' \n ')
    vm.send()
    await settle()
    expect(backend.sent).toEqual([])
  })

  it('keeps what was typed while the message was on its way', async () => {
    const backend = new MemoryBackend()
    let release = (): void => {}
    backend.sendGate = new Promise(resolve => { release = resolve })
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('first')
    vm.send()
    vm.setDraft('second')
    vm.send()
    release()
    await settle()
    expect(backend.sent.map(s => s.text)).toEqual(['first'])
    expect(vm.getSnapshot().draft).toBe('second')
  })

  it('keeps only the new text when typing went on at the end of the box while the message was on its way', async () => {
    const backend = new MemoryBackend()
    let release = (): void => {}
    backend.sendGate = new Promise(resolve => { release = resolve })
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('first')
    vm.send()
    vm.setDraft('firstsec')
    vm.setDraft('firstsecond\nline')
    release()
    await settle()
    expect(backend.sent.map(s => s.text)).toEqual(['first'])
    expect(vm.getSnapshot().draft).toBe('second\nline')
  })

  it('keeps the draft and explains when sending fails', async () => {
    const backend = new MemoryBackend()
    backend.failures.set('send', 'MessageTooLargeError')
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('hello')
    vm.send()
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ draft: 'hello', sending: false, error: 'This message is too long to send.' })
  })

  it('refuses a message over the size limit before sending it', async () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('é'.repeat(MAX_TEXT_BYTES / 2 + 1))
    vm.send()
    await settle()
    expect(backend.sent).toEqual([])
    expect(vm.getSnapshot().error).toContain('16 KiB')
  })

  it('sends a reply to the message chosen, then leaves reply mode', async () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.startReply(entry('m1', 'lunch?'))
    expect(vm.getSnapshot().replyTo).toEqual({ id: 'm1', author: 'bob', text: 'lunch?' })
    vm.setDraft('yes')
    vm.send()
    await settle()
    expect(backend.sent).toEqual([{ conversationId: 'room:lobby', text: 'yes', replyTo: 'm1' }])
    expect(vm.getSnapshot()).toMatchObject({ draft: '', replyTo: undefined })
  })

  it('cancels reply mode, keeping the draft', () => {
    const vm = new ComposerViewModel(new MemoryBackend(), 'room:lobby')
    vm.setDraft('hm')
    vm.startReply(entry('m1', 'lunch?'))
    vm.cancel()
    expect(vm.getSnapshot()).toMatchObject({ draft: 'hm', replyTo: undefined })
  })

  it('edits one of my messages with its text as the draft, then restores the draft put aside', async () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('half-typed')
    vm.startEdit(entry('m2', 'teh text', true))
    expect(vm.getSnapshot()).toMatchObject({ draft: 'teh text', editing: { id: 'm2' } })
    vm.setDraft('the text')
    vm.send()
    await settle()
    expect(backend.calls).toEqual([{ method: 'edit', args: ['room:lobby', 'm2', 'the text'] }])
    expect(backend.sent).toEqual([])
    expect(vm.getSnapshot()).toMatchObject({ draft: 'half-typed', editing: undefined })
  })

  it('cancels an edit, restoring the draft, and a reply started during an edit ends it', () => {
    const vm = new ComposerViewModel(new MemoryBackend(), 'room:lobby')
    vm.setDraft('mine')
    vm.startEdit(entry('m2', 'old', true))
    vm.cancel()
    expect(vm.getSnapshot()).toMatchObject({ draft: 'mine', editing: undefined })
    vm.startEdit(entry('m2', 'old', true))
    vm.startReply(entry('m1', 'lunch?'))
    expect(vm.getSnapshot()).toMatchObject({ draft: 'mine', editing: undefined, replyTo: { id: 'm1' } })
  })

  it('keeps edit mode and explains when the edit fails', async () => {
    const backend = new MemoryBackend()
    backend.failures.set('edit', 'NotAuthorError')
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.startEdit(entry('m2', 'old', true))
    vm.setDraft('new')
    vm.send()
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ draft: 'new', editing: { id: 'm2' }, sending: false, error: 'Only the author can do that.' })
  })

  it('tells a DM contact the user is typing, at most once per interval, never for blank drafts or edits', () => {
    const backend = new MemoryBackend()
    let now = 1_000_000
    const vm = new ComposerViewModel(backend, 'dm:bob', { typingNotices: true, now: () => now })
    const notices = (): number => backend.calls.filter(c => c.method === 'typing').length
    vm.setDraft(' ')
    expect(notices()).toBe(0)
    vm.setDraft('h')
    vm.setDraft('he')
    expect(backend.calls).toEqual([{ method: 'typing', args: ['dm:bob'] }])
    now += TYPING_NOTICE_EVERY_MS - 1
    vm.setDraft('hel')
    expect(notices()).toBe(1)
    now += 1
    vm.setDraft('hell')
    expect(notices()).toBe(2)
    now += TYPING_NOTICE_EVERY_MS
    vm.startEdit(entry('m2', 'old', true))
    vm.setDraft('older')
    expect(notices()).toBe(2)
  })

  it('tells the contact again right after a message is sent, since its arrival ends "typing" there', async () => {
    const backend = new MemoryBackend()
    const now = 1_000_000
    const vm = new ComposerViewModel(backend, 'dm:bob', { typingNotices: true, now: () => now })
    vm.setDraft('hi')
    vm.send()
    await settle()
    vm.setDraft('a')
    expect(backend.calls.filter(c => c.method === 'typing')).toHaveLength(2)
  })

  it('sends no typing notices in rooms', () => {
    const backend = new MemoryBackend()
    const vm = new ComposerViewModel(backend, 'room:lobby')
    vm.setDraft('hello')
    expect(backend.calls).toEqual([])
  })
})
