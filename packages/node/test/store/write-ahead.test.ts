import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ClassicLevel } from 'classic-level'
import { afterEach, describe, expect, it } from 'vitest'
import { openFileWriteAhead, WRITE_AHEAD_FILE } from '../../src/node/file-write-ahead.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { createProfileStore } from '../../src/store/index.js'
import { hex, named, rec } from './suite/helpers.js'

/**
 * A database whose batches wait until `release()` (or fail with `fail()`): the pool thread that
 * would write them has not run yet, as when the process dies right after an acknowledgement.
 */
function heldBatches (db: ClassicLevel<string, Uint8Array>): { release: () => void, fail: () => void } {
  let open: (ok: boolean) => void = () => {}
  const gate = new Promise<boolean>((resolve) => { open = resolve })
  const real = db.batch.bind(db)
  db.batch = ((...args: unknown[]) => {
    if (args.length > 0) return (real as (...a: unknown[]) => unknown)(...args)
    const batch = real()
    const write = batch.write.bind(batch)
    batch.write = (async () => {
      if (!await gate) {
        await batch.close()
        throw new Error('the disk refused the write')
      }
      return write()
    })
    return batch
  }) as typeof db.batch
  return { release: () => { open(true) }, fail: () => { open(false) } }
}

describe('the store\'s write-ahead record', () => {
  const dirs: string[] = []
  const dir = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), 'parley-wal-'))
    dirs.push(d)
    return d
  }
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true })))
  })

  /** A profile store on `dataDir` whose database writes wait for the returned controls. */
  async function heldStore (dataDir: string): Promise<{ store: Awaited<ReturnType<typeof createProfileStore>>, db: ClassicLevel<string, Uint8Array>, release: () => void, fail: () => void }> {
    const db = new ClassicLevel<string, Uint8Array>(join(dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    const store = await createProfileStore(db, { writeAhead: openFileWriteAhead(dataDir) })
    return { store, db, ...heldBatches(db) }
  }

  it('acknowledges a commit before the database holds it, and the next open writes it in', async () => {
    const dataDir = await dir()
    const { store, db } = await heldStore(dataDir)
    await store.transaction().append(rec('room:a', 10, 1)).put('settings', 'nick', Uint8Array.of(7)).commit()
    // The process dies here: the database never got the batch (closed under the store, which waits for it).
    await db.close()
    const reopened = await openNodeProfileStore(dataDir)
    expect((await reopened.history.page('room:a', { limit: 10 })).messages.map((m) => m.id)).toEqual([hex(1)])
    expect(await reopened.kv('settings').get('nick')).toEqual(Uint8Array.of(7))
    await reopened.close()
    // Written in once: the record is gone, and opening again changes nothing.
    expect((await readFile(join(dataDir, WRITE_AHEAD_FILE))).length).toBe(0)
  })

  it('makes reads wait for an acknowledged batch on its way, so they see it', async () => {
    const dataDir = await dir()
    const { store, release } = await heldStore(dataDir)
    await store.history.append([rec('room:a', 10, 1)])
    const [page, entries] = [store.history.page('room:a', { limit: 10 }), (async () => {
      const all: string[] = []
      for await (const [key] of store.kv('settings').entries()) all.push(key)
      return all
    })()]
    // A commit made meanwhile waits for the batch on its way, then goes in the next one.
    const late = store.kv('settings').put('late', Uint8Array.of(1))
    // The reads above started while the batch was held; it lands after a turn of the event loop.
    setTimeout(release, 20)
    expect((await page).messages.map((m) => m.id)).toEqual([hex(1)])
    expect(await entries).toEqual([])
    await late
    expect(await store.kv('settings').get('late')).toEqual(Uint8Array.of(1))
    await store.close()
  })

  it('stops the store with StoreWriteError when the database refuses an acknowledged batch, and keeps it for the next open', async () => {
    const dataDir = await dir()
    const { store, db, fail } = await heldStore(dataDir)
    await store.history.append([rec('room:a', 10, 1)])
    const read = store.history.get('room:a', hex(1))
    fail()
    await expect(read).rejects.toThrow(named('StoreWriteError'))
    await expect(store.history.append([rec('room:a', 11, 2)])).rejects.toThrow(named('StoreWriteError'))
    await store.close()
    expect(db.status).toBe('closed')
    const reopened = await openNodeProfileStore(dataDir)
    expect((await reopened.history.page('room:a', { limit: 10 })).messages.map((m) => m.id)).toEqual([hex(1)])
    await reopened.close()
  })

  it('takes a record torn by a crash (its commit was never acknowledged) as none', async () => {
    const dataDir = await dir()
    const path = join(dataDir, WRITE_AHEAD_FILE)
    const wal = openFileWriteAhead(dataDir)
    expect(wal.pending()).toBeUndefined()
    wal.write(Uint8Array.of(1, 2, 3, 4, 5))
    expect(wal.pending()).toEqual(Uint8Array.of(1, 2, 3, 4, 5))
    wal.close()
    await truncate(path, 10)
    const torn = openFileWriteAhead(dataDir)
    expect(torn.pending()).toBeUndefined()
    torn.close()
    const bytes = Uint8Array.of(0, 0, 0, 1, 0, 0, 0, 0, 9)
    await writeFile(path, bytes)
    const wrongSum = openFileWriteAhead(dataDir)
    expect(wrongSum.pending()).toBeUndefined()
    wrongSum.write(Uint8Array.of(6))
    wrongSum.clear()
    expect(wrongSum.pending()).toBeUndefined()
    wrongSum.close()
    const store = await openNodeProfileStore(dataDir)
    expect(await store.history.count('room:a')).toBe(0)
    await store.close()
  })

  it('keeps every acknowledged message of a process killed while it writes (SIGKILL)', async () => {
    const dataDir = await dir()
    const fixture = fileURLToPath(new URL('./fixtures/append-until-killed.mjs', import.meta.url))
    const child = spawn(process.execPath, [fixture, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
    const acknowledged: string[] = []
    let buffered = ''
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => { resolve(signal) }))
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        acknowledged.push(...lines)
        if (acknowledged.length >= 300) {
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    expect(await exited).toBe('SIGKILL')
    const store = await openNodeProfileStore(dataDir)
    const stored = await store.history.getMany('room:kill', acknowledged)
    expect(stored.filter((m) => m === undefined)).toHaveLength(0)
    await store.close()
  })
})
