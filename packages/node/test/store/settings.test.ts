import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { loadReadReceipts, READ_RECEIPTS_KEY, saveReadReceipts } from '../../src/store/settings.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'parley-settings-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('profile settings', () => {
  it('reads read receipts as on when absent, as saved when saved, and as off when the record does not parse', async () => {
    const store = await openNodeProfileStore(join(dir, 'profile'))
    const settings = store.kv('settings')
    expect(await loadReadReceipts(settings)).toBe(true)
    await saveReadReceipts(settings, false)
    expect(await loadReadReceipts(settings)).toBe(false)
    await saveReadReceipts(settings, true)
    expect(await loadReadReceipts(settings)).toBe(true)
    await settings.put(READ_RECEIPTS_KEY, new TextEncoder().encode('{not json'))
    expect(await loadReadReceipts(settings)).toBe(false)
    await store.close()
  })
})
