import { inspect } from 'node:util'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  fromHex,
  generateIdentity,
  identityFromSecretKey,
  identityFromSeed,
  identitySeed,
  libp2pPrivateKeyBytes,
  ready,
  toHex,
  x25519PublicKey,
  x25519SecretKey
} from '../src/index.js'
import { sodium } from '../src/sodium.js'
import { RFC8032_VECTORS } from './vectors/rfc8032.js'

beforeAll(ready)

describe('identity', () => {
  it.each(RFC8032_VECTORS)('derives the RFC 8032 $name public key and signature from its seed', (v) => {
    const identity = identityFromSeed(fromHex(v.secretKey))
    expect(toHex(identity.publicKey)).toBe(v.publicKey)
    const raw = sodium().crypto_sign_detached(fromHex(v.message), identity.secretKey)
    expect(toHex(raw)).toBe(v.signature)
  })

  it('rebuilds the same identity from its secret key and from its seed', () => {
    const a = generateIdentity()
    expect(identityFromSecretKey(a.secretKey).publicKey).toEqual(a.publicKey)
    expect(identityFromSeed(identitySeed(a)).secretKey).toEqual(a.secretKey)
  })

  it('refuses a secret key whose public half belongs to another seed', () => {
    const a = generateIdentity()
    const b = generateIdentity()
    const forged = new Uint8Array([...a.secretKey.subarray(0, 32), ...b.publicKey])
    expect(() => identityFromSecretKey(forged)).toThrow(expect.objectContaining({ name: 'InvalidKeyError' }))
  })

  it('names the parameter on wrong types and lengths', () => {
    expect(() => identityFromSeed(new Uint8Array(31))).toThrow(/seed/)
    expect(() => identityFromSeed(new Uint8Array(31))).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => identityFromSeed('x' as unknown as Uint8Array)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => identityFromSecretKey(new Uint8Array(63))).toThrow(/secretKey/)
    expect(() => x25519PublicKey(new Uint8Array(33))).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
  })

  it('derives X25519 keys on which both sides agree', () => {
    const a = generateIdentity()
    const b = generateIdentity()
    const ab = sodium().crypto_scalarmult(x25519SecretKey(a), x25519PublicKey(b.publicKey))
    const ba = sodium().crypto_scalarmult(x25519SecretKey(b), x25519PublicKey(a.publicKey))
    expect(ab).toEqual(ba)
  })

  it('gives libp2p the same key, so the PeerId is the identity', () => {
    const identity = generateIdentity()
    const key = privateKeyFromRaw(libp2pPrivateKeyBytes(identity))
    expect(key.type).toBe('Ed25519')
    expect(key.publicKey.raw).toEqual(identity.publicKey)
  })

  it('keeps the secret key out of JSON and inspect output', () => {
    const identity = generateIdentity()
    const secretHex = toHex(identity.secretKey.subarray(0, 32))
    expect(JSON.stringify(identity)).not.toContain(secretHex)
    expect(JSON.stringify(identity)).toContain(toHex(identity.publicKey))
    expect(inspect(identity, { depth: 5, showHidden: true })).not.toContain(secretHex)
    expect(Object.keys(identity)).not.toContain('secretKey')
  })
})

describe('hex', () => {
  it('refuses garbage', () => {
    for (const bad of ['0', 'zz', '0g', ' 00', '00 ']) {
      expect(() => fromHex(bad)).toThrow(expect.objectContaining({ name: 'InvalidHexError' }))
    }
    expect(() => fromHex(5 as unknown as string)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
  })

  it('round-trips bytes', () => {
    const bytes = Uint8Array.of(0, 1, 127, 128, 255)
    expect(fromHex(toHex(bytes))).toEqual(bytes)
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd))
  })
})
