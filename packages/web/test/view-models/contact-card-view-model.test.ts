import { describe, expect, it } from 'vitest'
import { ContactCardViewModel } from '../../src/view-models/contact-card-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import type { ConversationSummary } from '../../src/app/chat-backend.js'

const BOB_CARD = 'parley:card/of-bob'

function setup (copy?: (text: string) => Promise<void>): { vm: ContactCardViewModel, backend: MemoryBackend, opened: ConversationSummary[] } {
  const backend = new MemoryBackend()
  backend.cards.set(BOB_CARD, 'peer-bob')
  const opened: ConversationSummary[] = []
  const vm = new ContactCardViewModel(backend, { onOpen: (c) => { opened.push(c) }, copy })
  return { vm, backend, opened }
}

describe('ContactCardViewModel', () => {
  it('shows my card as a link with its expiry, and copies the link', async () => {
    const copied: string[] = []
    const { vm, backend } = setup(async (text) => { copied.push(text); await Promise.resolve() })
    vm.openShare()
    expect(vm.getSnapshot().share).toEqual({ copied: false })
    await settle()
    expect(vm.getSnapshot().share).toMatchObject({ link: backend.card.link, copied: false })
    expect(vm.getSnapshot().share?.expires).toMatch(/2030/)
    vm.copyLink()
    await settle()
    expect(copied).toEqual([backend.card.link])
    expect(vm.getSnapshot().share?.copied).toBe(true)
    vm.closeShare()
    expect(vm.getSnapshot().share).toBeUndefined()
  })

  it('says why the card could not be made, and why copying failed', async () => {
    const { vm, backend } = setup(async () => { await Promise.reject(Object.assign(new Error('no clipboard'), { name: 'NotAllowedError' })) })
    backend.failures.set('myCard', 'ProfileClosedError')
    vm.openShare()
    await settle()
    expect(vm.getSnapshot().share).toMatchObject({ error: expect.stringContaining('Making your card failed') })
    vm.openShare()
    await settle()
    vm.copyLink()
    await settle()
    expect(vm.getSnapshot().share).toMatchObject({ copied: false, error: expect.stringContaining('no clipboard') })
  })

  it('adds a contact from a pasted card link and opens the DM', async () => {
    const { vm, backend, opened } = setup()
    vm.openAdd()
    vm.setValue(`  ${BOB_CARD} `)
    vm.submit()
    expect(vm.getSnapshot().add?.busy).toBe(true)
    await settle()
    expect(backend.calls).toContainEqual({ method: 'addContact', args: [BOB_CARD] })
    expect(opened.map(c => c.id)).toEqual(['dm:peer-bob'])
    expect(vm.getSnapshot().add).toBeUndefined()
  })

  it('adds a contact from a scanned code', async () => {
    const { vm, opened } = setup()
    vm.openAdd()
    vm.startScan()
    expect(vm.getSnapshot().add).toMatchObject({ scanning: true })
    vm.scanned(BOB_CARD)
    await settle()
    expect(opened.map(c => c.id)).toEqual(['dm:peer-bob'])
  })

  it('refuses text that is no card with a sentence, and keeps the dialog open', async () => {
    const { vm, opened } = setup()
    vm.openAdd()
    vm.setValue('hello there')
    vm.submit()
    await settle()
    expect(vm.getSnapshot().add).toMatchObject({ busy: false, value: 'hello there', error: expect.stringContaining('neither a Parley contact link') })
    vm.setValue('parley:card/forged')
    vm.submit()
    await settle()
    expect(vm.getSnapshot().add?.error).toContain('damaged or was not signed')
    vm.startScan()
    vm.scanFailed(Object.assign(new Error('none'), { name: 'CameraUnavailableError', problem: 'missing' }))
    expect(vm.getSnapshot().add).toMatchObject({ scanning: false, error: expect.stringContaining('No camera was found') })
    expect(opened).toEqual([])
  })

  it('ignores an empty value and a second submit while busy', async () => {
    const { vm, backend } = setup()
    vm.openAdd()
    vm.submit()
    vm.setValue(BOB_CARD)
    vm.submit()
    vm.submit()
    await settle()
    expect(backend.calls.filter(c => c.method === 'addContact')).toHaveLength(1)
  })
})
