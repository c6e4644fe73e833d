import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ClassicLevel } from 'classic-level'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { historyStoreSuite } from './history-store-suite.js'
import { named, storeUnderTest } from './suite/helpers.js'

const tempDir = async (): Promise<string> => mkdtemp(join(tmpdir(), 'parley-store-'))

historyStoreSuite('classic-level', async () => {
  const dir = await tempDir()
  return storeUnderTest(async () => openNodeProfileStore(dir), async () => { await rm(dir, { recursive: true, force: true }) })
}, { exclusiveLock: true })

/** Argon2id at libsodium's minimum cost: tests seal and open many times. */
const CHEAP = { opsLimit: 1, memLimit: 8192 }

historyStoreSuite('classic-level, sealed under a passphrase', async () => {
  const dir = await tempDir()
  let fresh = true
  return storeUnderTest(async () => {
    const store = await openNodeProfileStore(dir, { passphrase: 'suite passphrase' })
    if (fresh) await store.setPassphrase('suite passphrase', CHEAP)
    fresh = false
    return store
  }, async () => { await rm(dir, { recursive: true, force: true }) })
}, { exclusiveLock: true, tiesById: false })

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

  it('opens a database whose creation was cut short before CURRENT (a first start killed), and refuses one that had stored data', async () => {
    // What LevelDB leaves when killed between writing its first manifest and naming it in CURRENT.
    const cut = await dir()
    await mkdir(join(cut, 'db'), { recursive: true })
    for (const f of ['LOCK', 'LOG', 'MANIFEST-000001', '000002.dbtmp']) await writeFile(join(cut, 'db', f), f === 'MANIFEST-000001' ? Uint8Array.of(1, 2, 3) : new Uint8Array())
    const store = await openNodeProfileStore(cut)
    await store.kv('settings').put('k', Uint8Array.of(7))
    await store.close()
    expect((await stat(join(cut, 'db', 'CURRENT'))).isFile()).toBe(true)
    // The same with a write-ahead log beside it: something was stored, and CURRENT is lost.
    const damaged = await dir()
    await mkdir(join(damaged, 'db'), { recursive: true })
    for (const f of ['LOCK', 'LOG', 'MANIFEST-000001', '000003.log']) await writeFile(join(damaged, 'db', f), Uint8Array.of(1))
    await expect(openNodeProfileStore(damaged)).rejects.toThrow(named('DataDirDamagedError', { message: expect.stringContaining('CURRENT') }))
  })

  it('with the peer\'s check (reads asked for while LevelDB opens): a profile held open is DataDirLockedError, one without its identity record DataDirDamagedError, a sealed one opens locked', async () => {
    const dataDir = await dir()
    const holder = await openNodeProfileStore(dataDir, { check: true })
    await holder.kv('identity').put('self', Uint8Array.of(1, 2, 3))
    await holder.kv('settings').put('nick', Uint8Array.of(7))
    // The probe's and the store's reads wait behind the failing open: the error is the open's own.
    await expect(openNodeProfileStore(dataDir, { check: true })).rejects.toThrow(named('DataDirLockedError', { dataDir }))
    await holder.close()
    const whole = await openNodeProfileStore(dataDir, { check: true })
    expect(await whole.kv('settings').get('nick')).toEqual(Uint8Array.of(7))
    await whole.kv('identity').del('self')
    await whole.close()
    await expect(openNodeProfileStore(dataDir, { check: true })).rejects.toThrow(named('DataDirDamagedError', { dataDir, message: expect.stringContaining('identity record is missing') }))
    // The refused open closed the database: it opens again, and once sealed opens locked with the check.
    const plain = await openNodeProfileStore(dataDir)
    await plain.kv('identity').put('self', Uint8Array.of(1, 2, 3))
    await plain.setPassphrase('check passphrase', CHEAP)
    await plain.close()
    const sealed = await openNodeProfileStore(dataDir, { check: true })
    expect(sealed.locked).toBe(true)
    await sealed.unlock('check passphrase')
    expect(await sealed.kv('settings').get('nick')).toEqual(Uint8Array.of(7))
    await sealed.close()
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

  it('a sealed page that holds an altered or moved record is CorruptRecordError; the pages and records around it still read', async () => {
    const dataDir = await dir()
    const store = await openNodeProfileStore(dataDir)
    await store.setPassphrase('pass', CHEAP)
    const records = Array.from({ length: 120 }, (_, i) => ({ conversation: 'room:r', id: i.toString(16).padStart(64, '0'), timestamp: 1_000 + i, value: Uint8Array.of(i) }))
    await store.history.append(records)
    await store.close()
    // Outside damage: one record's last byte flipped in the newest page, two records swapped in the oldest.
    const raw = new ClassicLevel<string, Uint8Array>(join(dataDir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    const entries = await raw.iterator({ gte: '!x-messages!', lt: '!x-messages"' }).all()
    expect(entries).toHaveLength(120)
    const flipped = entries[100][1].slice()
    flipped[flipped.length - 1] ^= 1
    await raw.batch([
      { type: 'put', key: entries[100][0], value: flipped },
      { type: 'put', key: entries[3][0], value: entries[4][1] },
      { type: 'put', key: entries[4][0], value: entries[3][1] }
    ])
    await raw.close()
    const sealed = await openNodeProfileStore(dataDir, { passphrase: 'pass' })
    await expect(sealed.history.page('room:r', { limit: 50 })).rejects.toThrow(named('CorruptRecordError', { message: expect.stringContaining('does not open') }))
    // The newest 19 are after the damage: they read, and name the page that holds it.
    const newest = await sealed.history.page('room:r', { limit: 19 })
    expect(newest.messages.map((r) => r.timestamp)).toEqual(records.slice(101).map((r) => r.timestamp))
    await expect(sealed.history.page('room:r', { limit: 50, before: newest.before })).rejects.toThrow(named('CorruptRecordError'))
    const some = await sealed.history.getMany('room:r', [records[50].id, records[99].id, records[101].id, 'f'.repeat(64)])
    expect(some.map((r) => r?.value)).toEqual([Uint8Array.of(50), Uint8Array.of(99), Uint8Array.of(101), undefined])
    await expect(sealed.history.get('room:r', records[100].id)).rejects.toThrow(named('CorruptRecordError'))
    await expect(sealed.history.getMany('room:r', [records[3].id])).rejects.toThrow(named('CorruptRecordError'))
    const oldest = sealed.history.range('room:r', { limit: 10 })
    await expect((async () => { for await (const record of oldest) expect(record).toBeDefined() })()).rejects.toThrow(named('CorruptRecordError'))
    const late = []
    for await (const record of sealed.history.range('room:r', { from: 1_005, to: 1_100 })) late.push(record.timestamp)
    expect(late).toEqual(records.slice(5, 100).map((r) => r.timestamp))
    await sealed.close()
  })
})
