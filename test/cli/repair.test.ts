/**
 * Damaged profiles, made by a real `parley --json` child on real LevelDB:
 * each kind of damage a disk can do to one file (write-ahead log cut short,
 * table bytes flipped, MANIFEST overwritten, CURRENT removed). The peer
 * either opens with what survived or says exactly what is wrong, and
 * `parley repair` brings back an openable profile with its identity and the
 * verified history it could save, the damaged original left beside it.
 */
import { spawnSync } from 'node:child_process'
import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { ClassicLevel } from 'classic-level'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { until } from '../support/poll.js'

const ROOM = 'lobby'
/** `parley` as a script runs it: --json on loopback. */
const PEER = ['--json', '--no-mdns', '--no-web', '--listen', '/ip4/127.0.0.1/tcp/0']
const cluster = new Cluster()
afterAll(async () => {
  await cluster.close()
  // The copies `parley repair` leaves beside each profile.
  for (const dir of cluster.dirs) {
    for (const f of await readdir(dirname(dir))) if (f.startsWith(`${basename(dir)}.damaged-`)) await rm(join(dirname(dir), f), { recursive: true, force: true })
  }
})

/** Stops a peer the way a user does (quit), so its database is closed cleanly. */
async function stop (p: ParleyProcess): Promise<void> {
  await p.send({ cmd: 'quit' })
  expect(await p.exited).toBe(0)
}

async function texts (p: ParleyProcess): Promise<string[]> {
  const reply = await p.ok({ cmd: 'history', room: ROOM, limit: 500 })
  return reply.messages.map((m: Json) => m.text)
}

/**
 * A profile with history in both kinds of file: `first` messages written in
 * one session (LevelDB turns its log into a table when the next session
 * opens) and `second` more in a second session (still in the log).
 */
async function profile (first = 10, second = 10): Promise<{ dir: string, peerId: string }> {
  const dir = await cluster.dir()
  const a = await cluster.start(dir, ['--nick', 'alice'])
  await a.ok({ cmd: 'join', room: ROOM })
  for (let i = 0; i < first; i++) await a.ok({ cmd: 'send', room: ROOM, text: `one ${i}` })
  await stop(a)
  const b = await cluster.start(dir)
  for (let i = 0; i < second; i++) await b.ok({ cmd: 'send', room: ROOM, text: `two ${i}` })
  await stop(b)
  return { dir, peerId: a.peerId }
}

async function dbFile (dir: string, match: (f: string) => boolean): Promise<string> {
  const files = await readdir(join(dir, 'db'))
  const sized = await Promise.all(files.filter(match).map(async (f) => ({ f, size: (await stat(join(dir, 'db', f))).size })))
  sized.sort((x, y) => y.size - x.size)
  if (sized.length === 0) throw new Error(`no matching file in ${dir}/db: ${files.join(', ')}`)
  return join(dir, 'db', sized[0].f)
}

/** Runs `parley` (not --json) to completion: its status and stderr. */
function runParley (args: string[], passphrase = '', input = ''): { status: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, PARLEY_PASSPHRASE: passphrase } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** `parley repair --json` on `dir`: its status and report. */
function repair (dir: string, passphrase = ''): { status: number | null, report: Json, stderr: string } {
  const r = runParley(['repair', '--data-dir', dir, '--json'], passphrase)
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'))
  return { status: r.status, report: line === undefined ? {} : JSON.parse(line), stderr: r.stderr }
}

/** Asserts what every successful repair leaves: the copy beside, the identity, an openable profile with `atLeast` messages. */
async function expectRepaired (dir: string, peerId: string, atLeast: number): Promise<string[]> {
  const { status, report, stderr } = repair(dir)
  expect(status, stderr).toBe(0)
  expect(report).toMatchObject({ identity: 'ok', opens: true, recovered: true })
  expect(dirname(report.copy)).toBe(dirname(dir))
  expect((await stat(join(report.copy, 'db'))).isDirectory()).toBe(true)
  const p = await cluster.start(dir)
  expect(p.peerId).toBe(peerId)
  const kept = await texts(p)
  expect(kept.length).toBeGreaterThanOrEqual(atLeast)
  await stop(p)
  return kept
}

