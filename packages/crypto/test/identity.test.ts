import { inspect } from 'node:util'
import { privateKeyFromRaw, publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromPublicKey } from '@libp2p/peer-id'
import fc from 'fast-check'
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

  it('refuses any 64 random bytes as a secret key with InvalidKeyError', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (garbage) => {
      expect(() => identityFromSecretKey(garbage)).toThrow(expect.objectContaining({ name: 'InvalidKeyError' }))
    }), { numRuns: 100 })
  })

  it('hands out copies of the seed, so changing one leaves the identity intact', () => {
    const a = generateIdentity()
    const seed = identitySeed(a)
    seed.fill(0)
    expect(identityFromSecretKey(a.secretKey).publicKey).toEqual(a.publicKey)
    expect(identitySeed(a)).not.toEqual(seed)
  })

  it('names the parameter on wrong types and lengths', () => {
    expect(() => identityFromSeed(new Uint8Array(31))).toThrow(/seed/)
    expect(() => identityFromSeed(new Uint8Array(31))).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => identityFromSeed('x' as unknown as Uint8Array)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => identityFromSecretKey(new Uint8Array(63))).toThrow(/secretKey/)
    expect(() => x25519PublicKey(new Uint8Array(33))).toThrow(expect.objectContaining({ name: 'InvalidLengthError' }))
    expect(() => identityFromSecretKey(null as never)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError' }))
    expect(() => x25519SecretKey({ publicKey: new Uint8Array(32) } as never)).toThrow(/identity\.secretKey/)
    expect(() => libp2pPrivateKeyBytes(undefined as never)).toThrow(/identity/)
  })

  it('refuses to convert an Ed25519 key of small order to X25519', () => {
    // 32 zero bytes encode the point with y = 0, of order 4: libsodium refuses small-order keys.
    expect(() => x25519PublicKey(new Uint8Array(32))).toThrow(expect.objectContaining({ name: 'InvalidKeyError' }))
  })

  it('derives X25519 keys on which both sides agree', () => {
    const a = generateIdentity()
    const b = generateIdentity()
    const ab = sodium().crypto_scalarmult(x25519SecretKey(a), x25519PublicKey(b.publicKey))
    const ba = sodium().crypto_scalarmult(x25519SecretKey(b), x25519PublicKey(a.publicKey))
    expect(ab).toEqual(ba)
  })

  it('derives an X25519 public key that is the base-point multiple of the X25519 secret key', () => {
    const identity = identityFromSeed(fromHex(RFC8032_VECTORS[0].secretKey))
    expect(sodium().crypto_scalarmult_base(x25519SecretKey(identity))).toEqual(x25519PublicKey(identity.publicKey))
  })

  it('gives libp2p the same key, so the PeerId is the identity', async () => {
    const identity = generateIdentity()
    const key = privateKeyFromRaw(libp2pPrivateKeyBytes(identity))
    expect(key.type).toBe('Ed25519')
    expect(key.publicKey.raw).toEqual(identity.publicKey)
    expect(peerIdFromPrivateKey(key).equals(peerIdFromPublicKey(publicKeyFromRaw(identity.publicKey)))).toBe(true)
    const message = new TextEncoder().encode('same key, same signature')
    expect(Uint8Array.from(await key.sign(message))).toEqual(sodium().crypto_sign_detached(message, identity.secretKey))
  })

  it('keeps the secret key out of JSON and inspect output', () => {
    const identity = generateIdentity()
    const secretHex = toHex(identity.secretKey.subarray(0, 32))
    expect(JSON.stringify(identity)).not.toContain(secretHex)
    expect(JSON.stringify(identity)).toContain(toHex(identity.publicKey))
    expect(inspect(identity, { depth: 5, showHidden: true })).not.toContain(secretHex)
    expect(Object.keys(identity)).not.toContain('secretKey')
    expect(JSON.parse(JSON.stringify({ identity }))).toEqual({ identity: { publicKey: toHex(identity.publicKey) } })
    expect(inspect({ nested: [identity] }, { depth: 5 })).not.toContain(secretHex)
  })
})
