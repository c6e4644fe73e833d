/**
 * The identity file that lets a clear profile start libp2p while LevelDB opens
 * (packages/node/src/node/identity-file.ts): written at the first start, used and checked at the
 * next, a typed error when it names another identity, never beside a sealed profile, and a first
 * start killed (SIGKILL) at any moment leaves a profile that starts with one identity. Also: a
 * message sent to a room while a peer restores it is not lost.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { generateIdentity, identitySeed, ready } from '@parley/crypto'
import { createNodePeer, IDENTITY_FILE, openNodeProfileStore } from '@parley/node/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBytes } from '../privacy/support.js'
import { peerPool } from '../support/in-process.js'
import { CLI } from './harness.js'
import { until } from '../support/poll.js'

const FIXTURE = fileURLToPath(new URL('./fixtures/first-start.mjs', import.meta.url))
const CHEAP = { opsLimit: 1, memLimit: 8192 }
const KILLS = 3
const NODE = { listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true }

/** A clear identity record ("PLN1" and a seed), as the profile and the file hold it. */
function recordOf (seed: Uint8Array): Uint8Array {
  return new Uint8Array([0x50, 0x4c, 0x4e, 0x31, ...seed])
}

/** The profile's stored identity record (the profile closed again). */
async function storedRecord (dataDir: string): Promise<Uint8Array | undefined> {
  const store = await openNodeProfileStore(dataDir)
  try {
    return await store.kv('identity').get('self')
  } finally {
    await store.close()
  }
}

async function fileRecord (dataDir: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(join(dataDir, IDENTITY_FILE)))
  } catch {
    return undefined
  }
}

/** Runs the fixture on `dataDir` and kills it (SIGKILL) `killAfterMs` after it said "begin" (a no-op once it is done). */
async function firstStart (dataDir: string, killAfterMs: number): Promise<void> {
  const child = spawn(process.execPath, [FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.on('exit', () => { resolve() }))
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'begin') setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
  })
  await exited
}