/** Opens `dir` as a script does and quits at once. */
const openAndQuit = (dir: string): ReturnType<typeof runParley> => runParley(['--data-dir', dir, ...PEER])

/** Asserts that opening `dir` failed with DataDirDamagedError naming the directory and the next step. */
function expectDamagedRefusal (dir: string, r = openAndQuit(dir)): void {
  expect(r.status).toBe(3)
  expect(r.stderr).toContain('DataDirDamagedError')
  expect(r.stderr).toContain(dir)
  expect(r.stderr).toContain(`parley repair --data-dir ${dir}`)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}

// Each case runs the CLI several times synchronously (Argon2id at 256 MiB in the passphrase case): slow on a loaded machine.
describe('a damaged profile', { timeout: 180_000 }, () => {
  it('a write-ahead log cut in half: the peer opens with what survived, and repair keeps it', async () => {
    const { dir, peerId } = await profile()
    const log = await dbFile(dir, (f) => f.endsWith('.log'))
    await truncate(log, Math.floor((await stat(log)).size / 2))
    const p = await cluster.start(dir)
    const survived = await texts(p)
    expect(survived).toEqual(expect.arrayContaining(Array.from({ length: 10 }, (_, i) => `one ${i}`)))
    expect(survived.length).toBeLessThan(20)
    await stop(p)
    expect(await expectRepaired(dir, peerId, survived.length)).toEqual(survived)
  })

  it('table bytes flipped: the peer opens or says the store is damaged, and repair saves the identity and the history it can verify', async () => {
    const { dir, peerId } = await profile(300, 0)
    const table = await dbFile(dir, (f) => f.endsWith('.ldb'))
    const bytes = await readFile(table)
    // Flip 16 bytes at four places in the stored messages (past the identity and the index, which sort first).
    for (const place of [0.45, 0.6, 0.75, 0.9]) {
      const at = Math.floor(bytes.length * place)
      for (let i = at; i < at + 16; i++) bytes[i] ^= 0xff
    }
    await writeFile(table, bytes)
    // LevelDB notices a flip in a compressed block (then the open-time probe refuses the profile);
    // in an uncompressed one it reads the bytes back as they are, and the repair's checks find them.
    const opened = openAndQuit(dir)
    if (opened.status !== 0) expectDamagedRefusal(dir, opened)
    const kept = await expectRepaired(dir, peerId, 1)
    expect(kept.length).toBeLessThan(300)
    // Every message kept is one that was sent, unchanged.
    for (const t of kept) expect(t).toMatch(/^one \d+$/)
  })

  it('MANIFEST overwritten with garbage: the peer says so, names the directory and the repair command; repair brings everything back', async () => {
    const { dir, peerId } = await profile()
    await writeFile(await dbFile(dir, (f) => f.startsWith('MANIFEST-')), Buffer.from('garbage '.repeat(64)))
    expectDamagedRefusal(dir)
    expect((await expectRepaired(dir, peerId, 20)).length).toBe(20)
  })

  it('CURRENT missing: the peer refuses instead of starting an empty database over the files; repair brings everything back', async () => {
    const { dir, peerId } = await profile()
    await rm(join(dir, 'db', 'CURRENT'))
    expectDamagedRefusal(dir)
    expect((await expectRepaired(dir, peerId, 20)).length).toBe(20)
  })

  it('a table file removed with the identity in it: the peer says so; repair exits 3 and points to a backup, the original kept', async () => {
    const { dir } = await profile()
    await rm(await dbFile(dir, (f) => f.endsWith('.ldb')))
    expectDamagedRefusal(dir)
    const r = runParley(['repair', '--data-dir', dir])
    expect(r.status).toBe(3)
    expect(r.stdout).toContain('identity: NOT recovered')
    expect(r.stdout).toContain('Restore the profile from a backup')
    const copy = /kept at (\S+)/.exec(r.stdout)?.[1] ?? ''
    expect(dirname(copy)).toBe(dirname(dir))
    expect((await readdir(join(copy, 'db'))).some((f) => f.endsWith('.log'))).toBe(true)
    // Still refused, rather than opened with a new identity over the old history.
    expectDamagedRefusal(dir)
  })

  it('a profile in use is told apart: parley and repair exit 4 naming the directory, and repair touches nothing', async () => {
    const dir = await cluster.dir()
    const p = await cluster.start(dir)
    for (const r of [runParley(['repair', '--data-dir', dir]), runParley(['--data-dir', dir, ...PEER])]) {
      expect(r.status).toBe(4)
      expect(r.stderr).toContain('DataDirLockedError')
      expect(r.stderr).toContain(dir)
      expect(r.stderr).not.toContain('parley repair')
    }
    expect((await readdir(dirname(dir))).filter((f) => f.startsWith(`${basename(dir)}.damaged-`))).toEqual([])
    await stop(p)
  })

  it('a wrong or missing passphrase is told apart: exit 5, no repair suggested; repair checks a sealed identity with the passphrase', async () => {
    const dir = await cluster.dir()
    expect(runParley(['--data-dir', dir, ...PEER], 'right horse', '{"cmd":"quit","id":1}\n').status).toBe(0)
    for (const [passphrase, name] of [['wrong horse', 'WrongPassphraseError'], ['', 'PassphraseRequiredError']]) {
      const r = runParley(['--data-dir', dir, ...PEER], passphrase)
      expect(r.status).toBe(5)
      expect(r.stderr).toContain(name)
      expect(r.stderr).not.toContain('parley repair')
    }
    expect(repair(dir, 'wrong horse')).toMatchObject({ status: 5, report: { identity: 'wrong-passphrase' } })
    expect(repair(dir, '')).toMatchObject({ status: 0, report: { identity: 'sealed', recovered: true } })
    expect(repair(dir, 'right horse')).toMatchObject({ status: 0, report: { identity: 'ok', recovered: true } })
  })
})

