import { generateIdentity, ready, type Identity } from '@parley/crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_REACTIONS_PER_MESSAGE } from '../src/constants.js'
import { sealEvent, type VerifiedEvent } from '../src/envelope.js'
import { RoomEvent, StoredMessage } from '../src/pb/room.js'
import { applyEvent, authorOf, peerIdOfKey, reactionsFull, storedFrom, toRoomMessage } from '../src/room-messages.js'

const ROOM = 'lobby'
const T = 1_700_000_000_000

let alice: Identity
let bob: Identity
let text: VerifiedEvent

const edit = (body: string, at: number): VerifiedEvent => sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.EDIT, target: text.id, text: body }, at)
const react = (who: Identity, reaction: string): VerifiedEvent => sealEvent(who, { room: ROOM, kind: RoomEvent.Kind.REACTION, target: text.id, reaction }, T + 1)
const del = (): VerifiedEvent => sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.DELETE, target: text.id }, T + 1)

/** Applies events in order, skipping those that change nothing. */
function applyAll (value: Uint8Array, events: VerifiedEvent[]): Uint8Array {
  return events.reduce((v, e) => applyEvent(v, e) ?? v, value)
}

const nameOf = (fn: () => unknown): string => {
  try {
    fn()
    return 'ok'
  } catch (err) {
    return (err as Error).name
  }
}

describe('stored room messages', () => {
  beforeAll(async () => {
    await ready()
    alice = generateIdentity()
    bob = generateIdentity()
    text = sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'first', nick: 'alice', replyTo: 'cd'.repeat(32) }, T)
  })

  it('shows a fresh message as its author sent it', () => {
    const value = storedFrom(text, T + 5)
    expect(toRoomMessage(text.id, value)).toEqual({
      room: ROOM, id: text.id, from: peerIdOfKey(alice.publicKey), nick: 'alice', fingerprint: expect.any(String), text: 'first',
      sentAt: T, replyTo: 'cd'.repeat(32), edited: false, deleted: false, reactions: []
    })
    expect(authorOf(value)).toEqual(alice.publicKey)
  })

  it('shows the latest edit whatever order the edits arrive in', () => {
    const edits = [edit('second', T + 10), edit('third', T + 20), edit('fourth', T + 30)]
    fc.assert(fc.property(fc.shuffledSubarray(edits, { minLength: 3, maxLength: 3 }), (order) => {
      const shown = toRoomMessage(text.id, applyAll(storedFrom(text, T), order))
      expect(shown).toMatchObject({ text: 'fourth', edited: true })
    }))
    const latest = applyAll(storedFrom(text, T), [edits[2]])
    expect(applyEvent(latest, edits[0])).toBeUndefined()
  })

  it('breaks a tie between edits sent in the same millisecond by message id, the same on every peer', () => {
    const [x, y] = [edit('one', T + 10), edit('two', T + 10)]
    const winner = x.id > y.id ? 'one' : 'two'
    expect(toRoomMessage(text.id, applyAll(storedFrom(text, T), [x, y])).text).toBe(winner)
    expect(toRoomMessage(text.id, applyAll(storedFrom(text, T), [y, x])).text).toBe(winner)
  })

  it('blanks a deleted message, and a second delete or a later edit changes nothing visible', () => {
    const deleted = applyAll(storedFrom(text, T), [del()])
    expect(toRoomMessage(text.id, deleted)).toMatchObject({ deleted: true, text: '' })
    expect(applyEvent(deleted, del())).toBeUndefined()
    expect(toRoomMessage(text.id, applyAll(deleted, [edit('back', T + 50)]))).toMatchObject({ deleted: true, text: '' })
  })

  it('keeps one of each reaction per author', () => {
    const value = applyAll(storedFrom(text, T), [react(bob, '👍'), react(bob, '👍'), react(alice, '👍'), react(bob, '🎉')])
    expect(toRoomMessage(text.id, value).reactions).toEqual([
      { from: peerIdOfKey(bob.publicKey), reaction: '👍' },
      { from: peerIdOfKey(alice.publicKey), reaction: '👍' },
      { from: peerIdOfKey(bob.publicKey), reaction: '🎉' }
    ])
    expect(applyEvent(value, react(bob, '🎉'))).toBeUndefined()
  })

  it(`keeps at most ${MAX_REACTIONS_PER_MESSAGE} reactions on a message`, () => {
    const reactions = Array.from({ length: MAX_REACTIONS_PER_MESSAGE }, (_, i) => ({ author: 'someone', reaction: `r${i}` }))
    const full = StoredMessage.encode({ ...StoredMessage.decode(storedFrom(text, T)), reactions })
    expect(reactionsFull(full)).toBe(true)
    expect(reactionsFull(storedFrom(text, T))).toBe(false)
    expect(applyEvent(full, react(bob, 'one more'))).toBeUndefined()
    const over = StoredMessage.encode({ ...StoredMessage.decode(full), reactions: [...reactions, { author: 'x', reaction: 'y' }] })
    expect(nameOf(() => toRoomMessage(text.id, over))).toBe('CorruptMessageError')
  })

  it('answers a damaged record with CorruptMessageError', () => {
    expect(nameOf(() => toRoomMessage(text.id, new TextEncoder().encode('garbage')))).toBe('CorruptMessageError')
    expect(nameOf(() => authorOf(new Uint8Array()))).toBe('CorruptMessageError')
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1024 }), (garbage) => {
      expect(nameOf(() => toRoomMessage(text.id, garbage))).toBe('CorruptMessageError')
      expect(nameOf(() => applyEvent(garbage, del()))).toBe('CorruptMessageError')
    }), { numRuns: 1000 })
  })
})