describe('the identity file', () => {
  const pool = peerPool('start-file', NODE)
  beforeAll(async () => { await ready() })
  afterAll(async () => { await pool.close() })

  it('is written (0600) at the first start, holds the profile\'s identity, and the next start uses it', async () => {
    const dataDir = await pool.dir()
    const first = await pool.start({ dataDir })
    const peerId = first.peerId
    await pool.stop(first)
    const file = await fileRecord(dataDir)
    expect(file).toEqual(await storedRecord(dataDir))
    expect((await stat(join(dataDir, IDENTITY_FILE))).mode & 0o777).toBe(0o600)
    const again = await pool.start({ dataDir })
    expect(again.peerId).toBe(peerId)
    await pool.stop(again)
  })

  it('the nickname read with the profile\'s check while LevelDB opens is the stored one; a nickname given at start replaces it', async () => {
    const dataDir = await pool.dir()
    const first = await pool.start({ dataDir })
    expect(first.nick).toBe('anonymous')
    await first.setNick('carol')
    await pool.stop(first)
    // The next start takes the fast path (the identity file exists) and reads no nickname of its own.
    expect(await fileRecord(dataDir)).toBeDefined()
    const again = await pool.start({ dataDir })
    expect(again.nick).toBe('carol')
    await pool.stop(again)
    const renamed = await pool.start({ dataDir, nick: 'dave' })
    expect(renamed.nick).toBe('dave')
    await pool.stop(renamed)
    const last = await pool.start({ dataDir })
    expect(last.nick).toBe('dave')
    await pool.stop(last)
  })

  it('naming another identity is IdentityFileMismatchError, and the profile is left closed and whole', async () => {
    const dataDir = await pool.dir()
    const first = await pool.start({ dataDir })
    const peerId = first.peerId
    await pool.stop(first)
    await writeFile(join(dataDir, IDENTITY_FILE), recordOf(identitySeed(generateIdentity())), { mode: 0o600 })
    await expect(createNodePeer({ ...NODE, dataDir })).rejects.toMatchObject({ name: 'IdentityFileMismatchError', dataDir })
    // The command says what is wrong and what to do, and exits as for a damaged profile (3).
    const cli = spawnSync(process.execPath, [CLI, '--json', '--data-dir', dataDir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'], { encoding: 'utf8', input: '', timeout: 60_000 })
    expect(cli.status).toBe(3)
    expect(cli.stderr).toContain('IdentityFileMismatchError')
    expect(cli.stderr).toContain(`Next: remove ${join(dataDir, IDENTITY_FILE)}`)
    // The store was closed (another open succeeds) and still holds the old identity; without the file it starts as itself.
    expect(await storedRecord(dataDir)).toBeDefined()
    await writeFile(join(dataDir, IDENTITY_FILE), new Uint8Array(0))
    const again = await pool.start({ dataDir })
    expect(again.peerId).toBe(peerId)
    await pool.stop(again)
    // A file cut short was taken as absent and written whole again.
    expect(await fileRecord(dataDir)).toEqual(await storedRecord(dataDir))
  })

  it('is never kept beside a sealed profile: sealing removes it, and one found there is removed, not used', async () => {
    const dataDir = await pool.dir()
    const first = await pool.start({ dataDir })
    await pool.stop(first)
    const record = await fileRecord(dataDir) as Uint8Array
    expect(record).toBeDefined()
    const seed = { seed: record.subarray(4) }
    // `parley passphrase` seals through the store's setPassphrase, which removes the file (and a partial one) first.
    await writeFile(join(dataDir, 'identity.key.partial'), record, { mode: 0o600 })
    const store = await openNodeProfileStore(dataDir)
    await store.setPassphrase('a passphrase', CHEAP)
    await store.close()
    expect(await findBytes(dataDir, seed)).toEqual({})
    // A stale copy beside the sealed profile: removed by a start without the passphrase (which is refused)...
    await writeFile(join(dataDir, IDENTITY_FILE), record, { mode: 0o600 })
    await expect(createNodePeer({ ...NODE, dataDir })).rejects.toMatchObject({ name: 'PassphraseRequiredError' })
    expect(await fileRecord(dataDir)).toBeUndefined()
    // ...and by one with it, which starts the sealed way.
    await writeFile(join(dataDir, IDENTITY_FILE), record, { mode: 0o600 })
    const sealed = await pool.start({ dataDir, passphrase: 'a passphrase', keyStore: CHEAP })
    await pool.stop(sealed)
    expect(await findBytes(dataDir, seed)).toEqual({})
    // A profile sealed at its first start never gets one.
    const fresh = await pool.dir()
    await pool.stop(await pool.start({ dataDir: fresh, passphrase: 'a passphrase', keyStore: CHEAP }))
    expect(await fileRecord(fresh)).toBeUndefined()
  })

  it('beside an empty profile (a first start cut off before LevelDB wrote the identity) becomes its identity', async () => {
    const dataDir = await pool.dir()
    const seed = identitySeed(generateIdentity())
    await writeFile(join(dataDir, IDENTITY_FILE), recordOf(seed), { mode: 0o600 })
    const made = await createNodePeer({ ...NODE, dataDir })
    expect(made.created).toBe(true)
    await made.peer.start()
    const peer = pool.adopt(made.peer)
    expect(peer.identity.secretKey.subarray(0, 32)).toEqual(seed)
    await pool.stop(peer)
    expect(await storedRecord(dataDir)).toEqual(recordOf(seed))
  })

  it('a first start killed (SIGKILL) at any moment leaves a profile that starts, with the identity its file names', async () => {
    // A whole first start, timed here (timing a child's would cost a child more), spreads the kill
    // points: at ½, 1 and 1½ of it, since a child's start runs colder than this warm process's.
    const began = performance.now()
    await pool.stop(await pool.start({ dataDir: await pool.dir() }))
    const whole = performance.now() - began
    // The kills run side by side, each child on its own directory.
    const dirs = await Promise.all(Array.from({ length: KILLS }, async () => pool.dir()))
    await Promise.all(dirs.map(async (dataDir, k) => firstStart(dataDir, (1.5 * whole * (k + 1)) / KILLS)))
    for (const dataDir of dirs) {
      const peer = await pool.start({ dataDir })
      await pool.stop(peer)
      expect(await fileRecord(dataDir)).toEqual(await storedRecord(dataDir))
      expect(peer.identity.secretKey.subarray(0, 32)).toEqual((await storedRecord(dataDir))?.subarray(4))
    }
  }, 120_000)
})

describe('a room restored at a restart', () => {
  const pool = peerPool('start-restore', NODE)
  afterAll(async () => { await pool.close() })

  it('loses no message sent to it while the peer restarts and restores it', async () => {
    const rooms = ['restore-a', 'restore-b', 'restore-c']
    const a = await pool.start()
    for (const room of rooms) await a.rooms.join(room)
    const dataDir = await pool.dir()
    let b = await pool.start({ dataDir, bootstrap: [a.addrs()[0]] })
    for (const room of rooms) await b.rooms.join(room)
    await pool.stop(b)
    // A sends all along: before B is back, while it opens its profile and restores the rooms, and after.
    const sent: string[] = []
    let sending = true
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        sent.push((await a.rooms.send(rooms[i % rooms.length], `message ${i}`)).id)
        await new Promise((resolve) => setTimeout(resolve, 15))
      }
    })()
    b = await pool.start({ dataDir, bootstrap: [a.addrs()[0]] })
    const later = sent.length + rooms.length
    await until('B hears A live', async () => {
      if (sent.length <= later) return undefined
      return (await b.rooms.history(rooms[later % rooms.length], { limit: 500 })).messages.some((m) => m.id === sent[later]) || undefined
    }, 30_000)
    sending = false
    await sender
    const canary = (await a.rooms.send(rooms[0], 'canary')).id
    await until('the canary', async () => (await b.rooms.history(rooms[0], { limit: 500 })).messages.some((m) => m.id === canary) || undefined, 30_000)
    const held = new Set<string>()
    await until('every message A sent', async () => {
      for (const room of rooms) for (const m of (await b.rooms.history(room, { limit: 500 })).messages) held.add(m.id)
      return sent.every((id) => held.has(id)) || undefined
    }, 30_000)
    expect(sent.filter((id) => !held.has(id))).toEqual([])
  }, 90_000)
})
