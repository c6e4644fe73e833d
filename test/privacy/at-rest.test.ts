/**
 * A profile at rest, with the real `parley --json` (packages/node/dist): with a passphrase no
 * file of the data directory holds a message, nickname, room name, contact or key; without one
 * the start says what lies in clear; the directory is private (0700, files 0600), and a wider
 * one is tightened and said; `parley passphrase` sets, changes and removes the passphrase.
 */
import { spawnSync } from 'node:child_process'
import { chmod, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '@parley/node/node'
import { CLI, Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { findBytes, modes } from './support.js'

const PASSPHRASE = 'correct horse battery staple'
const ROOM = 'canaryroom-7f3a'
const NICK = 'CanaryNick-Q8z'
const TEXT = 'CanaryText-sealed-4b1e'
const REPLY = 'CanaryText-reply-9d0c'
const DM = 'CanaryText-dm-e21f'

/** Runs `parley <args>` to completion with `env` added. */
function parley (args: string[], env: Record<string, string> = {}): { status: number | null, stdout: string, stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input: '', env: { ...process.env, ...env } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

async function stop (p: ParleyProcess): Promise<void> {
  await p.ok({ cmd: 'quit' })
  await p.exited
}

describe('a profile at rest', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('sealed under a passphrase holds no message, nickname, room name, contact or key in any file; a clear one does, and says so', async () => {
    const sealedDir = await cluster.dir()
    const passFile = join(await cluster.dir(), 'passphrase')
    await writeFile(passFile, PASSPHRASE + '\n')
    const clear = await cluster.start(undefined, ['--nick', 'clear-peer'])
    const sealed = await cluster.start(sealedDir, ['--passphrase-file', passFile, '--nick', NICK, '--bootstrap', clear.addr])
    expect(clear.stderr).toContain('this profile has no passphrase')
    expect(sealed.stderr).not.toContain('this profile has no passphrase')
    await Promise.all([sealed.ok({ cmd: 'join', room: ROOM }), clear.ok({ cmd: 'join', room: ROOM })])
    const sent = (await sealed.ok({ cmd: 'send', room: ROOM, text: TEXT })).message as Json
    await clear.waitFor((e) => e.event === 'message' && e.id === sent.id, 45_000, 'the sealed peer\'s message')
    const reply = (await clear.ok({ cmd: 'send', room: ROOM, text: REPLY })).message as Json
    await sealed.waitFor((e) => e.event === 'message' && e.id === reply.id, 45_000, 'the reply')
    await sealed.ok({ cmd: 'contact-add', peer: clear.peerId })
    await sealed.ok({ cmd: 'dm', to: clear.peerId, text: DM })
    await clear.waitFor((e) => e.event === 'request' || (e.event === 'dm' && e.text === DM), 45_000, 'the DM')
    await Promise.all([stop(sealed), stop(clear)])

    // Every value the sealed profile holds, read back through the store: none may be in a file as it is.
    const store = await openNodeProfileStore(sealedDir, { passphrase: PASSPHRASE })
    const values: Record<string, Uint8Array> = {}
    for (const name of ['identity', 'contacts', 'rooms', 'sessions', 'outbox', 'settings', 'mailbox'] as const) {
      for await (const [key, value] of store.kv(name).entries()) if (value.length >= 12) values[`${name}/${key}`] = value
    }
    const history = (await store.history.page(`room:${ROOM}`, { limit: 10 })).messages
    for (const m of history) values[`history/${m.id}`] = m.value
    const seed = values['identity/self'].subarray(4)
    await store.close()
    expect(history.length).toBeGreaterThanOrEqual(2)
    expect(Object.keys(values).some((k) => k.startsWith('sessions/'))).toBe(true)

    const canaries = { TEXT, REPLY, DM, NICK, ROOM, contact: clear.peerId, self: sealed.peerId, seed, ...values }
    expect(await findBytes(sealedDir, canaries)).toEqual({})
    // The same scan finds what a clear profile keeps: it can fail.
    const seen = await findBytes(clear.dataDir, { TEXT, REPLY, ROOM, nick: 'clear-peer' })
    expect(Object.keys(seen).sort()).toEqual(['REPLY', 'ROOM', 'TEXT', 'nick'])
  })

  it('makes the data directory 0700 and its files 0600, and tightens a wider one with a warning', async () => {
    const dir = join(await cluster.dir(), 'profile')
    const p = await cluster.start(dir, ['--nick', 'modes'])
    await stop(p)
    const first = await modes(dir)
    expect(Object.entries(first).filter(([path, mode]) => mode !== (path === '.' || path === 'db' ? '700' : '600'))).toEqual([])
    await chmod(dir, 0o755)
    await chmod(join(dir, 'db', 'CURRENT'), 0o644)
    const again = await cluster.start(dir, ['--nick', 'modes'])
    expect(again.stderr).toMatch(/was open to other users; made it private .*\. \(was 755\).*db\/CURRENT \(was 644\)/)
    await stop(again)
    expect(Object.entries(await modes(dir)).filter(([path, mode]) => mode !== (path === '.' || path === 'db' ? '700' : '600'))).toEqual([])
  })

  it('sets, changes and removes the passphrase with parley passphrase; a wrong one is exit status 5', async () => {
    const dir = await cluster.dir()
    const p = await cluster.start(dir, ['--nick', 'owner'])
    await p.ok({ cmd: 'join', room: ROOM })
    const kept = (await p.ok({ cmd: 'send', room: ROOM, text: TEXT })).message as Json
    await stop(p)
    const base = ['passphrase', '--data-dir', dir, '--json', '--kdf-cost', 'interactive']

    const set = parley(base, { PARLEY_NEW_PASSPHRASE: 'first one' })
    expect(set.status).toBe(0)
    expect(JSON.parse(set.stdout)).toMatchObject({ event: 'passphrase', change: 'set', state: 'sealed' })
    expect(await findBytes(dir, { TEXT })).toEqual({})

    const wrong = parley(base, { PARLEY_PASSPHRASE: 'not it', PARLEY_NEW_PASSPHRASE: 'second one' })
    expect(wrong.status).toBe(5)
    expect(wrong.stderr).toContain('WrongPassphraseError')
    const none = parley(base, { PARLEY_NEW_PASSPHRASE: 'second one' })
    expect(none.status).toBe(5)
    expect(none.stderr).toContain('PassphraseRequiredError')

    const changed = parley(base, { PARLEY_PASSPHRASE: 'first one', PARLEY_NEW_PASSPHRASE: 'second one' })
    expect(JSON.parse(changed.stdout)).toMatchObject({ change: 'changed', state: 'sealed' })

    // Removing it needs the changed passphrase, and opens the profile with it.
    const removed = parley([...base, '--remove'], { PARLEY_PASSPHRASE: 'second one' })
    expect(JSON.parse(removed.stdout)).toMatchObject({ change: 'removed', state: 'clear' })
    expect(Object.keys(await findBytes(dir, { TEXT }))).toEqual(['TEXT'])
    const open = await cluster.start(dir)
    expect(open.stderr).toContain('this profile has no passphrase')
    expect(((await open.ok({ cmd: 'history', room: ROOM })).messages as Json[]).map((m) => m.text)).toContain(kept.text)
  }, 180_000)
})
