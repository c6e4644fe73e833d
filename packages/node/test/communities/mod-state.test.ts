import fc from 'fast-check'
import { toHex } from '@parley/crypto'
import { describe, expect, it } from 'vitest'
import { ModAction } from '../../src/pb/moderation.js'
import { modAction, decodeModAction } from '../../src/communities/mod-action.js'
import { ModState, type LoggedAction } from '../../src/communities/mod-state.js'
import { ownedRoomId, parseOwnedRoom, resolveRoomLabel, roomLabel } from '../../src/communities/owned-room.js'
import { normaliseRoomName } from '../../src/room-name.js'

const key = (n: number): Uint8Array<ArrayBuffer> => new Uint8Array(32).fill(n)
const OWNER = toHex(key(1))
const MOD = key(2)
const MEMBER = key(3)
let next = 0
const act = (signer: Uint8Array, sentAt: number, fields: Partial<ModAction> & { action: ModAction.Action }): LoggedAction =>
  ({ id: (next++).toString(16).padStart(64, '0'), signer: toHex(signer), sentAt, action: modAction(fields) })
const { Action } = ModAction

describe('ModState', () => {
  it('counts a moderator\'s actions only while the owner\'s appointment stands', () => {
    const early = act(MOD, 150, { action: Action.BAN, subject: key(7) })
    const log = [
      act(key(1), 100, { action: Action.ADD_MOD, subject: MOD }),
      early,
      act(key(1), 200, { action: Action.REMOVE_MOD, subject: MOD, target: early.id }),
      act(MOD, 250, { action: Action.BAN, subject: MEMBER })
    ]
    const state = new ModState(OWNER, log)
    expect(state.bannedAt(toHex(key(7)), 1000)).toBe(true)
    expect(state.bannedAt(toHex(MEMBER), 1000)).toBe(false)
    expect(state.roleAt(toHex(MOD), 175)).toBe('moderator')
    expect(state.roleAt(toHex(MOD), 225)).toBe('member')
  })

  it('voids an action a removed moderator dates back into its term unless the removal names it or a later one of its chain', () => {
    const first = act(MOD, 110, { action: Action.BAN, subject: key(7) })
    const second = act(MOD, 120, { action: Action.BAN, subject: key(8), prev: first.id })
    const appoint = act(key(1), 100, { action: Action.ADD_MOD, subject: MOD })
    const removal = act(key(1), 200, { action: Action.REMOVE_MOD, subject: MOD, target: second.id })
    // Signed after the removal, dated before it: chained to the named head, or to nothing.
    const forked = act(MOD, 190, { action: Action.BAN, subject: MEMBER, prev: second.id })
    const loose = act(MOD, 130, { action: Action.BAN, subject: key(9) })
    const state = new ModState(OWNER, [appoint, first, second, removal, forked, loose])
    expect(state.banned(1000).sort()).toEqual([toHex(key(7)), toHex(key(8))])
    expect(state.effective.map((a) => a.id)).not.toContain(forked.id)
    // A removal that names no action of the moderator keeps none of its term; a still-open term counts them all.
    expect(new ModState(OWNER, [appoint, first, act(key(1), 200, { action: Action.REMOVE_MOD, subject: MOD })]).banned(1000)).toEqual([])
    expect(new ModState(OWNER, [appoint, first, loose]).banned(1000).sort()).toEqual([toHex(key(7)), toHex(key(9))])
  })

  it('lets nobody but the owner appoint, and no moderator act on the owner or a moderator', () => {
    const other = key(4)
    const state = new ModState(OWNER, [
      act(key(1), 100, { action: Action.ADD_MOD, subject: MOD }),
      act(key(1), 100, { action: Action.ADD_MOD, subject: other }),
      act(MOD, 150, { action: Action.ADD_MOD, subject: MEMBER }),
      act(MOD, 150, { action: Action.BAN, subject: other }),
      act(MOD, 150, { action: Action.BAN, subject: key(1) }),
      act(MEMBER, 150, { action: Action.BAN, subject: key(9) }),
      act(key(1), 150, { action: Action.BAN, subject: key(1) })
    ])
    expect(state.roleAt(toHex(MEMBER), 200)).toBe('member')
    expect(state.banned(200)).toEqual([])
  })

  it('resolves a ban and an unban by time, then the owner over a moderator, then id; a ban covers what was sent while it held', () => {
    const appoint = act(key(1), 10, { action: Action.ADD_MOD, subject: MOD })
    const state = new ModState(OWNER, [
      appoint,
      act(MOD, 100, { action: Action.BAN, subject: MEMBER }),
      act(key(1), 100, { action: Action.UNBAN, subject: MEMBER }),
      act(MOD, 300, { action: Action.BAN, subject: MEMBER }),
      act(MOD, 400, { action: Action.UNBAN, subject: MEMBER })
    ])
    const m = toHex(MEMBER)
    expect(state.bannedAt(m, 150)).toBe(false)
    expect(state.bannedAt(m, 350)).toBe(true)
    expect(state.bannedAt(m, 450)).toBe(false)
  })

  it('mutes until a time, and slow mode, topic and pin are the latest', () => {
    const state = new ModState(OWNER, [
      act(key(1), 100, { action: Action.MUTE, subject: MEMBER, until: 500n }),
      act(key(1), 100, { action: Action.SLOW, seconds: 30 }),
      act(key(1), 200, { action: Action.SLOW, seconds: 0 }),
      act(key(1), 100, { action: Action.TOPIC, topic: 'a', description: 'x' }),
      act(key(1), 300, { action: Action.TOPIC, topic: 'b', description: 'y' }),
      act(key(1), 300, { action: Action.PIN, target: 'ab'.repeat(32) })
    ])
    expect(state.mutedUntil(toHex(MEMBER), 200)).toBe(500)
    expect(state.mutedUntil(toHex(MEMBER), 600)).toBe(0)
    expect([state.slowAt(150), state.slowAt(250)]).toEqual([30, 0])
    expect([state.topic, state.description, state.pin]).toEqual(['b', 'y', 'ab'.repeat(32)])
  })

  it('reaches the same state from the same actions in any order (property)', () => {
    const keys = [key(1), MOD, MEMBER, key(4)]
    const arbAction = fc.record({
      signer: fc.constantFrom(...keys),
      sentAt: fc.integer({ min: 0, max: 50 }),
      kind: fc.constantFrom(Action.ADD_MOD, Action.REMOVE_MOD, Action.BAN, Action.UNBAN, Action.SLOW),
      subject: fc.constantFrom(...keys.slice(1)),
      seconds: fc.integer({ min: 0, max: 5 })
    }).map((a) => act(a.signer, a.sentAt, a.kind === Action.SLOW ? { action: a.kind, seconds: a.seconds } : { action: a.kind, subject: a.subject }))
    fc.assert(fc.property(fc.array(arbAction, { maxLength: 30 }), fc.integer(), (log, seed) => {
      const shuffled = [...log].sort((a, b) => ((a.id.charCodeAt(63) * seed) % 7) - ((b.id.charCodeAt(63) * seed) % 7))
      const x = new ModState(OWNER, log)
      const y = new ModState(OWNER, shuffled)
      expect(y.effective.map((a) => a.id)).toEqual(x.effective.map((a) => a.id))
      for (let t = 0; t <= 51; t += 3) {
        expect(y.banned(t)).toEqual(x.banned(t))
        expect(y.moderators(t)).toEqual(x.moderators(t))
        expect(y.slowAt(t)).toEqual(x.slowAt(t))
      }
    }))
  })
})

