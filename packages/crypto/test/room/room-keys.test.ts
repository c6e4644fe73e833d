import { inspect } from 'node:util'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  createRoomSecret,
  generateIdentity,
  openRoomMessage,
  ready,
  RoomKeyring,
  roomIdFromSecret,
  sealRoomMessage,
  toHex
} from '../../src/index.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })
const text = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('private room keys', () => {
  it('derives a stable room id from the secret that reveals neither secret nor name', () => {
    const secret = createRoomSecret()
    expect(roomIdFromSecret(secret)).toEqual(roomIdFromSecret(secret))
    expect(roomIdFromSecret(secret)).not.toEqual(roomIdFromSecret(createRoomSecret()))
    expect(toHex(roomIdFromSecret(secret))).not.toContain(toHex(secret))
    expect(() => roomIdFromSecret(new Uint8Array(31))).toThrow(/secret/)
  })

  it('seals and opens a message, proving its author', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    const alice = generateIdentity()
    const opened = openRoomMessage(keyring, sealRoomMessage(alice, keyring, text('hi room')))
    expect(opened.author).toEqual(alice.publicKey)
    expect(opened.epoch).toBe(0)
    expect(new TextDecoder().decode(opened.payload)).toBe('hi room')
  })

  it('a member cannot write in another member\'s name', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    const alice = generateIdentity()
    const mallory = generateIdentity()
    // Mallory holds the epoch key and re-seals Alice's identity with her own signature.
    const sealed = sealRoomMessage(mallory, keyring, text('I am alice'))
    const opened = openRoomMessage(keyring, sealed)
    expect(opened.author).toEqual(mallory.publicKey)
    expect(opened.author).not.toEqual(alice.publicKey)
    // Swapping the author key inside a sealed message needs the epoch key and still fails the signature.
    const forged = { ...alice, secretKey: mallory.secretKey }
    expect(() => openRoomMessage(keyring, sealRoomMessage(forged, keyring, text('forged')))).toThrow(named('InvalidRoomMessageError'))
  })

  it('a removed member cannot read messages of the new epoch; members still read old ones', () => {
    const roomId = roomIdFromSecret(createRoomSecret())
    const owner = RoomKeyring.create(roomId)
    const removed = new RoomKeyring(roomId, 0, owner.epochKey(0))
    const kept = new RoomKeyring(roomId, 0, owner.epochKey(0))
    const old = sealRoomMessage(generateIdentity(), owner, text('before'))
    const epoch = owner.rotate()
    kept.addEpoch(epoch, owner.epochKey(epoch))
    const fresh = sealRoomMessage(generateIdentity(), owner, text('after'))
    expect(() => openRoomMessage(removed, fresh)).toThrow(expect.objectContaining({ name: 'UnknownEpochError', epoch: 1 }))
    expect(new TextDecoder().decode(openRoomMessage(kept, fresh).payload)).toBe('after')
    expect(new TextDecoder().decode(openRoomMessage(kept, old).payload)).toBe('before')
  })

  it('refuses a message of another room or with any byte changed', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    const other = new RoomKeyring(roomIdFromSecret(createRoomSecret()), 0, keyring.epochKey())
    const sealed = sealRoomMessage(generateIdentity(), keyring, text('x'))
    expect(() => openRoomMessage(other, sealed)).toThrow(named('InvalidRoomMessageError'))
    fc.assert(fc.property(fc.nat({ max: sealed.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bad = sealed.slice()
      bad[at] ^= xor
      expect(() => openRoomMessage(keyring, bad)).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(InvalidRoomMessageError|UnknownEpochError)$/)
      }))
    }), { numRuns: 200 })
  })

  it('refuses garbage with a typed error', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
      expect(() => openRoomMessage(keyring, garbage)).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(InvalidRoomMessageError|UnknownEpochError)$/)
      }))
    }), { numRuns: 200 })
  })

  it('serialises the keyring and keeps keys out of JSON and inspect', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    keyring.rotate()
    const restored = RoomKeyring.deserialize(keyring.serialize())
    expect(restored.currentEpoch).toBe(1)
    expect(restored.epochKey(0)).toEqual(keyring.epochKey(0))
    const keyHex = toHex(keyring.epochKey())
    expect(JSON.stringify(keyring)).not.toContain(keyHex)
    expect(inspect(keyring, { showHidden: true })).not.toContain(keyHex)
    for (const bad of [new Uint8Array(0), Uint8Array.of(1), new Uint8Array(40), keyring.serialize().subarray(0, 50)]) {
      expect(() => RoomKeyring.deserialize(bad)).toThrow(named('InvalidKeyringError'))
    }
  })
})
