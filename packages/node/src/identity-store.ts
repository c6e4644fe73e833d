/**
 * The profile's identity in the store's `identity` sublevel. With a
 * passphrase the whole profile is sealed (store/passphrase.ts) and the seed
 * is kept inside it like any record; without one it is stored plainly (the
 * caller warns). A profile from before the store was sealed keeps its
 * identity sealed alone ("PRLY"): the first open with its passphrase seals
 * the rest of the profile under that passphrase.
 */
import { generateIdentity, identityFromSeed, identitySeed, isSealedIdentity, openIdentity, type Identity, type KeyStoreParams } from '@parley/crypto'
import { InvalidInputError } from './errors.js'
import { PassphraseRequiredError } from './store/index.js'
import type { ProfileStore } from './store/index.js'

export { PassphraseRequiredError }

const KEY = 'self'
const PLAIN_MAGIC = [0x50, 0x4c, 0x4e, 0x31] // "PLN1"

/** The identity and whether it is stored without a passphrase. */
export interface LoadedIdentity {
  identity: Identity
  created: boolean
  unprotected: boolean
}

const given = (passphrase: string | undefined): passphrase is string => passphrase !== undefined && passphrase !== ''

function plainBlob (identity: Identity): Uint8Array {
  return new Uint8Array([...PLAIN_MAGIC, ...identitySeed(identity)])
}

/**
 * Loads the profile's identity, creating one on first run. A passphrase
 * unlocks a sealed profile, and seals a new one (or an old one whose
 * identity alone was sealed) under it.
 *
 * @throws PassphraseRequiredError, WrongPassphraseError
 */
export async function loadOrCreateIdentity (store: ProfileStore, passphrase?: string, params?: KeyStoreParams): Promise<LoadedIdentity> {
  if (store.locked) {
    if (!given(passphrase)) throw new PassphraseRequiredError()
    await store.unlock(passphrase)
  }
  const kv = store.kv('identity')
  const blob = await kv.get(KEY)
  if (blob !== undefined) {
    if (isSealedIdentity(blob)) {
      if (!given(passphrase)) throw new PassphraseRequiredError()
      const identity = openIdentity(blob, passphrase)
      if (!store.encrypted) await store.setPassphrase(passphrase, params)
      await kv.put(KEY, plainBlob(identity))
      return { identity, created: false, unprotected: false }
    }
    if (blob.length !== 36 || !PLAIN_MAGIC.every((b, i) => blob[i] === b)) throw new InvalidInputError('the stored identity is corrupted')
    return { identity: identityFromSeed(blob.subarray(4)), created: false, unprotected: !store.encrypted }
  }
  const identity = generateIdentity()
  if (given(passphrase) && !store.encrypted) await store.setPassphrase(passphrase, params)
  await kv.put(KEY, plainBlob(identity))
  return { identity, created: true, unprotected: !store.encrypted }
}
