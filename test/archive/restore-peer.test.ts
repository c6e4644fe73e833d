/**
 * Backup and restore with real `parley` processes and LevelDB: Alice, with
 * DMs (edited and reacted to), a room and a private room with Bob, is backed
 * up by her running peer, stopped, restored into a new directory by
 * `parley restore` and started again. She is the same PeerId with the same
 * contacts, rooms, private-room access and history; Bob is told "alice's
 * session was reset" and DMs flow both ways on fresh sessions. Damaged
 * copy is refused with its named error and exit status, and exports match
 * the history. (Every kind of bad file is tested in process in
 * packages/node/test/archive; here, the status of the real command.)
 */
import { spawn } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CLI, Cluster, type Json, type ParleyProcess } from '../peer/harness.js'

const PASS = 'backup passphrase'

/** Runs `parley <args>` to completion; its status, stdout and stderr. */
async function run (args: string[], env: Record<string, string> = {}): Promise<{ status: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { status, stdout, stderr }
}

/** A DM from `from` that `to` shows; its id. */
async function dm (from: ParleyProcess, to: ParleyProcess, text: string): Promise<string> {
  const id = (await from.ok({ cmd: 'dm', to: to.peerId, text })).message.id as string
  await to.waitFor((e) => e.event === 'dm' && e.id === id, 40_000, `"${text}" to reach ${to.peerId}`)
  return id
}

