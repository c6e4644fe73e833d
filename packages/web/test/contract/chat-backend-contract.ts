/**
 * The ChatBackend contract: one suite, run against every implementation of the port — the
 * in-memory backend view models are tested with (memory-backend.test.ts, in Node) and the real
 * PeerBackend over a browser peer (test/suite-runner/peer-backend.suite.ts, in Chromium) — so the
 * view models' stand-in behaves as the app's backend does. Every failure is asserted by name.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import type { BackendEvent, ChatBackend, TimelineItem } from '../../src/app/chat-backend.js'

/** A backend under test and how to dispose of it. */
export interface ContractSubject {
  backend: ChatBackend
  close(): Promise<void>
}

/** The name of the error `promise` rejects with (or `fn` throws); 'no error' when none. */
export async function errorName (promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise)
  } catch (err) {
    return (err as Error).name
  }
  return 'no error'
}

/** Polls until `check` holds (events may follow a call by a few turns of the event loop). */
async function until (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** A valid peer id of nobody in particular. */
async function somePeerId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

const texts = (items: TimelineItem[]): string[] => items.map((i) => i.text)

/** Registers the contract's cases for the backend `open` makes (a fresh one per case, with no profile yet). */
export function chatBackendContract (name: string, open: () => Promise<ContractSubject>): void {
  const subjects: ContractSubject[] = []
  const fresh = async (): Promise<ChatBackend> => {
    const subject = await open()
    subjects.push(subject)
    return subject.backend
  }
  /** A backend with a profile and the room `lobby` joined. */
  const inLobby = async (): Promise<{ backend: ChatBackend, events: BackendEvent[] }> => {
    const backend = await fresh()
    await backend.createProfile({ nickname: 'ada' })
    const events: BackendEvent[] = []
    backend.subscribe((event) => { events.push(event) })
    await backend.joinRoom('lobby')
    return { backend, events }
  }

  describe(`ChatBackend contract on ${name}`, () => {
    afterEach(async () => {
      await Promise.all(subjects.splice(0).map(async (s) => s.close()))
    })

    it('starts with no profile, creates one once and reports it open', async () => {
      const backend = await fresh()
      expect(await backend.profileStatus()).toEqual({ state: 'none' })
      const me = await backend.createProfile({ nickname: 'ada' })
      expect(me).toMatchObject({ nickname: 'ada', sealed: false })
      expect(await backend.profileStatus()).toMatchObject({ state: 'open', me: { id: me.id, nickname: 'ada' } })
      expect(await errorName(backend.createProfile({ nickname: 'again' }))).toBe('UnsupportedError')
    })

    it('joins a public room by its normalised name, lists it once and reports the change', async () => {
      const backend = await fresh()
      await backend.createProfile({ nickname: 'ada' })
      const events: BackendEvent[] = []
      backend.subscribe((event) => { events.push(event) })
      const room = await backend.joinRoom('  Lobby ')
      expect(room).toMatchObject({ id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false })
      expect(await backend.joinRoom('lobby')).toMatchObject({ id: 'room:lobby' })
      expect(backend.conversations().filter((c) => c.id === 'room:lobby')).toHaveLength(1)
      expect(events).toContainEqual({ type: 'conversations' })
    })

    it('sends messages that come back as own, in order, as events and in history', async () => {
      const { backend, events } = await inLobby()
      for (const text of ['one', 'two', 'three']) await backend.send('room:lobby', text)
      await until('a message event for each', () => events.filter((e) => e.type === 'message').length >= 3)
      const arrived = events.flatMap((e) => e.type === 'message' ? [e] : [])
      expect(arrived.map((e) => [e.conversationId, e.item.text, e.item.own])).toEqual([
        ['room:lobby', 'one', true], ['room:lobby', 'two', true], ['room:lobby', 'three', true]
      ])
      const page = await backend.history('room:lobby', { limit: 10 })
      expect(texts(page.items)).toEqual(['one', 'two', 'three'])
      expect(page.complete).toBe(true)
      expect(page.items.every((i) => i.own && !i.edited && !i.deleted && i.reactions.length === 0)).toBe(true)
    })

    it('sends a file whose message carries it, and fetches its bytes back with progress to the end', async () => {
      const { backend, events } = await inLobby()
      const files = backend.files
      if (files == null) throw new Error('this backend offers no files')
      const bytes = new Uint8Array(600 * 1024).map((_, i) => (i * 7) % 251)
      const sent: number[] = []
      await files.send('room:lobby', new File([bytes], 'notes.txt', { type: 'text/plain' }), { onProgress: ({ bytes: done, total }) => { expect(total).toBe(bytes.length); sent.push(done) } })
      expect(sent.at(-1)).toBe(bytes.length)
      await until('the file message', () => events.some((e) => e.type === 'message' && e.item.file != null))
      const [own] = (await backend.history('room:lobby', { limit: 10 })).items
      expect(own).toMatchObject({ own: true, file: { name: 'notes.txt', type: 'text/plain', size: bytes.length } })
      const id = own.file?.id ?? ''
      const fetched: number[] = []
      const blob = await files.fetch(id, { onProgress: ({ bytes: done }) => { fetched.push(done) } })
      const back = new Uint8Array(await blob.arrayBuffer())
      expect(back.length).toBe(bytes.length)
      expect(back.every((b, i) => b === bytes[i])).toBe(true)
      expect(blob.type).toBe('application/octet-stream')
      expect(fetched.at(-1)).toBe(bytes.length)
      expect(await errorName(files.fetch('ab'.repeat(32)))).toBe('UnknownFileError')
      expect(await errorName(files.send('nowhere', new File(['x'], 'x.txt')))).toBe('UnknownConversationError')
    })

    it('pages history backwards from the newest until it is complete', async () => {
      const { backend } = await inLobby()
      for (let n = 1; n <= 5; n++) await backend.send('room:lobby', `m${n}`)
      const newest = await backend.history('room:lobby', { limit: 2 })
      expect([texts(newest.items), newest.complete]).toEqual([['m4', 'm5'], false])
      const middle = await backend.history('room:lobby', { limit: 2, before: newest.items[0].id })
      expect([texts(middle.items), middle.complete]).toEqual([['m2', 'm3'], false])
      const oldest = await backend.history('room:lobby', { limit: 2, before: middle.items[0].id })
      expect([texts(oldest.items), oldest.complete]).toEqual([['m1'], true])
    })

    it('edits, deletes and reacts to own messages; history and update events show each change', async () => {
      const { backend, events } = await inLobby()
      await backend.send('room:lobby', 'frist')
      await backend.send('room:lobby', 'oops')
      const [first, second] = (await backend.history('room:lobby', { limit: 10 })).items
      await backend.edit('room:lobby', first.id, 'first')
      await backend.react('room:lobby', first.id, '👍')
      await backend.deleteMessage('room:lobby', second.id)
      const me = await backend.profileStatus()
      const myId = me.state === 'open' ? me.me.id : ''
      await until('three update events', () => events.filter((e) => e.type === 'updated').length >= 3)
      const [a, b] = (await backend.history('room:lobby', { limit: 10 })).items
      expect(a).toMatchObject({ id: first.id, text: 'first', edited: true, deleted: false, reactions: [{ from: myId, reaction: '👍' }] })
      expect(b).toMatchObject({ id: second.id, text: '', deleted: true })
    })

    it('searches every conversation or one for words, the last as a prefix, and never finds a deleted message', async () => {
      const { backend } = await inLobby()
      await backend.send('room:lobby', 'the heron stands')
      await backend.send('room:lobby', 'a heron that vanishes')
      const notes = await backend.createPrivateRoom('notes')
      await backend.send(notes.id, 'heron notes')
      const [, doomed] = (await backend.history('room:lobby', { limit: 10 })).items
      await backend.deleteMessage('room:lobby', doomed.id)
      const hits = await backend.search('hero')
      expect(hits.map((h) => `${h.conversationId} ${h.text}`).sort()).toEqual([`${notes.id} heron notes`, 'room:lobby the heron stands'].sort())
      expect(hits.find((h) => h.conversationId === 'room:lobby')).toMatchObject({ conversationTitle: 'lobby', author: { nickname: 'ada' } })
      expect(await backend.search('vanishes')).toEqual([])
      expect((await backend.search('heron', { conversationId: 'room:lobby' })).map((h) => h.text)).toEqual(['the heron stands'])
      expect(await errorName(backend.search('  '))).toBe('InvalidSearchError')
    })

    it('mutes and unmutes a conversation', async () => {
      const { backend } = await inLobby()
      await backend.setMuted('room:lobby', true)
      expect(backend.conversations().find((c) => c.id === 'room:lobby')?.muted).toBe(true)
      await backend.setMuted('room:lobby', false)
      expect(backend.conversations().find((c) => c.id === 'room:lobby')?.muted).toBe(false)
    })

    it('names bad input and unknown conversations with typed errors', async () => {
      const { backend } = await inLobby()
      expect(await errorName(backend.joinRoom('no spaces allowed'))).toBe('InvalidRoomNameError')
      expect(await errorName(backend.history('nonsense', { limit: 10 }))).toBe('UnknownConversationError')
      expect(await errorName(backend.send('nonsense', 'hi'))).toBe('UnknownConversationError')
      expect(await errorName(backend.setMuted('nonsense', true))).toBe('UnknownConversationError')
      expect(await errorName(backend.history('room:lobby', { before: 'not-a-page-boundary', limit: 10 }))).toBe('UnknownConversationError')
      expect(await errorName(backend.send('room:lobby', ''))).toBe('InvalidInputError')
      expect(await errorName(backend.send('room:lobby', 'x'.repeat(20_000)))).toBe('TextTooLongError')
      expect(await errorName(backend.startDm('not a peer id'))).toBe('InvalidPeerIdError')
      await backend.send('room:lobby', 'hello')
      const [hello] = (await backend.history('room:lobby', { limit: 1 })).items
      expect(await errorName(backend.edit('room:lobby', hello.id, ''))).toBe('InvalidInputError')
    })

    it('opens a DM with a peer id: the conversation and the contact are listed', async () => {
      const backend = await fresh()
      await backend.createProfile({ nickname: 'ada' })
      const peerId = await somePeerId()
      const dm = await backend.startDm(peerId)
      expect(dm).toMatchObject({ id: `dm:${peerId}`, kind: 'dm', peerId, unread: 0, muted: false })
      expect(backend.conversations().map((c) => c.id)).toContain(`dm:${peerId}`)
      expect(backend.contacts().map((c) => c.id)).toContain(peerId)
      expect(await backend.members(dm.id)).toEqual([])
    })

    it('has no message requests at first, names bad peer ids, and accepting opens the DM with a contact', async () => {
      const backend = await fresh()
      await backend.createProfile({ nickname: 'ada' })
      expect(backend.requests()).toEqual([])
      expect(await errorName(backend.acceptRequest('not a peer id'))).toBe('InvalidPeerIdError')
      expect(await errorName(backend.deleteRequest('not a peer id'))).toBe('InvalidPeerIdError')
      const peerId = await somePeerId()
      await backend.deleteRequest(peerId)
      expect(backend.requests()).toEqual([])
      const dm = await backend.acceptRequest(peerId)
      expect(dm).toMatchObject({ id: `dm:${peerId}`, kind: 'dm', peerId })
      expect(backend.contacts().map((c) => c.id)).toContain(peerId)
    })

    it('verifies a scanned safety-number code only when it shows our two keys, and names text that is no code', async () => {
      const backend = await fresh()
      await backend.createProfile({ nickname: 'ada' })
      const peerId = await somePeerId()
      await backend.startDm(peerId)
      // libsignal's CombinedFingerprints layout (version 1, two 32-byte fingerprints), of other keys.
      const otherKeys = '0801' + '12220a20' + 'ab'.repeat(32) + '1a220a20' + 'cd'.repeat(32)
      expect(await backend.verifyScanned(peerId, otherKeys)).toBe('mismatch')
      expect(backend.contacts().find((c) => c.id === peerId)?.verified).toBe(false)
      for (const code of ['hello', 'parley:card/abc', 'f'.repeat(100_000), '']) {
        expect(await errorName(backend.verifyScanned(peerId, code))).toBe('InvalidScannableError')
      }
    })

    it('shares a contact card and adds contacts from an address, refusing what is neither card nor address', async () => {
      const backend = await fresh()
      await backend.createProfile({ nickname: 'ada' })
      const card = await backend.myCard()
      expect(card.link.startsWith('parley:card/')).toBe(true)
      expect(card.expiresAt).toBeGreaterThan(Date.now())
      const peerId = await somePeerId()
      const dm = await backend.addContact(`/ip4/127.0.0.1/tcp/9/ws/p2p/${peerId}`)
      expect(dm).toMatchObject({ id: `dm:${peerId}`, kind: 'dm', peerId })
      expect(backend.contacts().map((c) => c.id)).toContain(peerId)
      expect(await errorName(backend.addContact('hello'))).toBe('InvalidPeerAddressError')
      expect(await errorName(backend.addContact('parley:card/AAAA'))).toBe('InvalidContactCardError')
    })

    it('creates a private room and takes invitations only into private rooms', async () => {
      const { backend } = await inLobby()
      const room = await backend.createPrivateRoom('plans')
      expect(room).toMatchObject({ kind: 'private-room', title: 'plans' })
      expect(room.id).toMatch(/^private:[0-9a-f]+$/)
      expect(backend.conversations().map((c) => c.id)).toEqual(['room:lobby', room.id])
      expect(await errorName(backend.invite('room:lobby', await somePeerId()))).toBe('UnsupportedError')
    })

    it('stops reporting to a listener once it unsubscribes', async () => {
      const { backend } = await inLobby()
      const gone: BackendEvent[] = []
      const kept: BackendEvent[] = []
      const unsubscribe = backend.subscribe((e) => { gone.push(e) })
      backend.subscribe((e) => { kept.push(e) })
      unsubscribe()
      await backend.joinRoom('canary')
      expect(kept).toContainEqual({ type: 'conversations' })
      expect(gone).toEqual([])
    })
  })
}
