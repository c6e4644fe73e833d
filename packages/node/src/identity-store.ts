/**
 * The profile's identity in the store's `identity` sublevel: sealed under a
 * passphrase when one is given, otherwise stored plainly (the caller warns).
 */
import { generateIdentity, identityFromSeed, identitySeed, isSealedIdentity, openIdentity, sealIdentity, type Identity, type KeyStoreParams } from '@parley/crypto'
import { InvalidInputError } from './errors.js'
import type { ProfileStore } from './store/index.js'

const KEY = 'self'
const PLAIN_MAGIC = [0x50, 0x4c, 0x4e, 0x31] // "PLN1"

/** A passphrase is needed to open this profile, and none was given. */
export class PassphraseRequiredError extends Error {
  static override name = 'PassphraseRequiredError'
  constructor (message = 'this profile\'s identity is sealed: a passphrase is needed') {
    super(message)
    this.name = PassphraseRequiredError.name
  }
}

/** The identity and whether it is stored without a passphrase. */
export interface LoadedIdentity {
  identity: Identity
  created: boolean
  unprotected: boolean
}

/** Loads the profile's identity, creating (and sealing, with a passphrase) a new one on first run. */
export async function loadOrCreateIdentity (store: ProfileStore, passphrase?: string, params?: KeyStoreParams): Promise<LoadedIdentity> {
  const kv = store.kv('identity')
  const blob = await kv.get(KEY)
  if (blob !== undefined) {
    if (isSealedIdentity(blob)) {
      if (passphrase === undefined || passphrase === '') throw new PassphraseRequiredError()
      return { identity: openIdentity(blob, passphrase), created: false, unprotected: false }
    }
    if (blob.length !== 36 || !PLAIN_MAGIC.every((b, i) => blob[i] === b)) throw new InvalidInputError('the stored identity is corrupted')
    return { identity: identityFromSeed(blob.subarray(4)), created: false, unprotected: true }
  }
  const identity = generateIdentity()
  const protectedBlob = passphrase !== undefined && passphrase !== ''
  await kv.put(KEY, protectedBlob ? sealIdentity(identity, passphrase, params) : new Uint8Array([...PLAIN_MAGIC, ...identitySeed(identity)]))
  return { identity, created: true, unprotected: !protectedBlob }
}
