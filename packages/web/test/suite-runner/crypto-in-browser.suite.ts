/**
 * @parley/crypto where the browser peer runs it: libsodium's WebAssembly bundled by Vite inside
 * Chromium. Loaded by the suite-runner page only (its name keeps vitest in Node from collecting
 * it): the crypto package's own tests cover the algorithms; this suite checks that the browser
 * build initialises, that a passphrase seal at the default Argon2id cost (256 MiB) runs in a
 * tab, and that the identity becomes the libp2p peer id there too.
 */
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  KEY_STORE_MEM_LIMIT,
  formatSafetyNumber,
  generateIdentity,
  libp2pPrivateKeyBytes,
  openIdentity,
  ready,
  safetyNumber,
  sealIdentity,
  shortFingerprint
} from '@parley/crypto'
import { beforeAll, describe, expect, it } from 'vitest'

function errorName (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return (err as Error).name
  }
  return 'no error'
}

describe('@parley/crypto in the browser', () => {
  beforeAll(async () => {
    await ready()
  })

  it('seals an identity under a passphrase at the default Argon2id cost and opens it again', () => {
    const identity = generateIdentity()
    const started = performance.now()
    const sealed = sealIdentity(identity, 'correct horse battery staple')
    const opened = openIdentity(sealed, 'correct horse battery staple')
    console.info(`Argon2id seal+open at ${KEY_STORE_MEM_LIMIT / 2 ** 20} MiB took ${Math.round(performance.now() - started)} ms`)
    expect(opened.publicKey).toEqual(identity.publicKey)
    expect(errorName(() => openIdentity(sealed, 'wrong horse battery staple'))).toBe('WrongPassphraseError')
  }, 60_000)

  it('makes the identity the libp2p peer id', () => {
    const identity = generateIdentity()
    const peerId = peerIdFromPrivateKey(privateKeyFromRaw(libp2pPrivateKeyBytes(identity)))
    expect(peerId.publicKey?.raw).toEqual(identity.publicKey)
    expect(shortFingerprint(identity.publicKey)).toMatch(/\S/)
  })

  it('gives both sides the same safety number of 12 groups of 5 digits', () => {
    const side = (): { id: Uint8Array, publicKey: Uint8Array } => {
      const identity = generateIdentity()
      const peerId = peerIdFromPrivateKey(privateKeyFromRaw(libp2pPrivateKeyBytes(identity)))
      return { id: peerId.toMultihash().bytes, publicKey: identity.publicKey }
    }
    const alice = side()
    const bob = side()
    const number = safetyNumber(alice, bob)
    expect(safetyNumber(bob, alice)).toBe(number)
    const groups = formatSafetyNumber(number)
    expect(groups).toHaveLength(12)
    expect(groups.every(g => /^\d{5}$/.test(g))).toBe(true)
  })
})
