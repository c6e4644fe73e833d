import { spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { historyStoreSuite } from './history-store-suite.js'
import { collect, hex, named, rec } from './suite/helpers.js'

const tempDir = async (): Promise<string> => mkdtemp(join(tmpdir(), 'parley-store-'))

historyStoreSuite('classic-level', async () => {
  const dir = await tempDir()
  const store = await openNodeProfileStore(dir)
  return {
    store,
    cleanup: async () => {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
})

describe('classic-level profile store', () => {
  const dirs: string[] = []
  const dir = async (): Promise<string> => {
    const d = await tempDir()
    dirs.push(d)
    return d
  }

  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('creates the data directory and keeps the database in <dataDir>/db', async () => {
    const dataDir = join(await dir(), 'profiles', 'alice')
    const store = await openNodeProfileStore(dataDir)
    await store.close()
    expect((await stat(join(dataDir, 'db', 'CURRENT'))).isFile()).toBe(true)
  })

  it('keeps history, key-value entries and the id index across close and reopen', async () => {
    const dataDir = await dir()
    const first = await openNodeProfileStore(dataDir)
    await first.transaction().append(rec('room:x', 2, 2)).append(rec('room:x', 1, 1)).put('identity', 'key', Uint8Array.of(7)).commit()
    await first.close()
    const again = await openNodeProfileStore(dataDir)
    expect(await again.history.append([rec('room:x', 3, 1)])).toEqual([])
    expect((await again.history.page('room:x', { limit: 5 })).messages).toEqual([rec('room:x', 1, 1), rec('room:x', 2, 2)])
    expect(await collect(again.kv('identity').entries())).toEqual([['key', Uint8Array.of(7)]])
    await again.close()
  })

  it('keeps a write that close waited for', async () => {
    const dataDir = await dir()
    const store = await openNodeProfileStore(dataDir)
    const writing = store.history.append([rec('room:x', 1, 1)])
    await store.close()
    await writing
    const again = await openNodeProfileStore(dataDir)
    expect(await again.history.has('room:x', hex(1))).toBe(true)
    await again.close()
  })

  it('refuses a second open of the data directory in this process, naming the directory', async () => {
    const dataDir = await dir()
    const store = await openNodeProfileStore(dataDir)
    await expect(openNodeProfileStore(dataDir)).rejects.toThrow(named('DataDirLockedError', { dataDir, message: expect.stringContaining(dataDir) }))
    await store.close()
    const again = await openNodeProfileStore(dataDir)
    await again.close()
  })

  it('refuses to open a data directory another process holds, naming the directory', async () => {
    const dataDir = await dir()
    const fixture = fileURLToPath(new URL('./fixtures/hold-lock.mjs', import.meta.url))
    const child = spawn(process.execPath, [fixture, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => { resolve() })
      child.once('exit', (code) => { reject(new Error(`the lock holder exited early with ${code}`)) })
    })
    await expect(openNodeProfileStore(dataDir)).rejects.toThrow(named('DataDirLockedError', { dataDir, message: expect.stringContaining(dataDir) }))
    child.stdin.end()
    expect(await exited).toBe(0)
    const store = await openNodeProfileStore(dataDir)
    await store.close()
  })
})
