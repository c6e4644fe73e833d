import { describe, expect, it } from 'vitest'
import { MAX_TEXT_BYTES } from '../../src/app/constants.js'
import { ComposerViewModel } from '../../src/view-models/composer-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'

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
})