describe('moderation actions', () => {
  it('refuses garbage, empty actions and fields of another action with InvalidModActionError', () => {
    const name = (bytes: Uint8Array): string => { try { decodeModAction(bytes, 0); return 'ok' } catch (e) { return `${(e as Error).name}:${(e as { reason?: string }).reason}` } }
    expect(name(new Uint8Array())).toBe('InvalidModActionError:action')
    expect(name(ModAction.encode(modAction({ action: Action.BAN, subject: new Uint8Array(31) })))).toBe('InvalidModActionError:subject')
    expect(name(ModAction.encode(modAction({ action: Action.BAN, subject: MEMBER, topic: 'x' })))).toBe('InvalidModActionError:field')
    expect(name(ModAction.encode(modAction({ action: Action.REMOVE, target: 'nope' })))).toBe('InvalidModActionError:target')
    expect(name(ModAction.encode(modAction({ action: Action.SLOW, seconds: 10 ** 6 })))).toBe('InvalidModActionError:limit')
    expect(name(ModAction.encode(modAction({ action: Action.PIN })))).toBe('ok')
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const n = name(bytes)
      expect(n === 'ok' || n.startsWith('InvalidModActionError')).toBe(true)
    }))
  })
})

describe('owned room ids', () => {
  it('carry the whole owner key, show its first 8 hex digits, and normalise like room names', () => {
    const id = ownedRoomId('rust', key(0xab))
    expect(id).toBe(`rust~${'ab'.repeat(32)}`)
    expect(parseOwnedRoom(id)?.ownerHex).toBe('ab'.repeat(32))
    expect(parseOwnedRoom('rust')).toBeUndefined()
    expect(roomLabel(id)).toBe('rust~abababab')
    expect(resolveRoomLabel('#rust~abababab', [id, 'lobby'])).toBe(id)
    expect(normaliseRoomName(`#Rust~${'AB'.repeat(32)}`)).toBe(id)
    for (const bad of ['rust~abc', `~${'ab'.repeat(32)}`, `rust~${'ab'.repeat(32)}~`, `ru st~${'ab'.repeat(32)}`]) {
      expect(() => normaliseRoomName(bad)).toThrow(expect.objectContaining({ name: 'InvalidRoomNameError' }))
    }
  })
})
