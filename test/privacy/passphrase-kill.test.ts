/**
 * A passphrase change killed (SIGKILL) at any moment leaves a profile that opens with the old
 * or the new passphrase, never neither, and holds every record. A child process runs the change
 * with the built store (fixtures/change-passphrase.mjs) and is killed at points spread over one
 * uninterrupted change's duration; the profile is then opened in this process.
 */
import { spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '@parley/node/node'
import type { MessageRecord, ProfileStore, SublevelName } from '@parley/node'

const FIXTURE = fileURLToPath(new URL('./fixtures/change-passphrase.mjs', import.meta.url))
const CHEAP = { opsLimit: 1, memLimit: 8192 }
const KILLS = 4
const CONVERSATIONS = ['room:general', 'dm:12D3KooWSomeContact', 'private:00ff']
const SUBLEVELS: SublevelName[] = ['identity', 'contacts', 'rooms', 'sessions', 'outbox', 'settings', 'mailbox']

const enc = new TextEncoder()
const hex = (n: number): string => n.toString(16).padStart(64, '0')

/** What the profile holds: 3 × 300 messages and a few entries in every key-value sublevel. */
async function fill (store: ProfileStore): Promise<void> {
  for (const [c, conversation] of CONVERSATIONS.entries()) {
    const records: MessageRecord[] = Array.from({ length: 300 }, (_, i) =>
      ({ conversation, id: hex(c * 10_000 + i), timestamp: 1_700_000_000_000 + i * 1000, value: enc.encode(`message ${i} of ${conversation}`) }))
    await store.history.append(records)
  }
  const tx = store.transaction()
  for (const name of SUBLEVELS) for (let i = 0; i < 20; i++) tx.put(name, `${name}:${i}\x00${i}`, enc.encode(`${name} value ${i}`))
  await tx.commit()
}

/** Everything the store reads back, for comparison. */
async function contents (store: ProfileStore): Promise<unknown> {
  const out: Record<string, unknown> = {}
  for (const conversation of CONVERSATIONS) {
    const records: string[] = []
    for await (const r of store.history.range(conversation)) records.push(`${r.id} ${r.timestamp} ${new TextDecoder().decode(r.value)}`)
    out[conversation] = records
  }
  for (const name of SUBLEVELS) {
    const entries: string[] = []
    for await (const [key, value] of store.kv(name).entries()) entries.push(`${key}=${new TextDecoder().decode(value)}`)
    out[name] = entries
  }
  return out
}

/** Runs the fixture; kills it `killAfterMs` after it said "open" (never, when undefined). Resolves with the time from "open" to "done". */
async function change (dir: string, from: string, to: string, killAfterMs?: number): Promise<number> {
  const child = spawn(process.execPath, [FIXTURE, dir, from, to], { stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.on('exit', () => { resolve() }))
  let opened = 0
  let took = -1
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'open') {
      opened = performance.now()
      if (killAfterMs !== undefined) setTimeout(() => { child.kill('SIGKILL') }, killAfterMs)
    } else if (line === 'done') took = performance.now() - opened
  })
  await exited
  return took
}

/** Opens the profile with the first passphrase of `candidates` that opens it; says which ('' = none needed). */
async function openWithEither (dir: string, candidates: string[]): Promise<{ store: ProfileStore, opened: string }> {
  const store = await openNodeProfileStore(dir)
  if (!store.locked) return { store, opened: '' }
  const refused: string[] = []
  for (const candidate of candidates.filter((c) => c !== '')) {
    try {
      await store.unlock(candidate)
      return { store, opened: candidate }
    } catch (err) {
      refused.push((err as Error).name)
    }
  }
  await store.close()
  throw new Error(`the profile opens with neither passphrase: ${refused.join(', ')}`)
}

describe('a passphrase change killed at any moment', () => {
  const dirs: string[] = []
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-kill-'))
    dirs.push(dir)
    return dir
  }
  afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

  /** A profile holding `fill`, clear or sealed under `passphrase`, and what it reads back. */
  async function pristine (passphrase: string): Promise<{ dir: string, expected: unknown }> {
    const dir = await tempDir()
    const store = await openNodeProfileStore(dir)
    await fill(store)
    if (passphrase !== '') await store.setPassphrase(passphrase, CHEAP)
    const expected = await contents(store)
    await store.close()
    return { dir, expected }
  }

  for (const [what, from, to] of [['set', '', 'new one'], ['change', 'old one', 'new one'], ['removal', 'old one', '']] as const) {
    it(`leaves the ${what} undone or done, every record kept`, async () => {
      const { dir, expected } = await pristine(from)
      const measure = join(await tempDir(), 'p')
      await cp(dir, measure, { recursive: true })
      const took = await change(measure, from, to)
      expect(took).toBeGreaterThan(0)
      const outcomes: string[] = []
      for (let i = 0; i < KILLS; i++) {
        const victim = join(await tempDir(), 'p')
        await cp(dir, victim, { recursive: true })
        await change(victim, from, to, took * (i + 0.5) / KILLS)
        // A wrong passphrase is refused by name; neither opening is a failure.
        const { store, opened } = await openWithEither(victim, [from, to])
        outcomes.push(opened === from ? 'old' : 'new')
        expect(await contents(store)).toEqual(expected)
        expect(store.encrypted).toBe(opened !== '')
        await store.close()
        // The open cleared what the change left half-done: the next open finds the same.
        const again = await openWithEither(victim, [opened])
        expect(await contents(again.store)).toEqual(expected)
        await again.store.close()
      }
      // Where the kills landed (old: before the commit point, new: after it), for whoever reads the log.
      console.log(`${what}: killed ${KILLS} times over ${Math.round(took)} ms: ${outcomes.join(' ')}`)
    }, 120_000)
  }

  it('refuses a wrong passphrase by name', async () => {
    const { dir } = await pristine('old one')
    await expect(openNodeProfileStore(dir, { passphrase: 'not it' })).rejects.toThrow(expect.objectContaining({ name: 'WrongPassphraseError' }))
    const locked = await openNodeProfileStore(dir)
    await expect(locked.history.count('room:general')).rejects.toThrow(expect.objectContaining({ name: 'PassphraseRequiredError' }))
    await expect(locked.unlock('not it')).rejects.toThrow(expect.objectContaining({ name: 'WrongPassphraseError' }))
    await locked.unlock('old one')
    expect(await locked.history.count('room:general')).toBe(300)
    await locked.close()
  })
})
