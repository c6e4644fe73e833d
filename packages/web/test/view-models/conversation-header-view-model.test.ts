import { describe, expect, it } from 'vitest'
import { ConversationHeaderViewModel } from '../../src/view-models/conversation-header-view-model.js'
import { MemoryBackend, settle } from './memory-backend.js'
import type { ConversationSummary, MemberInfo } from '../../src/app/chat-backend.js'

const LOBBY: ConversationSummary = { id: 'room:lobby', kind: 'public-room', title: 'lobby', unread: 0, muted: false }
const TEAM: ConversationSummary = { id: 'private:ab12', kind: 'private-room', title: 'team', unread: 0, muted: false }
const BOB: ConversationSummary = { id: 'dm:peer-bob', kind: 'dm', title: 'bob', unread: 0, muted: false, peerId: 'peer-bob', verified: false }

const MEMBERS: MemberInfo[] = [
  { id: 'peer-me', nickname: 'alice', fingerprint: 'a1b2 c3d4', self: true, contact: false },
  { id: 'peer-carol', nickname: 'carol', fingerprint: '9999 8888', self: false, contact: false }
]

function setup (conversation: ConversationSummary): { vm: ConversationHeaderViewModel, backend: MemoryBackend, opened: ConversationSummary[] } {
  const backend = new MemoryBackend()
  backend.list = [LOBBY, TEAM, BOB]
  backend.memberList.set(LOBBY.id, MEMBERS)
  backend.contactList = [
    { id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718', verified: false, blocked: false },
    { id: 'peer-eve', nickname: 'eve', fingerprint: '6666 0000', verified: false, blocked: true }
  ]
  const opened: ConversationSummary[] = []
  const vm = new ConversationHeaderViewModel(backend, conversation, (c) => { opened.push(c) })
  return { vm, backend, opened }
}

describe('ConversationHeaderViewModel', () => {
  it('shows the conversation and follows its mute and verified state', () => {
    const { vm, backend } = setup(BOB)
    expect(vm.getSnapshot()).toMatchObject({ title: 'bob', kind: 'dm', muted: false, verified: false, membersOpen: false })
    backend.list = backend.list.map(c => c.id === BOB.id ? { ...c, title: 'Bobby', verified: true, muted: true } : c)
    backend.emit({ type: 'conversations' })
    expect(vm.getSnapshot()).toMatchObject({ title: 'Bobby', muted: true, verified: true })
  })

  it('mutes and unmutes the conversation', async () => {
    const { vm, backend } = setup(LOBBY)
    vm.toggleMute()
    await settle()
    expect(vm.getSnapshot().muted).toBe(true)
    vm.toggleMute()
    await settle()
    expect(backend.calls.filter(c => c.method === 'setMuted').map(c => c.args)).toEqual([[LOBBY.id, true], [LOBBY.id, false]])
    expect(vm.getSnapshot().muted).toBe(false)
  })

  it('says why muting failed', async () => {
    const { vm, backend } = setup(LOBBY)
    backend.failures.set('setMuted', 'StoreClosedError')
    vm.toggleMute()
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ muted: false, error: expect.stringContaining('Muting failed') })
  })

  it('opens the member list, refreshes it on members events, and closes it', async () => {
    const { vm, backend } = setup(LOBBY)
    vm.toggleMembers()
    expect(vm.getSnapshot().membersOpen).toBe(true)
    await settle()
    expect(vm.getSnapshot().members).toEqual([
      { id: 'peer-me', nickname: 'alice', fingerprint: 'a1b2 c3d4', self: true },
      { id: 'peer-carol', nickname: 'carol', fingerprint: '9999 8888', self: false }
    ])
    backend.memberList.set(LOBBY.id, MEMBERS.slice(0, 1))
    backend.emit({ type: 'members', conversationId: 'room:other' })
    await settle()
    expect(vm.getSnapshot().members).toHaveLength(2)
    backend.emit({ type: 'members', conversationId: LOBBY.id })
    await settle()
    expect(vm.getSnapshot().members).toHaveLength(1)
    vm.toggleMembers()
    expect(vm.getSnapshot()).toMatchObject({ membersOpen: false, members: undefined })
  })

  it('says why the members could not be loaded', async () => {
    const { vm, backend } = setup(LOBBY)
    backend.failures.set('members', 'NotJoinedError')
    vm.toggleMembers()
    await settle()
    expect(vm.getSnapshot().error).toContain('Loading members failed')
  })

  it('messages a member: starts the DM and opens it', async () => {
    const { vm, backend, opened } = setup(LOBBY)
    vm.messageMember('peer-carol')
    await settle()
    expect(backend.calls).toContainEqual({ method: 'startDm', args: ['peer-carol'] })
    expect(opened.map(c => c.id)).toEqual(['dm:peer-carol'])
  })

  it('shows the safety number of a DM contact, marks it verified and closes', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    const v = vm.getSnapshot().verification
    expect(v?.groups).toHaveLength(12)
    expect(v).toMatchObject({ qr: backend.safety.qr, verified: false, blocked: false })
    vm.markVerified()
    await settle()
    expect(backend.calls).toContainEqual({ method: 'verify', args: ['peer-bob'] })
    expect(vm.getSnapshot()).toMatchObject({ verified: true, verification: { verified: true } })
    vm.closeVerification()
    expect(vm.getSnapshot().verification).toBeUndefined()
  })

  it('says why the safety number could not be computed', async () => {
    const { vm, backend } = setup(BOB)
    backend.failures.set('safetyNumber', 'InvalidKeyError')
    vm.openVerification()
    await settle()
    expect(vm.getSnapshot().verification).toBeUndefined()
    expect(vm.getSnapshot().error).toContain('safety number failed')
  })

  it('does not open verification outside DMs', async () => {
    const { vm, backend } = setup(LOBBY)
    vm.openVerification()
    await settle()
    expect(backend.calls).toEqual([])
    expect(vm.getSnapshot().verification).toBeUndefined()
  })

  it('blocks and unblocks the contact from the verification dialog', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    vm.setBlocked(true)
    await settle()
    expect(vm.getSnapshot().verification?.blocked).toBe(true)
    vm.setBlocked(false)
    await settle()
    expect(backend.calls.filter(c => c.method === 'setBlocked').map(c => c.args)).toEqual([['peer-bob', true], ['peer-bob', false]])
    expect(vm.getSnapshot().verification?.blocked).toBe(false)
  })

  it('follows the contact list while the verification dialog is open', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    backend.contactList = backend.contactList.map(c => c.id === 'peer-bob' ? { ...c, blocked: true, verified: true } : c)
    backend.emit({ type: 'contacts' })
    expect(vm.getSnapshot().verification).toMatchObject({ blocked: true, verified: true })
  })

  it('says why blocking failed, leaving the state as it was', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    backend.failures.set('setBlocked', 'StoreClosedError')
    vm.setBlocked(true)
    await settle()
    expect(vm.getSnapshot()).toMatchObject({ verification: { blocked: false }, error: expect.stringContaining('Blocking failed') })
  })

  it('invites a contact (not a blocked one) into a private room', async () => {
    const { vm, backend } = setup(TEAM)
    vm.openInvite()
    expect(vm.getSnapshot().inviting).toEqual([{ id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' }])
    backend.contactList = [...backend.contactList, { id: 'peer-carol', nickname: 'carol', fingerprint: '9999 8888', verified: false, blocked: false }]
    backend.emit({ type: 'contacts' })
    expect(vm.getSnapshot().inviting?.map(c => c.nickname)).toEqual(['bob', 'carol'])
    vm.invite('peer-carol')
    await settle()
    expect(backend.calls).toContainEqual({ method: 'invite', args: [TEAM.id, 'peer-carol'] })
    expect(vm.getSnapshot()).toMatchObject({ inviting: undefined, notice: 'Invitation sent' })
  })

  it('says why an invitation failed and keeps the picker open', async () => {
    const { vm, backend } = setup(TEAM)
    vm.openInvite()
    backend.failures.set('invite', 'UnreachableError')
    vm.invite('peer-bob')
    await settle()
    expect(vm.getSnapshot().inviting).toHaveLength(1)
    expect(vm.getSnapshot().error).toContain('Inviting failed')
    vm.closeInvite()
    expect(vm.getSnapshot().inviting).toBeUndefined()
  })

  it('scans the contact\'s safety-number code: a match marks them verified', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    vm.startScan()
    expect(vm.getSnapshot().verification).toMatchObject({ scanning: true, scan: undefined })
    vm.scanned(backend.theirCode)
    expect(vm.getSnapshot().verification?.scanning).toBe(false)
    await settle()
    expect(backend.calls).toContainEqual({ method: 'verifyScanned', args: ['peer-bob', backend.theirCode] })
    expect(backend.calls).toContainEqual({ method: 'verify', args: ['peer-bob'] })
    expect(vm.getSnapshot()).toMatchObject({ verified: true, verification: { verified: true, scan: { outcome: 'match' } } })
  })

  it('says plainly when a scanned safety number does not match, and leaves the contact unverified', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    vm.startScan()
    vm.scanned('0803')
    await settle()
    expect(backend.calls.some(c => c.method === 'verify')).toBe(false)
    const v = vm.getSnapshot().verification
    expect(v).toMatchObject({ verified: false, scan: { outcome: 'mismatch' } })
    expect(v?.scan?.message).toContain('does not match your safety number with bob')
    expect(vm.getSnapshot().verified).toBe(false)
  })

  it('tells a code that is no safety number, and a camera that cannot be used, from a mismatch', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    vm.startScan()
    vm.scanned('parley:card/not-a-safety-number')
    await settle()
    expect(vm.getSnapshot().verification?.scan).toMatchObject({ outcome: 'error', message: expect.stringContaining('not a safety-number code') })
    vm.startScan()
    expect(vm.getSnapshot().verification?.scan).toBeUndefined()
    const denied = Object.assign(new Error('denied'), { name: 'CameraUnavailableError', problem: 'denied' })
    vm.scanFailed(denied)
    expect(vm.getSnapshot().verification).toMatchObject({ scanning: false, scan: { outcome: 'error', message: expect.stringContaining('may not use the camera') } })
    vm.startScan()
    vm.cancelScan()
    expect(vm.getSnapshot().verification).toMatchObject({ scanning: false, verified: false })
    expect(backend.calls.some(c => c.method === 'verify')).toBe(false)
  })

  it('drops a scan result that lands after the dialog was closed', async () => {
    const { vm, backend } = setup(BOB)
    vm.openVerification()
    await settle()
    vm.startScan()
    vm.scanned('0803')
    vm.closeVerification()
    await settle()
    expect(vm.getSnapshot().verification).toBeUndefined()
    expect(backend.calls).toContainEqual({ method: 'verifyScanned', args: ['peer-bob', '0803'] })
  })

  it('stops following the peer once disposed', () => {
    const { vm, backend } = setup(LOBBY)
    vm.dispose()
    expect(backend.listeners.size).toBe(0)
  })
})
