import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ready, toHex } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_RESET_KEY } from '../../src/archive/constants.js'
import { backupProfile, restoreProfile } from '../../src/node/archive-files.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { loadOrCreateIdentity } from '../../src/identity-store.js'
import type { MessageRecord, ProfileStore, SublevelName } from '../../src/store/index.js'

const FAST = { opsLimit: 1, memLimit: 8192 * 8 }
const PASS = 'correct horse'
const id = (n: number): string => n.toString(16).padStart(64, '0')
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)

let root: string
beforeAll(async () => {
  await ready()
  root = await mkdtemp(join(tmpdir(), 'parley-archive-'))
})
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

let n = 0
const fresh = (): string => join(root, `p${n++}`)

async function collect<T> (items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** Everything a profile holds, through the store's public API: kv entries by sublevel and every message. */
async function dump (store: ProfileStore): Promise<{ kv: Record<string, Array<[string, string]>>, messages: MessageRecord[] }> {
  const kv: Record<string, Array<[string, string]>> = {}
  for (const name of ['identity', 'settings', 'contacts', 'rooms', 'sessions', 'outbox', 'mailbox'] as SublevelName[]) {
    kv[name] = []
    for await (const [key, value] of store.kv(name).entries()) kv[name].push([key, toHex(value)])
  }
  const messages: MessageRecord[] = []
  // Conversations come in key order, which in a sealed profile is that of their keyed hashes: compare by name.
  for (const c of (await collect(store.history.conversations())).sort()) for await (const m of store.history.range(c)) messages.push(m)
  return { kv, messages }
}

/** A profile with a sealed identity, contacts, rooms, a private room, sessions, an outbox and history in three kinds of conversation. */
async function makeProfile (dataDir: string, messages = 1500): Promise<void> {
  const store = await openNodeProfileStore(dataDir)
  await loadOrCreateIdentity(store, PASS, FAST)
  const tx = store.transaction()
    .put('settings', 'nick', bytes('alice'))
    .put('contacts', '12D3KooWBob', bytes(JSON.stringify({ petname: 'bobby', blocked: false, verifiedKey: 'ab' })))
    .put('rooms', 'public:lobby', new Uint8Array())
    .put('rooms', 'private:' + 'cd'.repeat(16), bytes('room state'))
    .put('rooms', 'joined-private:' + 'cd'.repeat(16), new Uint8Array())
    .put('sessions', 'prekeys', bytes('secret prekeys'))
    .put('sessions', 'peer:12D3KooWBob', bytes('ratchet state'))
    .put('sessions', 'request:12D3KooWEve', bytes('held request'))
    .put('outbox', '12D3KooWBob\x00x', bytes('queued'))
  await tx.commit()
  const conversations = ['dm:12D3KooWBob', 'room:lobby', 'private:' + 'cd'.repeat(16)]
  for (let start = 0; start < messages; start += 500) {
    await store.history.append(Array.from({ length: Math.min(500, messages - start) }, (_, i) => ({
      conversation: conversations[(start + i) % 3], id: id(start + i), timestamp: 1_700_000_000_000 + start + i, value: bytes(`message ${start + i} `.repeat(10))
    })))
  }
  await store.close()
}

async function backupOf (dataDir: string): Promise<string> {
  const file = join(root, `backup-${n++}.parley`)
  await backupProfile({ dataDir, file, passphrase: PASS, keyStore: FAST })
  return file
}

const named = (name: string): unknown => expect.objectContaining({ name })

describe('backup and restore', () => {
  let source: string
  let file: string
  beforeAll(async () => {
    source = fresh()
    await makeProfile(source)
    file = await backupOf(source)
  })

  it('restores every entry and message, without Double Ratchet sessions or prekeys, and marks the session reset', async () => {
    const target = fresh()
    const summary = await restoreProfile({ dataDir: target, file, passphrase: PASS })
    expect(summary).toMatchObject({ messages: 1500, conversations: 3, nick: 'alice' })
    const before = await openNodeProfileStore(source, { passphrase: PASS })
    const after = await openNodeProfileStore(target, { passphrase: PASS })
    try {
      // The source's identity sealed its whole profile under PASS; the restored profile is sealed under it too.
      expect(before.encrypted && after.encrypted).toBe(true)
      const a = await dump(before)
      const b = await dump(after)
      expect(b.messages).toEqual(a.messages)
      for (const name of ['identity', 'contacts', 'rooms', 'outbox', 'mailbox']) expect(b.kv[name]).toEqual(a.kv[name])
      expect(b.kv.sessions.map(([k]) => k)).toEqual(['request:12D3KooWEve'])
      expect(b.kv.settings.map(([k]) => k).sort()).toEqual(['nick', SESSION_RESET_KEY])
      expect((await loadOrCreateIdentity(after, PASS)).identity.publicKey).toEqual((await loadOrCreateIdentity(before, PASS)).identity.publicKey)
    } finally {
      await before.close()
      await after.close()
    }
  })

  it('restores into an empty directory, and refuses one that holds anything', async () => {
    const empty = fresh()
    await mkdir(empty)
    await restoreProfile({ dataDir: empty, file, passphrase: PASS })
    const full = fresh()
    await mkdir(full)
    await writeFile(join(full, 'note'), 'mine')
    await expect(restoreProfile({ dataDir: full, file, passphrase: PASS })).rejects.toThrow(named('RestoreTargetNotEmptyError'))
    expect(await readdir(full)).toEqual(['note'])
  })

  it('refuses a wrong passphrase, a changed byte, a cut file, a newer format and a non-backup, leaving nothing behind', async () => {
    const original = await readFile(file)
    const variants: Array<[string, Uint8Array, string?]> = []
    const tampered = Uint8Array.from(original)
    tampered[Math.floor(tampered.length / 2)] ^= 0x01
    variants.push(['BackupCorruptError', tampered])
    variants.push(['BackupTruncatedError', original.subarray(0, original.length - 100)])
    variants.push(['BackupTruncatedError', original.subarray(0, 40)])
    const newer = Uint8Array.from(original)
    newer[8] = 3
    variants.push(['BackupVersionError', newer])
    variants.push(['NotABackupError', bytes('hello, this is not a backup at all')])
    variants.push(['WrongPassphraseError', original, 'wrong horse'])
    const trailing = new Uint8Array(original.length + 8)
    trailing.set(original)
    variants.push(['BackupCorruptError', trailing])
    for (const [name, content, passphrase] of variants) {
      const bad = join(root, `bad-${n++}`)
      await writeFile(bad, content)
      const target = fresh()
      await expect(restoreProfile({ dataDir: target, file: bad, passphrase: passphrase ?? PASS }), name).rejects.toThrow(named(name))
      expect((await readdir(root)).filter((f) => f.includes('restoring') || f === target.slice(root.length + 1))).toEqual([])
    }
  })

  it('backs up with the profile\'s passphrase only, and leaves no partial file when it fails', async () => {
    const out = join(root, 'refused.parley')
    await expect(backupProfile({ dataDir: source, file: out, passphrase: 'wrong', keyStore: FAST })).rejects.toThrow(named('WrongPassphraseError'))
    await expect(backupProfile({ dataDir: fresh(), file: out, passphrase: PASS, keyStore: FAST })).rejects.toThrow(named('NoProfileError'))
    expect((await readdir(root)).filter((f) => f.includes('refused'))).toEqual([])
  })

  it('refuses to back up a profile a running peer holds open (DataDirLockedError)', async () => {
    const store = await openNodeProfileStore(source)
    try {
      await expect(backupOf(source)).rejects.toThrow(named('DataDirLockedError'))
    } finally {
      await store.close()
    }
  })
})
