import { beforeAll, describe, expect, it } from 'vitest'
import {
  generateIdentity,
  generatePrekeys,
  initiateSession,
  MAX_ONE_TIME_PREKEYS,
  PrekeySecrets,
  ready,
  respondToSession
} from '../../src/index.js'
import { ByteWriter } from '../../src/bytes.js'
import { str, text } from './fixtures.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })

describe('handing out one-time prekeys', () => {
  it('gives each one-time prekey to one bundle only', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: 5 })
    const ids = Array.from({ length: 5 }, () => secrets.handOut().oneTimePrekeys.map((k) => k.id))
    expect(ids.every((x) => x.length === 1)).toBe(true)
    expect(new Set(ids.flat()).size).toBe(5)
    expect(secrets.unusedOneTimeCount).toBe(0)
    expect(secrets.oneTimeCount).toBe(5)
  })

  it('falls back to the signed prekey alone when none is left, and that bundle starts a session', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
    secrets.handOut()
    const bundle = secrets.handOut()
    expect(bundle.oneTimePrekeys).toEqual([])
    const a = initiateSession(generateIdentity(), bundle)
    const { plaintext, consumedOneTimePrekeyId } = respondToSession(bob, secrets, a.encrypt(text('no opk')))
    expect(str(plaintext)).toBe('no opk')
    expect(consumedOneTimePrekeyId).toBeUndefined()
  })

  it('keeps the handed-out marks across serialisation', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: 3 })
    const first = secrets.handOut().oneTimePrekeys[0].id
    const restored = PrekeySecrets.deserialize(secrets.serialize())
    expect(restored.unusedOneTimeCount).toBe(2)
    expect(restored.handOut().oneTimePrekeys[0].id).not.toBe(first)
  })

  it('reads secrets stored in version 1 (no times, no marks): every key unused, the bundle still valid', () => {
    const bob = generateIdentity()
    const v2 = generatePrekeys(bob, { oneTimeCount: 2 })
    const bundle = v2.bundle(2)
    const spk = v2.signedPrekeyPair()
    const w = new ByteWriter().u8(1).bytes(bob.publicKey).u32(bundle.signedPrekeyId).bytes(spk.publicKey).bytes(spk.secretKey).bytes(bundle.signedPrekeySignature).u32(3).u32(2)
    for (const k of bundle.oneTimePrekeys) w.u32(k.id).bytes(k.publicKey).bytes(v2.oneTimePrekeyPair(k.id)?.secretKey ?? new Uint8Array(32))
    const v1 = PrekeySecrets.deserialize(w.finish())
    expect(v1.unusedOneTimeCount).toBe(2)
    expect(v1.signedAt).toBe(0)
    const a = initiateSession(generateIdentity(), v1.handOut())
    expect(str(respondToSession(bob, v1, a.encrypt(text('from v1'))).plaintext)).toBe('from v1')
  })

  it('refills past the maximum by forgetting the oldest handed-out keys, never an unused one', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: MAX_ONE_TIME_PREKEYS })
    for (let i = 0; i < 10; i++) secrets.handOut()
    secrets.refill(10)
    expect(secrets.oneTimeCount).toBe(MAX_ONE_TIME_PREKEYS)
    expect(secrets.unusedOneTimeCount).toBe(MAX_ONE_TIME_PREKEYS)
    expect(() => { secrets.refill(-1) }).toThrow(named('InvalidLengthError'))
  })
})

describe('a prekey message from an unexpected identity', () => {
  it('is refused before its one-time prekey is touched', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
    const bundle = secrets.handOut()
    const eve = generateIdentity()
    const message = initiateSession(eve, bundle).encrypt(text('hi'))
    expect(() => respondToSession(bob, secrets, message, { expectedInitiator: generateIdentity().publicKey })).toThrow(named('UnexpectedIdentityError'))
    expect(secrets.oneTimeCount).toBe(1)
    expect(str(respondToSession(bob, secrets, message, { expectedInitiator: eve.publicKey }).plaintext)).toBe('hi')
    expect(secrets.oneTimeCount).toBe(0)
  })
})

describe('signed prekey rotation', () => {
  it('accepts the previous signed prekey until it is dropped, then names it unknown', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 2 })
    const old = secrets.handOut()
    const older = secrets.handOut()
    secrets.rotateSignedPrekey(bob, 1000)
    expect(secrets.signedPrekeyId).toBe(old.signedPrekeyId + 1)
    expect(secrets.previousSignedPrekey).toEqual({ id: old.signedPrekeyId, retiredAt: 1000 })
    expect(secrets.handOut().signedPrekeyId).toBe(secrets.signedPrekeyId)
    const restored = PrekeySecrets.deserialize(secrets.serialize())
    expect(str(respondToSession(bob, restored, initiateSession(generateIdentity(), old).encrypt(text('in grace'))).plaintext)).toBe('in grace')
    expect(restored.dropPreviousSignedPrekey(999)).toBe(false)
    expect(restored.dropPreviousSignedPrekey(1000)).toBe(true)
    expect(() => respondToSession(bob, restored, initiateSession(generateIdentity(), older).encrypt(text('too late')))).toThrow(named('UnknownPrekeyError'))
  })

  it('refuses to rotate with another identity', () => {
    const secrets = generatePrekeys(generateIdentity())
    expect(() => { secrets.rotateSignedPrekey(generateIdentity()) }).toThrow(named('InvalidArgumentError'))
  })
})