describe('backup and restore of a running profile', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('brings back identity, contacts, rooms, private-room access and history; the contact is told the session was reset and DMs flow both ways', async () => {
    const bob = await cluster.start(undefined, ['--nick', 'bob'])
    let alice = await cluster.start(undefined, ['--nick', 'alice', '--bootstrap', bob.addr])
    await alice.ok({ cmd: 'contact-add', peer: bob.peerId, petname: 'Bobby' })
    await bob.ok({ cmd: 'contact-add', peer: alice.peerId })
    await alice.ok({ cmd: 'verify', peer: bob.peerId })
    const first = await dm(alice, bob, 'hello <script>alert(1)</script> bob')
    const reply = await dm(bob, alice, 'hi alice')
    await alice.ok({ cmd: 'dm-edit', peer: bob.peerId, target: first, text: 'hello bob (edited)' })
    await bob.waitFor((e) => e.event === 'dm-update' && e.id === first && e.edited === true, 30_000, 'the edit at Bob')
    await bob.ok({ cmd: 'dm-react', peer: alice.peerId, target: first, reaction: '👍' })
    await alice.waitFor((e) => e.event === 'dm-update' && e.id === first && e.reactions.length === 1, 30_000, 'the reaction at Alice')
    await alice.ok({ cmd: 'join', room: 'lobby' })
    await bob.ok({ cmd: 'join', room: 'lobby' })
    await alice.ok({ cmd: 'send', room: 'lobby', text: 'room message from alice' })
    const room = (await alice.ok({ cmd: 'private-create', name: 'plans' })).room as string
    await alice.ok({ cmd: 'invite', room, peer: bob.peerId })
    await bob.waitFor((e) => e.event === 'invite' && e.room === room, 30_000, 'Bob\'s invite')
    await bob.ok({ cmd: 'accept', room })
    await alice.ok({ cmd: 'private-send', room, text: 'before the backup' })

    const dir = await cluster.dir()
    const file = join(dir, 'alice.parley')
    const backup = await alice.ok({ cmd: 'backup', path: file, passphrase: PASS })
    expect(backup).toMatchObject({ path: file })
    expect(backup.messages).toBeGreaterThanOrEqual(4)
    // The peer kept running while it wrote the backup.
    await alice.ok({ cmd: 'whoami' })
    const before = {
      dms: (await alice.ok({ cmd: 'dm-history', peer: bob.peerId })).messages,
      lobby: (await alice.ok({ cmd: 'history', room: 'lobby' })).messages,
      plans: (await alice.ok({ cmd: 'private-history', room })).messages,
      contacts: (await alice.ok({ cmd: 'contacts' })).contacts
    }
    const oldId = alice.peerId
    await alice.ok({ cmd: 'quit' }).catch(() => undefined)
    await alice.kill()

    const newDir = join(dir, 'restored')
    const restored = await run(['restore', '--data-dir', newDir, '--json', file], { PARLEY_PASSPHRASE: PASS })
    expect(restored.status, restored.stderr).toBe(0)
    expect(JSON.parse(restored.stdout)).toMatchObject({ event: 'restore', peerId: oldId })

    alice = await cluster.start(newDir, ['--bootstrap', bob.addr])
    expect(alice.peerId).toBe(oldId)
    expect((await alice.ok({ cmd: 'contacts' })).contacts).toEqual(before.contacts)
    expect((await alice.ok({ cmd: 'dm-history', peer: bob.peerId })).messages).toEqual(before.dms)
    expect((await alice.ok({ cmd: 'history', room: 'lobby' })).messages).toEqual(before.lobby)
    expect((await alice.ok({ cmd: 'rooms' })).rooms).toContain('lobby')
    expect((await alice.ok({ cmd: 'private-history', room })).messages).toEqual(before.plans)

    const notice = await bob.waitFor((e) => e.event === 'session-reset' && e.peer === oldId, 40_000, 'the session-reset notice at Bob')
    expect(notice.notice).toBe('alice\'s session was reset')
    await dm(alice, bob, 'after the restore, from alice')
    await dm(bob, alice, 'after the restore, from bob')
    // A completed sync of #lobby with Bob: each has the other's topic subscriptions (the private room's came in the same exchange).
    await alice.waitFor((e) => e.event === 'gap-filled' && e.room === 'lobby', 40_000, 'Alice\'s #lobby sync with Bob')
    const post = (await alice.ok({ cmd: 'private-send', room, text: 'private after the restore' })).message.id as string
    await bob.waitFor((e) => e.event === 'private-message' && e.id === post, 40_000, 'the private post at Bob')
    expect(bob.events.filter((e) => e.event === 'session-reset')).toHaveLength(1)
    // Only one copy runs: the restored one was not told its profile runs elsewhere.
    expect(alice.events.filter((e) => e.event === 'identity-elsewhere')).toEqual([])

    // Exports of the running peer match its history.
    const out = (name: string): string => join(dir, name)
    await alice.ok({ cmd: 'export', conversation: bob.peerId, format: 'json', path: out('dm.json') })
    await alice.ok({ cmd: 'export', conversation: bob.peerId, format: 'html', path: out('dm.html') })
    await alice.ok({ cmd: 'export', conversation: bob.peerId, format: 'md', path: out('dm.md') })
    const history = (await alice.ok({ cmd: 'dm-history', peer: bob.peerId })).messages as Json[]
    const exported = JSON.parse(await readFile(out('dm.json'), 'utf8'))
    expect(exported.export).toMatchObject({ conversation: `dm:${bob.peerId}`, kind: 'dm', title: 'Bobby' })
    expect(exported.messages.map((m: Json) => [m.id, m.text, m.author.peerId, m.author.nick, m.sentAt, m.edited, m.reactions.map((r: Json) => r.reaction)]))
      .toEqual(history.map((m) => [m.id, m.text, m.from, m.nick, m.sentAt, m.edited, m.reactions.map((r: Json) => r.reaction)]))
    expect(exported.messages.find((m: Json) => m.id === reply).author.petname).toBe('Bobby')
    const html = await readFile(out('dm.html'), 'utf8')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('hello bob (edited)')
    expect(html).toContain('after the restore, from bob')
    const md = await readFile(out('dm.md'), 'utf8')
    expect(md).toContain('👍')
    expect(md).toContain('edited')

    // A damaged copy of the same backup: refused with its named error and exit status, nothing written.
    // (Every kind of damage is refused in packages/node/test/archive with real LevelDB; Argon2id makes each try here cost seconds.)
    const tampered = Uint8Array.from(await readFile(file))
    tampered[tampered.length - 40] ^= 0x01
    await writeFile(join(dir, 'tampered.parley'), tampered)
    const result = await run(['restore', '--data-dir', join(dir, 'into-tampered'), join(dir, 'tampered.parley')], { PARLEY_PASSPHRASE: PASS })
    expect([result.status, result.stderr.split(':')[1]?.trim()]).toEqual([6, 'BackupCorruptError'])
    expect((await readdir(dir)).filter((f) => f.startsWith('into-') || f.includes('restoring'))).toEqual([])
  }, 240_000)
})