describe('messages lost to damage', () => {
  it('come back by room sync from a peer after repair and restart', async () => {
    const bob = await cluster.start(undefined, ['--nick', 'bob'])
    await bob.ok({ cmd: 'join', room: ROOM })
    const dir = await cluster.dir()
    // The identity and the joined room go to a table (next open), the messages stay in the log.
    const first = await cluster.start(dir, ['--nick', 'alice'])
    await first.ok({ cmd: 'join', room: ROOM })
    await stop(first)
    const alice = await cluster.start(dir, ['--bootstrap', bob.addr])
    const sent: string[] = []
    for (let i = 0; i < 20; i++) {
      sent.push(`lost? ${i}`)
      await alice.ok({ cmd: 'send', room: ROOM, text: sent[i] })
    }
    await until('bob has every message', async () => (await texts(bob)).length === 20)
    await stop(alice)
    const log = await dbFile(dir, (f) => f.endsWith('.log'))
    await truncate(log, Math.floor((await stat(log)).size / 2))
    const { status, report } = repair(dir)
    expect(status).toBe(0)
    const lobby = report.conversations.find((c: Json) => c.conversation === `room:${ROOM}`)
    expect(lobby === undefined ? 0 : lobby.kept).toBeLessThan(20)
    const again = await cluster.start(dir, ['--bootstrap', bob.addr])
    await until('alice has her history back and the gap is closed', async () => {
      const reply = await again.ok({ cmd: 'history', room: ROOM, limit: 500 })
      return reply.messages.length === 20 && reply.incomplete === false
    }, 100_000)
    expect((await texts(again)).sort()).toEqual([...sent].sort())
  }, 150_000)
})

describe('a damaged contact record', () => {
  it('is skipped and reported as CorruptContactError; the peer and the other contacts load', async () => {
    const [good, bad] = await Promise.all([0, 1].map(async () => peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()))
    const dir = await cluster.dir()
    const a = await cluster.start(dir)
    await a.ok({ cmd: 'contact-add', peer: good, petname: 'good' })
    await a.ok({ cmd: 'contact-add', peer: bad, petname: 'bad' })
    await stop(a)
    const db = new ClassicLevel<string, Uint8Array>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.put(`!contacts!${bad}`, new TextEncoder().encode('{"petname": "ba'))
    await db.close()
    const b = await cluster.start(dir)
    expect(b.peerId).toBe(a.peerId)
    await until('the skipped record is reported', () => b.stderr.includes('CorruptContactError'))
    const { contacts } = await b.ok({ cmd: 'contacts' })
    expect(contacts.map((c: Json) => [c.peerId, c.petname])).toEqual([[good, 'good']])
    await stop(b)
  })
})
