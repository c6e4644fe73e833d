import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { historyStoreSuite } from './history-store-suite.js'

historyStoreSuite('classic-level', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-store-'))
  const store = await openNodeProfileStore(dir)
  return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }) } }
})

describe('classic-level profile store', () => {
  it('keeps history across close and reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-store-'))
    const store = await openNodeProfileStore(dir)
    await store.history.append([{ conversation: 'room:x', id: 'a'.repeat(64), timestamp: 1, value: Uint8Array.of(7) }])
    await store.close()
    const again = await openNodeProfileStore(dir)
    expect((await again.history.get('room:x', 'a'.repeat(64)))?.value).toEqual(Uint8Array.of(7))
    await again.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a second open of the same data directory, naming it, in this process and in another', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-store-'))
    const store = await openNodeProfileStore(dir)
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/open-store.mjs', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(3)
    expect(out).toContain(`DataDirLockedError: the data directory ${dir} is in use`)
    await expect(openNodeProfileStore(dir)).rejects.toThrow(expect.objectContaining({ name: 'DataDirLockedError', dataDir: dir }))
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })
})
