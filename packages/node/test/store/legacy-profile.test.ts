import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateIdentity, identitySeed, ready, sealIdentity } from '@parley/crypto'
import { loadOrCreateIdentity } from '../../src/identity-store.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { named, rec } from './suite/helpers.js'

const CHEAP = { opsLimit: 1, memLimit: 8192 }

describe('a profile whose identity alone was sealed (before the whole profile was)', () => {
  const dirs: string[] = []
  afterEach(async () => { await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true }))) })

  async function legacy (): Promise<{ dir: string, seed: Uint8Array }> {
    await ready()
    const dir = await mkdtemp(join(tmpdir(), 'parley-legacy-'))
    dirs.push(dir)
    const store = await openNodeProfileStore(dir)
    const identity = generateIdentity()
    await store.kv('identity').put('self', sealIdentity(identity, 'old pass', CHEAP))
    await store.history.append([rec('room:a', 1, 1, 'kept text')])
    await store.close()
    return { dir, seed: identitySeed(identity) }
  }

  it('is sealed whole under its passphrase on the first open with it, keeping identity and history', async () => {
    const { dir, seed } = await legacy()
    const store = await openNodeProfileStore(dir, { passphrase: 'old pass' })
    const loaded = await loadOrCreateIdentity(store, 'old pass', CHEAP)
    expect(identitySeed(loaded.identity)).toEqual(seed)
    expect({ encrypted: store.encrypted, unprotected: loaded.unprotected }).toEqual({ encrypted: true, unprotected: false })
    await store.close()
    const again = await openNodeProfileStore(dir, { passphrase: 'old pass' })
    expect(identitySeed((await loadOrCreateIdentity(again, 'old pass')).identity)).toEqual(seed)
    expect((await again.history.page('room:a', { limit: 5 })).messages).toEqual([rec('room:a', 1, 1, 'kept text')])
    await again.close()
  })

  it('stays as it was when the passphrase is wrong or missing', async () => {
    const { dir } = await legacy()
    const store = await openNodeProfileStore(dir, { passphrase: 'wrong' })
    await expect(loadOrCreateIdentity(store, 'wrong', CHEAP)).rejects.toThrow(named('WrongPassphraseError'))
    await expect(loadOrCreateIdentity(store, undefined, CHEAP)).rejects.toThrow(named('PassphraseRequiredError'))
    expect(store.encrypted).toBe(false)
    expect(await store.history.count('room:a')).toBe(1)
    await store.close()
  })
})
