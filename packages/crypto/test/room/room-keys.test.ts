import { inspect } from 'node:util'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  concat,
  createRoomSecret,
  generateIdentity,
  isValidSignature,
  MAX_KEYRING_LENGTH,
  MAX_ROOM_MESSAGE_LENGTH,
  MAX_ROOM_PAYLOAD_LENGTH,
  openRoomMessage,
  ready,
  RoomKeyring,
  roomIdFromSecret,
  sealRoomMessage,
  SIGNATURE_LABELS,
  toHex
} from '../../src/index.js'
import { sodium } from '../../src/sodium.js'

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

  it('the sealed message matches its documented wire format', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    keyring.rotate()
    const alice = generateIdentity()
    const sealed = sealRoomMessage(alice, keyring, text('layout'))
    const view = new DataView(sealed.buffer, sealed.byteOffset)
    expect(sealed[0]).toBe(1)
    expect(view.getUint32(1)).toBe(1)
    const epoch = sealed.subarray(1, 5)
    const ad = concat(text('parley/room/v1'), keyring.roomId, epoch)
    const inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(29), ad, sealed.subarray(5, 29), keyring.epochKey(1))
    expect(inner.subarray(0, 32)).toEqual(alice.publicKey)
    expect(new TextDecoder().decode(inner.subarray(96))).toBe('layout')
    const signed = concat(keyring.roomId, epoch, inner.subarray(96))
    expect(isValidSignature(alice.publicKey, SIGNATURE_LABELS.privateRoomMessage, signed, inner.subarray(32, 96))).toBe(true)
  })

  it('a payload too large for a room message is refused; the largest one opens', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    const alice = generateIdentity()
    expect(() => sealRoomMessage(alice, keyring, new Uint8Array(MAX_ROOM_PAYLOAD_LENGTH + 1))).toThrow(named('InvalidLengthError'))
    const sealed = sealRoomMessage(alice, keyring, new Uint8Array(MAX_ROOM_PAYLOAD_LENGTH))
    expect(sealed.length).toBe(MAX_ROOM_MESSAGE_LENGTH)
    expect(openRoomMessage(keyring, sealed).payload.length).toBe(MAX_ROOM_PAYLOAD_LENGTH)
    expect(() => openRoomMessage(keyring, new Uint8Array(MAX_ROOM_MESSAGE_LENGTH + 1))).toThrow(named('InvalidRoomMessageError'))
  })

  it('refuses keyring garbage: random, truncated, oversized, repeated epochs, a current epoch that is not the newest', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    keyring.rotate()
    keyring.rotate()
    const good = keyring.serialize()
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
      expect(() => RoomKeyring.deserialize(garbage)).toThrow(named('InvalidKeyringError'))
    }), { numRuns: 200 })
    fc.assert(fc.property(fc.nat({ max: good.length - 1 }), (n) => {
      expect(() => RoomKeyring.deserialize(good.subarray(0, n))).toThrow(named('InvalidKeyringError'))
    }), { numRuns: 100 })
    expect(() => RoomKeyring.deserialize(new Uint8Array(MAX_KEYRING_LENGTH + 1))).toThrow(named('InvalidKeyringError'))
    // Layout: version 1 | roomId 32 | u32 current at 33 | u16 count at 37 | entries of 36 bytes from 39.
    const repeated = good.slice()
    repeated.set(repeated.subarray(39, 43), 39 + 36)
    expect(() => RoomKeyring.deserialize(repeated)).toThrow(named('InvalidKeyringError'))
    const stale = good.slice()
    new DataView(stale.buffer).setUint32(33, 0)
    expect(() => RoomKeyring.deserialize(stale)).toThrow(named('InvalidKeyringError'))
  })

  it('refuses arguments of the wrong type', () => {
    const keyring = RoomKeyring.create(roomIdFromSecret(createRoomSecret()))
    const alice = generateIdentity()
    expect(() => sealRoomMessage(alice, {} as never, text('x'))).toThrow(named('InvalidArgumentError'))
    expect(() => openRoomMessage({} as never, new Uint8Array(40))).toThrow(named('InvalidArgumentError'))
    expect(() => sealRoomMessage(alice, keyring, 'x' as never)).toThrow(named('InvalidArgumentError'))
    expect(() => new RoomKeyring(keyring.roomId, -1, new Uint8Array(32))).toThrow(named('InvalidArgumentError'))
    expect(() => keyring.addEpoch(2 ** 32, new Uint8Array(32))).toThrow(named('InvalidArgumentError'))
  })
})
