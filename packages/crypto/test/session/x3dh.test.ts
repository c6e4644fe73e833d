import { beforeAll, describe, expect, it } from 'vitest'
import {
  decodePrekeyBundle,
  encodePrekeyBundle,
  generateIdentity,
  generatePrekeys,
  initiateSession,
  isPrekeyMessage,
  PrekeySecrets,
  ready,
  respondToSession,
  Session,
  toHex
} from '../../src/index.js'
import { str, text } from './fixtures.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })

describe('prekey bundle', () => {
  it('round-trips through its encoding', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: 3 })
    const bundle = secrets.bundle(3)
    expect(decodePrekeyBundle(encodePrekeyBundle(bundle))).toEqual(bundle)
  })

  it('a bundle with a bad signature refused', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: 1 })
    const bundle = secrets.bundle()
    const forged = { ...bundle, signedPrekey: generatePrekeys(generateIdentity()).bundle().signedPrekey }
    expect(() => initiateSession(generateIdentity(), forged)).toThrow(named('InvalidPrekeyBundleError'))
    const bytes = encodePrekeyBundle(bundle)
    bytes[40] ^= 1
    expect(() => decodePrekeyBundle(bytes)).toThrow(named('InvalidPrekeyBundleError'))
    const otherOwner = { ...bundle, identityKey: generateIdentity().publicKey }
    expect(() => initiateSession(generateIdentity(), otherOwner)).toThrow(named('InvalidPrekeyBundleError'))
  })

  it('refuses garbage bundles with a typed error', () => {
    const good = encodePrekeyBundle(generatePrekeys(generateIdentity(), { oneTimeCount: 1 }).bundle())
    for (const bad of [new Uint8Array(0), Uint8Array.of(2), good.subarray(0, 50), new Uint8Array([...good, 0]), new Uint8Array(200)]) {
      expect(() => decodePrekeyBundle(bad)).toThrow(named('InvalidPrekeyBundleError'))
    }
  })
})

describe('prekey secrets', () => {
  it('serialise and restore without showing secrets', () => {
    const secrets = generatePrekeys(generateIdentity(), { oneTimeCount: 4 })
    const restored = PrekeySecrets.deserialize(secrets.serialize())
    expect(restored.bundle(4)).toEqual(secrets.bundle(4))
    expect(JSON.stringify(secrets)).not.toContain(toHex(secrets.signedPrekeyPair().secretKey))
  })

  it('refuse garbage with a typed error', () => {
    for (const bad of [new Uint8Array(0), Uint8Array.of(1, 2, 3), new Uint8Array(500)]) {
      expect(() => PrekeySecrets.deserialize(bad)).toThrow(named('InvalidSessionStateError'))
    }
  })
})

describe('x3dh session start', () => {
  it('the responder builds the same session from the first message, sent without a round trip', () => {
    const alice = generateIdentity()
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 2 })
    const a = initiateSession(alice, secrets.bundle())
    const m1 = a.encrypt(text('one'))
    const m2 = a.encrypt(text('two'))
    expect(isPrekeyMessage(m1)).toBe(true)
    const { session: b, plaintext, consumedOneTimePrekeyId } = respondToSession(bob, secrets, m1)
    expect(str(plaintext)).toBe('one')
    expect(consumedOneTimePrekeyId).toBeDefined()
    expect(b.remoteIdentityKey).toEqual(alice.publicKey)
    expect(str(b.decrypt(m2))).toBe('two')
    const reply = b.encrypt(text('hi alice'))
    expect(isPrekeyMessage(reply)).toBe(false)
    expect(str(a.decrypt(reply))).toBe('hi alice')
    expect(isPrekeyMessage(a.encrypt(text('three')))).toBe(false)
  })

  it('a one-time prekey is consumed once', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
    const a = initiateSession(generateIdentity(), secrets.bundle())
    const m1 = a.encrypt(text('one'))
    respondToSession(bob, secrets, m1)
    expect(secrets.oneTimeCount).toBe(0)
    expect(() => respondToSession(bob, secrets, m1)).toThrow(named('UnknownPrekeyError'))
  })

  it('works without one-time prekeys', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 0 })
    const a = initiateSession(generateIdentity(), secrets.bundle())
    const { plaintext, consumedOneTimePrekeyId } = respondToSession(bob, secrets, a.encrypt(text('no otk')))
    expect(str(plaintext)).toBe('no otk')
    expect(consumedOneTimePrekeyId).toBeUndefined()
  })

  it('a tampered first message is refused and consumes nothing', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
    const a = initiateSession(generateIdentity(), secrets.bundle())
    const m1 = a.encrypt(text('one'))
    const bad = m1.slice()
    bad[5] ^= 1
    expect(() => respondToSession(bob, secrets, bad)).toThrow()
    expect(secrets.oneTimeCount).toBe(1)
    expect(str(respondToSession(bob, secrets, m1).plaintext)).toBe('one')
  })

  it('the wrong responder cannot open the first message', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 0 })
    const a = initiateSession(generateIdentity(), secrets.bundle())
    const eve = generateIdentity()
    const first = a.encrypt(text('for bob'))
    expect(() => respondToSession(eve, generatePrekeys(eve, { oneTimeCount: 0 }), first)).toThrow(named('MessageAuthenticationError'))
    expect(() => respondToSession(eve, secrets, first)).toThrow(named('InvalidArgumentError'))
  })

  it('a restored initiator still carries the X3DH header until the first reply', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 1 })
    const a = Session.deserialize(initiateSession(generateIdentity(), secrets.bundle()).serialize())
    const m = a.encrypt(text('after restart'))
    expect(isPrekeyMessage(m)).toBe(true)
    expect(str(respondToSession(bob, secrets, m).plaintext)).toBe('after restart')
  })
})
