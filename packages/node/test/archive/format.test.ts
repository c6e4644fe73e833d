import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ready } from '@parley/crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupStream, readBackup } from '../../src/archive/index.js'
import { MAX_RECORD_BYTES } from '../../src/archive/constants.js'
import { parseRecords } from '../../src/archive/format.js'
import { backupToFile } from '../../src/node/archive-files.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { loadOrCreateIdentity } from '../../src/identity-store.js'
import type { ProfileStore } from '../../src/store/index.js'

const FAST = { opsLimit: 1, memLimit: 8192 * 8 }
const INIT = { passphrase: 'pw', peerId: 'p', nick: 'n', keyStore: FAST }
const TYPED = ['NotABackupError', 'BackupVersionError', 'BackupCorruptError', 'BackupTruncatedError', 'WrongPassphraseError']

let dir: string
let store: ProfileStore
let backup: Uint8Array
beforeAll(async () => {
  await ready()
  dir = await mkdtemp(join(tmpdir(), 'parley-format-'))
  store = await openNodeProfileStore(join(dir, 'profile'))
  await loadOrCreateIdentity(store)
  // Values large enough for several chunks.
  await store.history.append(Array.from({ length: 40 }, (_, i) => ({ conversation: `room:r${i % 3}`, id: i.toString(16).padStart(64, '0'), timestamp: 1000 + i, value: new Uint8Array(5000).fill(i) })))
  const parts: Uint8Array[] = []
  for await (const part of backupStream(store, INIT)) parts.push(part)
  backup = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { backup.set(p, at); at += p.length }
})
afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** Reads a whole backup from memory, in pieces of `piece` bytes; the error's name, or 'ok'. */
async function read (bytes: Uint8Array, piece = 4096): Promise<string> {
  const pieces: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += piece) pieces.push(bytes.subarray(at, at + piece))
  try {
    for await (const _ of readBackup(pieces, 'pw')) { /* every record */ }
    return 'ok'
  } catch (err) {
    return (err as Error).name
  }
}

describe('backup format', () => {
  it('reads back whole, whatever the read sizes', async () => {
    for (const piece of [7, 4096, 1 << 20]) expect(await read(backup, piece)).toBe('ok')
  })

  it('refuses any changed byte with a typed error', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: backup.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
      const changed = Uint8Array.from(backup)
      changed[at] ^= flip
      const name = await read(changed)
      expect(TYPED).toContain(name)
      // Only the prefix and the first (meta) chunk can read as a wrong passphrase or a foreign file.
      if (at > 9 + 54 + 200) expect(['BackupCorruptError', 'BackupTruncatedError']).toContain(name)
    }), { numRuns: 60 })
  })

  it('refuses any cut with BackupTruncatedError (NotABackupError before the format byte)', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: backup.length - 1 }), async (length) => {
      expect(await read(backup.subarray(0, length))).toBe(length < 9 ? 'NotABackupError' : 'BackupTruncatedError')
    }), { numRuns: 60 })
  })

  it('parses garbage plaintext into records or BackupCorruptError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        for (const _ of parseRecords(bytes)) { /* every record */ }
      } catch (err) {
        expect((err as Error).name).toBe('BackupCorruptError')
      }
    }), { numRuns: 300 })
  })

  it('round-trips a largest record after a nearly full chunk, and refuses a larger one', async () => {
    const big = await openNodeProfileStore(join(dir, 'big'))
    try {
      await big.kv('settings').put('a', new Uint8Array(60_000))
      await big.kv('settings').put('b', new Uint8Array(MAX_RECORD_BYTES - 100))
      const parts: Uint8Array[] = []
      for await (const part of backupStream(big, INIT)) parts.push(part)
      const records = []
      for await (const r of readBackup(parts, 'pw')) records.push(r)
      expect(records.filter((r) => r.entry !== undefined).map((r) => r.entry?.value.length)).toEqual([60_000, MAX_RECORD_BYTES - 100])
      await big.kv('settings').put('c', new Uint8Array(MAX_RECORD_BYTES))
      await expect(async () => { for await (const _ of backupStream(big, INIT)) { /* every chunk */ } }).rejects.toThrow(expect.objectContaining({ name: 'BackupRecordTooLargeError' }))
    } finally {
      await big.close()
    }
  })

  it('leaves no file behind when a backup fails half-way', async () => {
    const other = await openNodeProfileStore(join(dir, 'closing'))
    await other.history.append(Array.from({ length: 2000 }, (_, i) => ({ conversation: 'room:a', id: i.toString(16).padStart(64, '0'), timestamp: i, value: new Uint8Array(1000) })))
    const out = join(dir, 'half.parley')
    const written = backupToFile(other, out, INIT)
    // The store closes under the backup: its reads fail part-way.
    setTimeout(() => { void other.close() }, 5)
    await expect(written).rejects.toThrow(expect.objectContaining({ name: 'StoreClosedError' }))
    expect((await readdir(dir)).filter((f) => f.includes('half'))).toEqual([])
  })
})
