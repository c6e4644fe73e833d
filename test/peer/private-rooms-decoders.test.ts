/**
 * The private-room decoders that read remote or stored bytes (room keys from
 * a DM or the store, sealed-post bodies, stored records): any input ends in a
 * typed error or a value within limits; honest values round-trip.
 */
import { generateIdentity, ready, RoomKeyring, toHex, type Identity } from '@parley/crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_CLOCK_SKEW_MS, MAX_NICK_LENGTH, MAX_TEXT_BYTES } from '../../packages/node/src/constants.js'
import { PrivateRoomBody, PrivateRoomState } from '../../packages/node/src/pb/private-room.js'
import { encodeBody, fromRecord, openBody } from '../../packages/node/src/private-rooms/body.js'
import { MAX_BODY_NONCE_LENGTH, MAX_PRIVATE_ROOM_MEMBERS } from '../../packages/node/src/private-rooms/constants.js'
import { createRoomState, decodeRoomState, encodeRoomState } from '../../packages/node/src/private-rooms/room-state.js'
import { peerIdOfKey } from '../../packages/node/src/room-messages.js'

beforeAll(ready)

const TYPED = /^(InvalidRoomKeysError|RoomIdMismatchError|InvalidPrivateMessageError|InvalidInputError|TextTooLongError|CorruptMessageError)$/

/** Runs `decode` on `bytes`: it returns, or throws one of the typed errors (speed is the fuzz runner's business). */
function typedOrValue (decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    decode(bytes)
  } catch (err) {
    expect((err as Error).name).toMatch(TYPED)
  }
}

describe('private-room decoders', () => {
  let owner: Identity
  let self: string
  beforeAll(() => {
    owner = generateIdentity()
    self = peerIdOfKey(owner.publicKey)
  })

  it('room keys: garbage, truncations and byte flips end in a typed error; honest keys round-trip', () => {
    const state = createRoomState(owner, self, 'plans')
    state.keyring.rotate()
    const good = encodeRoomState(state)
    const back = decodeRoomState(good, true)
    expect([toHex(back.roomId), back.owner, back.name, back.members, back.keyring.currentEpoch]).toEqual([toHex(state.roomId), self, 'plans', [self], 1])
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => { typedOrValue((b) => decodeRoomState(b, false), bytes) }), { numRuns: 300 })
    fc.assert(fc.property(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bad = good.slice()
      bad[at] ^= xor
      typedOrValue((b) => decodeRoomState(b, false), bad)
      typedOrValue((b) => decodeRoomState(b, false), good.subarray(0, at))
    }), { numRuns: 300 })
  })

  it('room keys: too many members, a member that is not a PeerId, a keyring of another room are refused', () => {
    const state = createRoomState(owner, self, 'plans')
    const pb = PrivateRoomState.decode(encodeRoomState(state))
    const many = Array.from({ length: MAX_PRIVATE_ROOM_MEMBERS + 1 }, () => peerIdOfKey(generateIdentity().publicKey))
    expect(() => decodeRoomState(PrivateRoomState.encode({ ...pb, members: [self, ...many] }), false)).toThrow(expect.objectContaining({ name: 'InvalidRoomKeysError' }))
    expect(() => decodeRoomState(PrivateRoomState.encode({ ...pb, members: [self, 'not-a-peer'] }), false)).toThrow(expect.objectContaining({ name: 'InvalidRoomKeysError' }))
    expect(() => decodeRoomState(PrivateRoomState.encode({ ...pb, members: [] }), false)).toThrow(expect.objectContaining({ name: 'InvalidRoomKeysError' }))
    const other = RoomKeyring.create(createRoomState(owner, self, 'other').roomId).serialize() as Uint8Array<ArrayBuffer>
    expect(() => decodeRoomState(PrivateRoomState.encode({ ...pb, keyring: other }), false)).toThrow(expect.objectContaining({ name: 'RoomIdMismatchError' }))
    expect(() => decodeRoomState(PrivateRoomState.encode({ ...pb, name: 'x'.repeat(65) }), false)).toThrow(expect.objectContaining({ name: 'InvalidRoomKeysError' }))
  })

  it('post bodies: garbage ends in a typed error; the limits are those of public rooms', () => {
    const now = Date.now()
    expect(openBody(encodeBody('hi', 'ann', now), now)).toMatchObject({ text: 'hi', nick: 'ann', sentAt: BigInt(now) })
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => { typedOrValue((b) => openBody(b, now), bytes) }), { numRuns: 500 })
    expect(() => openBody(encodeBody('hi', 'ann', now + MAX_CLOCK_SKEW_MS + 1), now)).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
    expect(() => encodeBody('x'.repeat(MAX_TEXT_BYTES + 1), 'ann', now)).toThrow(expect.objectContaining({ name: 'TextTooLongError' }))
    expect(() => encodeBody('hi', 'n'.repeat(MAX_NICK_LENGTH + 1), now)).toThrow(expect.objectContaining({ name: 'InvalidInputError' }))
    const long = PrivateRoomBody.encode({ text: 'hi', nick: 'ann', sentAt: BigInt(now), nonce: new Uint8Array(MAX_BODY_NONCE_LENGTH + 1) })
    expect(() => openBody(long, now)).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
    // Two equal posts are two bodies (and so two message ids).
    expect(encodeBody('hi', 'ann', now)).not.toEqual(encodeBody('hi', 'ann', now))
  })

  it('stored records: garbage ends in CorruptMessageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (value) => { typedOrValue((v) => fromRecord('00', { id: 'x', value: v }), value) }), { numRuns: 500 })
  })
})
