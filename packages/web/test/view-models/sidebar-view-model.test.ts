import { describe, expect, it } from 'vitest'
import { SidebarViewModel } from '../../src/view-models/sidebar-view-model.js'
import { item, ME, MemoryBackend, settle } from './memory-backend.js'
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

  it('marks verified DMs', () => {
    const { vm, backend } = setup()
    backend.list = backend.list.map(c => c.id === 'dm:bob' ? { ...c, verified: true } : c)
    backend.emit({ type: 'conversations' })
    const [rooms, , dms] = vm.getSnapshot().sections
    expect(dms.items[0].verified).toBe(true)
    expect(rooms.items[0].verified).toBeUndefined()
  })

  it('starts a DM from a pasted peer id and opens it', async () => {
    const { vm, backend, selected } = setup()
    vm.setPeerId(' 12D3KooWcarol ')
    vm.startDm()
    expect(vm.getSnapshot().peer.busy).toBe(true)
    await settle()
    expect(backend.calls).toContainEqual({ method: 'startDm', args: ['12D3KooWcarol'] })
    expect(vm.getSnapshot().peer).toEqual({ value: '', busy: false })
    expect(selected.map(c => c.id)).toEqual(['dm:12D3KooWcarol'])
    expect(vm.getSnapshot().sections[2].items.map(i => [i.id, i.selected])).toEqual([['dm:bob', false], ['dm:12D3KooWcarol', true]])
  })

  it('explains a peer id that does not parse and keeps it for correcting', async () => {
    const { vm, backend, selected } = setup()
    backend.failures.set('startDm', 'InvalidPeerIdError')
    vm.setPeerId('not-a-peer')
    vm.startDm()
    await settle()
    expect(vm.getSnapshot().peer).toMatchObject({ value: 'not-a-peer', busy: false })
    expect(vm.getSnapshot().peer.error).toContain('not a peer ID')
    expect(selected).toEqual([])
    vm.setPeerId('not-a-peer2')
    expect(vm.getSnapshot().peer.error).toBeUndefined()
  })

  it('ignores a blank peer id and a blank private room name', async () => {
    const { vm, backend } = setup()
    vm.setPeerId('  ')
    vm.startDm()
    vm.createPrivateRoom()
    await settle()
    expect(backend.calls).toEqual([])
  })

  it('creates a private room and opens it', async () => {
    const { vm, backend, selected } = setup()
    vm.setPrivateRoomName('plans')
    vm.createPrivateRoom()
    await settle()
    expect(backend.calls).toContainEqual({ method: 'createPrivateRoom', args: ['plans'] })
    expect(vm.getSnapshot().privateRoom).toEqual({ value: '', busy: false })
    expect(selected.map(c => c.title)).toEqual(['plans'])
    expect(vm.getSnapshot().sections[1].items.map(i => i.title)).toEqual(['team', 'plans'])
  })

  it('says why a private room could not be created', async () => {
    const { vm, backend } = setup()
    backend.failures.set('createPrivateRoom', 'StoreClosedError')
    vm.setPrivateRoomName('plans')
    vm.createPrivateRoom()
    await settle()
    expect(vm.getSnapshot().privateRoom.error).toContain('Creating the room failed')
  })

  it('lists pending invitations, following invites events, and accepting one opens the room', async () => {
    const { vm, backend, selected } = setup()
    expect(vm.getSnapshot().invites).toEqual([])
    backend.inviteList = [{ conversationId: 'private:cd34', name: 'secret', from: { id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' } }]
    backend.emit({ type: 'invites' })
    expect(vm.getSnapshot().invites).toEqual([{ conversationId: 'private:cd34', name: 'secret', from: 'bob', fingerprint: 'e5f6 0718' }])
    vm.acceptInvite('private:cd34')
    vm.acceptInvite('private:cd34')
    expect(vm.getSnapshot().accepting).toBe('private:cd34')
    await settle()
    expect(backend.calls.filter(c => c.method === 'acceptInvite')).toHaveLength(1)
    expect(vm.getSnapshot()).toMatchObject({ invites: [], accepting: undefined })
    expect(selected.map(c => c.id)).toEqual(['private:cd34'])
  })

  it('says why an invitation could not be accepted and keeps it listed', async () => {
    const { vm, backend } = setup()
    backend.inviteList = [{ conversationId: 'private:cd34', name: 'secret', from: { id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' } }]
    backend.emit({ type: 'invites' })
    backend.failures.set('acceptInvite', 'UnreachableError')
    vm.acceptInvite('private:cd34')
    await settle()
    expect(vm.getSnapshot().inviteError).toContain('Accepting the invitation failed')
    expect(vm.getSnapshot().invites).toHaveLength(1)
  })

  it('lists message requests apart, following requests events, and accepting one opens the DM with what was held', async () => {
    const { vm, backend, selected } = setup()
    expect(vm.getSnapshot().requests).toEqual([])
    backend.requestList = [{ peerId: 'peer-dave', nickname: 'dave', fingerprint: 'd4v3 0000', count: 2, preview: 'are you there?', lastAt: 1 }]
    backend.heldDms.set('peer-dave', [item(1, 'dm:peer-dave'), item(2, 'dm:peer-dave')])
    backend.emit({ type: 'requests' })
    expect(vm.getSnapshot().requests).toEqual([{ peerId: 'peer-dave', from: 'dave', fingerprint: 'd4v3 0000', count: 2, preview: 'are you there?' }])
    expect(vm.getSnapshot().sections[2].items.map(i => i.title)).toEqual(['bob'])
    vm.acceptRequest('peer-dave')
    vm.deleteRequest('peer-dave')
    expect(vm.getSnapshot().answering).toBe('peer-dave')
    await settle()
    expect(backend.calls.filter(c => c.method.endsWith('Request')).map(c => c.method)).toEqual(['acceptRequest'])
    expect(vm.getSnapshot()).toMatchObject({ requests: [], answering: undefined })
    expect(selected.map(c => c.id)).toEqual(['dm:peer-dave'])
    expect(vm.getSnapshot().sections[2].items.map(i => i.title)).toEqual(['bob', 'dave'])
    expect((await backend.history('dm:peer-dave', { limit: 10 })).items.map(i => i.text)).toEqual(['message 1', 'message 2'])
  })

  it('blocks or deletes a message request, and says why one could not be answered', async () => {
    const { vm, backend, selected } = setup()
    backend.requestList = [
      { peerId: 'peer-eve', nickname: 'eve', fingerprint: 'e7e0 0000', count: 1, preview: 'buy now', lastAt: 2 },
      { peerId: 'peer-fay', nickname: '', fingerprint: 'f4y0 0000', count: 1, preview: 'hi', lastAt: 1 }
    ]
    backend.emit({ type: 'requests' })
    expect(vm.getSnapshot().requests.map(r => r.from)).toEqual(['eve', 'peer-fay…'])
    vm.blockRequest('peer-eve')
    await settle()
    expect(backend.calls).toContainEqual({ method: 'setBlocked', args: ['peer-eve', true] })
    expect(vm.getSnapshot().requests.map(r => r.peerId)).toEqual(['peer-fay'])
    backend.failures.set('deleteRequest', 'StoreClosedError')
    vm.deleteRequest('peer-fay')
    await settle()
    expect(vm.getSnapshot().requestError).toContain('Deleting the request failed')
    expect(vm.getSnapshot().requests).toHaveLength(1)
    vm.deleteRequest('peer-fay')
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ requests: [], requestError: undefined })
    expect(selected).toEqual([])
  })

  it('shows my peer id, and adds a typed peer address, explaining one that does not parse', () => {
    const backend = new MemoryBackend()
    const vm = new SidebarViewModel(backend, ME, () => {})
    expect(vm.getSnapshot().me.id).toBe(ME.id)
    backend.failures.set('addPeer', 'InvalidPeerAddressError')
    vm.setPeerAddress('/dns4/nowhere')
    vm.connect()
    expect(vm.getSnapshot().peerAddress).toMatchObject({ value: '/dns4/nowhere', error: expect.stringMatching(/not a peer address/) })
    vm.setPeerAddress(' /ip4/127.0.0.1/tcp/4002/ws/p2p/peer-bob ')
    vm.connect()
    expect(backend.calls).toEqual([{ method: 'addPeer', args: ['/ip4/127.0.0.1/tcp/4002/ws/p2p/peer-bob'] }])
    expect(vm.getSnapshot().peerAddress).toEqual({ value: '', busy: false })
    vm.dispose()
  })

  it('stops following the peer once disposed', () => {
    const { vm, backend } = setup()
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
  })

  it('sets, changes and removes the passphrase, refusing a mistyped one', async () => {
    const { vm, backend } = setup()
    await backend.createProfile({ nickname: 'alice' })
    expect(vm.getSnapshot().me.sealed).toBe(false)
    vm.setNewPassphrase('horse battery')
    vm.setNewPassphraseConfirm('horse batery')
    vm.savePassphrase()
    expect(vm.getSnapshot().passphrase?.error).toBe('The two passphrases differ.')
    vm.setNewPassphraseConfirm('horse battery')
    vm.savePassphrase()
    expect(vm.getSnapshot().passphrase?.busy).toBe(true)
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ me: { sealed: true }, passphrase: { value: '', confirm: '', busy: false } })
    expect(backend.passphrase).toBe('horse battery')
    vm.removePassphrase()
    await settle()
    expect(vm.getSnapshot().me.sealed).toBe(false)
    expect(backend.passphrase).toBeUndefined()
  })
})
