/**
 * The app's PeerBackend in Chromium, on real IndexedDB with a real (unconnected) browser peer:
 * the ChatBackend contract (the same cases MemoryBackend passes), profile creation, sealing and
 * unlocking, one tab per profile, and the typed error of each kind of bad input.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openPeerBackend, type PeerBackend } from '../../src/app/peer-backend.js'
import { chatBackendContract, errorName } from '../contract/chat-backend-contract.js'

const open: PeerBackend[] = []
let n = 0
const freshName = (): string => `parley-backend-suite-${++n}-${crypto.randomUUID()}`

async function backend (database: string): Promise<PeerBackend> {
  const b = await openPeerBackend({ peers: [], database, localMode: true })
  open.push(b)
  return b
}

async function closed (b: PeerBackend): Promise<void> {
  open.splice(open.indexOf(b), 1)
  await b.close()
}

chatBackendContract('PeerBackend', async () => {
  const subject = await openPeerBackend({ peers: [], database: freshName(), localMode: true })
  return { backend: subject, close: async () => { await subject.close() } }
})

afterEach(async () => {
  await Promise.all(open.splice(0).map(async (b) => b.close()))
})

describe('PeerBackend', () => {
  it('creates a profile once, keeps it across a close, and holds it for one tab at a time', async () => {
    const database = freshName()
    const first = await backend(database)
    expect(await first.profileStatus()).toEqual({ state: 'none' })
    const me = await first.createProfile({ nickname: 'ada' })
    expect(me).toMatchObject({ nickname: 'ada', sealed: false })
    expect(me.id).toMatch(/^12D3KooW/)
    expect(await errorName(first.createProfile({ nickname: 'again' }))).toBe('UnsupportedError')
    expect(await errorName(openPeerBackend({ peers: [], database, localMode: true }))).toBe('ProfileInUseError')
    await closed(first)

    const second = await backend(database)
    expect(await second.profileStatus()).toMatchObject({ state: 'open', me: { id: me.id, nickname: 'ada' } })
  })

  it('seals the identity under a passphrase and opens it only with that passphrase', async () => {
    const database = freshName()
    const first = await backend(database)
    const me = await first.createProfile({ nickname: 'bo', passphrase: 'correct horse battery' })
    expect(me.sealed).toBe(true)
    await closed(first)

    const second = await backend(database)
    // A sealed profile names no one before it is unlocked, its own nickname included.
    expect(await second.profileStatus()).toEqual({ state: 'locked', nickname: '' })
    expect(await errorName(second.unlock('wrong horse'))).toBe('WrongPassphraseError')
    expect(await second.unlock('correct horse battery')).toMatchObject({ id: me.id, sealed: true })
  })

  it('names every kind of bad input with a typed error', async () => {
    const b = await backend(freshName())
    expect(await errorName(b.joinRoom('lobby'))).toBe('ProfileClosedError')
    await b.createProfile({ nickname: 'cy' })
    const room = await b.joinRoom('Lobby')
    expect(room).toMatchObject({ id: 'room:lobby', kind: 'public-room', title: 'lobby' })
    expect(await errorName(b.joinRoom('no spaces allowed'))).toBe('InvalidRoomNameError')
    expect(await errorName(b.history('nonsense', { limit: 10 }))).toBe('UnknownConversationError')
    expect(await errorName(b.history('room:lobby', { before: 'not-a-page-boundary', limit: 10 }))).toBe('UnknownConversationError')
    expect(await errorName(b.send('room:lobby', ''))).toBe('InvalidInputError')
    expect(await errorName(b.send('room:lobby', 'x'.repeat(20_000)))).toBe('TextTooLongError')
    expect(await errorName(b.startDm('not a peer id'))).toBe('InvalidPeerIdError')
    expect(await errorName(b.send('dm:not-a-peer-id', 'hi'))).toBe('InvalidPeerIdError')
    expect(await errorName(() => { b.addPeer('/ip4/127.0.0.1/tcp/1') })).toBe('InvalidPeerAddressError')
    const secret = await b.createPrivateRoom('plans')
    expect(await errorName(b.edit(secret.id, 'some-id', 'text'))).toBe('UnsupportedError')
    expect(await errorName(b.invite(room.id, 'whoever'))).toBe('UnsupportedError')
    expect(await errorName(b.acceptInvite('private:00'))).toBe('NotJoinedError')
    expect(await errorName(b.acceptInvite('room:lobby'))).toBe('UnsupportedError')
    expect(await errorName(b.send(secret.id, 'a reply', { replyTo: 'some-id' }))).toBe('UnsupportedError')
    expect(await errorName(b.send('room:never-joined', 'hi'))).toBe('NotJoinedError')

    await b.send('room:lobby', 'hello')
    const page = await b.history('room:lobby', { limit: 10 })
    expect(page.items.map((i) => [i.text, i.own])).toEqual([['hello', true]])
    expect(await errorName(b.edit('room:lobby', page.items[0].id, ''))).toBe('InvalidInputError')
    expect(b.conversations().map((c) => c.id)).toEqual(['room:lobby', secret.id])
  })
})
