import { inspect } from 'node:util'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  concat,
  createRoomSecret,
  blake2b256,
  generateIdentity,
  isValidSignature,
  MAX_KEYRING_LENGTH,
  MAX_ROOM_MESSAGE_LENGTH,
  MAX_ROOM_PAYLOAD_LENGTH,
  openRoomMessage,
  ready,
  RoomKeyring,
  isRoomIdOf,
  MAX_EPOCH_STEP,
  roomIdFor,
  sealRoomMessage,
  SIGNATURE_LABELS,
  toHex
} from '../../src/index.js'
import { sodium } from '../../src/sodium.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })
const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const newRoomId = (): Uint8Array => roomIdFor(generateIdentity().publicKey, createRoomSecret())

describe('private room keys', () => {
  it('derives a stable room id from the owner key and the secret that reveals neither secret nor name', () => {
    const secret = createRoomSecret()
    const owner = generateIdentity().publicKey
    expect(roomIdFor(owner, secret)).toEqual(roomIdFor(owner, secret))
    expect(roomIdFor(owner, secret)).not.toEqual(roomIdFor(owner, createRoomSecret()))
    expect(toHex(roomIdFor(owner, secret))).not.toContain(toHex(secret))
    expect(() => roomIdFor(owner, new Uint8Array(31))).toThrow(named('InvalidLengthError'))
    expect(() => roomIdFor(new Uint8Array(31), secret)).toThrow(named('InvalidLengthError'))
  })

  it('binds the room id to its owner: another owner key or another secret does not claim it', () => {
    const secret = createRoomSecret()
    const owner = generateIdentity().publicKey
    const squatter = generateIdentity().publicKey
    const id = roomIdFor(owner, secret)
    expect(isRoomIdOf(id, owner, secret)).toBe(true)
    expect(isRoomIdOf(id, squatter, secret)).toBe(false)
    expect(isRoomIdOf(id, owner, createRoomSecret())).toBe(false)
    expect(isRoomIdOf(id.subarray(0, 31), owner, secret)).toBe(false)
  })

  it('seals and opens a message, proving its author', () => {
    const keyring = RoomKeyring.create(newRoomId())
    const alice = generateIdentity()
    const opened = openRoomMessage(keyring, sealRoomMessage(alice, keyring, text('hi room')))
    expect(opened.author).toEqual(alice.publicKey)
    expect(opened.epoch).toBe(0)
    expect(new TextDecoder().decode(opened.payload)).toBe('hi room')
  })

  it('a member cannot write in another member\'s name', () => {
    const keyring = RoomKeyring.create(newRoomId())
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
    const roomId = newRoomId()
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
    const keyring = RoomKeyring.create(newRoomId())
    const other = new RoomKeyring(newRoomId(), 0, keyring.epochKey())
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
    const keyring = RoomKeyring.create(newRoomId())
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
      expect(() => openRoomMessage(keyring, garbage)).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(InvalidRoomMessageError|UnknownEpochError)$/)
      }))
    }), { numRuns: 200 })
  })

  it('serialises the keyring and keeps keys out of JSON and inspect', () => {
    const keyring = RoomKeyring.create(newRoomId())
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
    const keyring = RoomKeyring.create(newRoomId())
    keyring.rotate()
    const alice = generateIdentity()
    const sealed = sealRoomMessage(alice, keyring, text('layout'))
    const view = new DataView(sealed.buffer, sealed.byteOffset)
    expect(sealed[0]).toBe(2)
    expect(view.getUint32(1)).toBe(1)
    const epoch = sealed.subarray(1, 5)
    const ad = concat(text('parley/room/v1'), keyring.roomId, epoch)
    const inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(29), ad, sealed.subarray(5, 29), keyring.epochKey(1))
    expect(inner.subarray(0, 32)).toEqual(alice.publicKey)
    expect(new TextDecoder().decode(inner.subarray(96))).toBe('layout')
    const id = blake2b256(concat(text('parley/room-message-id/v2'), keyring.roomId, epoch, alice.publicKey, inner.subarray(96)))
    expect(openRoomMessage(keyring, sealed).id).toEqual(id)
    const signed = id
    expect(isValidSignature(alice.publicKey, SIGNATURE_LABELS.privateRoomMessage, signed, inner.subarray(32, 96))).toBe(true)
  })

  it('a payload too large for a room message is refused; the largest one opens', () => {
    const keyring = RoomKeyring.create(newRoomId())
    const alice = generateIdentity()
    expect(() => sealRoomMessage(alice, keyring, new Uint8Array(MAX_ROOM_PAYLOAD_LENGTH + 1))).toThrow(named('InvalidLengthError'))
    const sealed = sealRoomMessage(alice, keyring, new Uint8Array(MAX_ROOM_PAYLOAD_LENGTH))
    expect(sealed.length).toBe(MAX_ROOM_MESSAGE_LENGTH)
    expect(openRoomMessage(keyring, sealed).payload.length).toBe(MAX_ROOM_PAYLOAD_LENGTH)
    expect(() => openRoomMessage(keyring, new Uint8Array(MAX_ROOM_MESSAGE_LENGTH + 1))).toThrow(named('InvalidRoomMessageError'))
  })

  it('refuses keyring garbage: random, truncated, oversized, repeated epochs, a current epoch that is not the newest', () => {
    const keyring = RoomKeyring.create(newRoomId())
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
    const keyring = RoomKeyring.create(newRoomId())
    const alice = generateIdentity()
    expect(() => sealRoomMessage(alice, {} as never, text('x'))).toThrow(named('InvalidArgumentError'))
    expect(() => openRoomMessage({} as never, new Uint8Array(40))).toThrow(named('InvalidArgumentError'))
    expect(() => sealRoomMessage(alice, keyring, 'x' as never)).toThrow(named('InvalidArgumentError'))
    expect(() => new RoomKeyring(keyring.roomId, -1, new Uint8Array(32))).toThrow(named('InvalidArgumentError'))
    expect(() => keyring.addEpoch(2 ** 32, new Uint8Array(32))).toThrow(named('InvalidArgumentError'))
  })

  it('a message re-sealed under a fresh nonce by another epoch-key holder opens with the same id', () => {
    const keyring = RoomKeyring.create(newRoomId())
    const alice = generateIdentity()
    const sealed = sealRoomMessage(alice, keyring, text('once'))
    const ad = concat(text('parley/room/v1'), keyring.roomId, sealed.subarray(1, 5))
    const inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(29), ad, sealed.subarray(5, 29), keyring.epochKey())
    const nonce = sodium().randombytes_buf(24)
    const resealed = concat(sealed.subarray(0, 5), nonce, sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(inner, ad, null, nonce, keyring.epochKey()))
    expect(resealed).not.toEqual(sealed)
    expect(openRoomMessage(keyring, resealed).id).toEqual(openRoomMessage(keyring, sealed).id)
    expect(openRoomMessage(keyring, sealRoomMessage(alice, keyring, text('twice'))).id).not.toEqual(openRoomMessage(keyring, sealed).id)
  })

  it('merges a re-key a few epochs ahead, keeps the keys it holds, and refuses a step past MAX_EPOCH_STEP', () => {
    const roomId = newRoomId()
    const owner = RoomKeyring.create(roomId)
    const member = new RoomKeyring(roomId, 0, owner.epochKey(0))
    for (let i = 0; i < MAX_EPOCH_STEP; i++) owner.rotate()
    member.merge(owner)
    expect(member.currentEpoch).toBe(MAX_EPOCH_STEP)
    expect(member.epochs()).toEqual(owner.epochs())
    // A keyring that swaps the key of a held epoch does not change it.
    const liar = new RoomKeyring(roomId, 0, new Uint8Array(32).fill(7))
    member.merge(liar)
    expect(member.epochKey(0)).toEqual(owner.epochKey(0))
    // 0xffffffff in one step: refused at once with both numbers, nothing taken.
    const huge = RoomKeyring.deserialize(owner.serialize())
    huge.addEpoch(0xffffffff, new Uint8Array(32))
    expect(() => member.merge(huge)).toThrow(expect.objectContaining({ name: 'EpochStepError', epoch: 0xffffffff, known: MAX_EPOCH_STEP }))
    expect(member.currentEpoch).toBe(MAX_EPOCH_STEP)
    expect(() => member.merge(RoomKeyring.create(newRoomId()))).toThrow(named('InvalidKeyringError'))
    expect(() => member.merge({} as never)).toThrow(named('InvalidArgumentError'))
  })
})
