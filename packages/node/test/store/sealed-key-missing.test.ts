import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ready } from '@parley/crypto'
import { ClassicLevel } from 'classic-level'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { loadOrCreateIdentity } from '../../src/identity-store.js'

/** The lowest Argon2id cost the key store takes (tests only). */
const CHEAP = { opsLimit: 1, memLimit: 8 * 1024 }

let dir: string
beforeAll(async () => {
  await ready()
  dir = await mkdtemp(join(tmpdir(), 'parley-key-missing-'))
})
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('a sealed profile whose data key record is gone', () => {
  it('is refused as damaged, naming the directory, and its sealed records are left as they were', async () => {
    const dataDir = join(dir, 'profile')
    const store = await openNodeProfileStore(dataDir)
    await loadOrCreateIdentity(store, 'a passphrase', CHEAP)
    await store.history.append([{ conversation: 'room:kept', id: 'a'.repeat(64), timestamp: 1000, value: new Uint8Array([1]) }])
    expect(store.encrypted).toBe(true)
    await store.close()

    const db = new ClassicLevel<string, Uint8Array>(join(dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    const sealedKeys = async (): Promise<number> => (await db.keys({ gte: '!x-', lt: '!x.' }).all()).length
    await db.sublevel<string, Uint8Array>('meta', { keyEncoding: 'utf8', valueEncoding: 'view' }).del('data-key')
    const before = await sealedKeys()
    expect(before).toBeGreaterThan(0)
    await db.close()

    const opening = openNodeProfileStore(dataDir, { passphrase: 'a passphrase' })
    await expect(opening).rejects.toThrow(expect.objectContaining({ name: 'DataDirDamagedError', dataDir, problem: expect.stringContaining('data key record is missing') }))
    await db.open()
    expect(await sealedKeys()).toBe(before)
    await db.close()
  })
})
