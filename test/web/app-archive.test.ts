/**
 * Moving a profile between the terminal and the browser through backups, in the real app in
 * Chromium, and a browser profile that no longer opens.
 *
 * - Terminal → browser → terminal: Alice's `parley` peer (DMs with Carol, a room) backs up and
 *   stops; the app's "Restore from backup" makes a fresh browser Alice (same PeerId, Carol's
 *   conversation with its history; a wrong passphrase first is refused in plain words); Carol is told Alice's session was reset and DMs flow both
 *   ways on fresh sessions; the conversation's Export menu and Export all download what the
 *   history holds. Then the tab's "Back up" downloads a backup that `parley restore`
 *   turns back into a terminal profile with the same PeerId and the browser's messages. The file
 *   Alice sent from the terminal rides along both ways (terminal blobs → the browser's blob
 *   database → the tab's backup → the terminal again) and is saved byte-identical there with no
 *   peer online.
 * - A damaged profile: the identity record is deleted from the page's IndexedDB; after a reload
 *   the app says the profile did not open, exports what can still be read, and starts a new
 *   profile only after a confirmation, keeping the old records aside.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, type Json, type ParleyProcess } from '../peer/harness.js'
import { appUnderTest, expectMessage, joinRoom, onboard, openConversation, pagePeerId, sendMessage } from './support/app.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()
const PASS = 'moving passphrase'

/** Runs `parley <args>` to completion. */
async function run (args: string[], env: Record<string, string> = {}): Promise<{ status: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { status, stdout, stderr }
}

/** A DM between two `parley` peers, once the receiver shows it. */
async function dm (from: ParleyProcess, to: ParleyProcess, text: string): Promise<void> {
  const id = (await from.ok({ cmd: 'dm', to: to.peerId, text })).message.id as string
  await to.waitFor((e) => e.event === 'dm' && e.id === id, 40_000, `"${text}" to reach ${to.peerId}`)
}

/** Clicks `button` and saves the download it starts into `path`. */
async function download (page: Page, click: () => Promise<void>, path: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()])
  await file.saveAs(path)
  return file.suggestedFilename()
}

describe('moving a profile', () => {
  it('goes from the terminal to the browser and back with the same PeerId and history; the contact is told the session was reset and DMs flow', async () => {
    const { node: carol, url } = await app.servingPeer('carol')
    const alice = await app.cluster.start(undefined, ['--nick', 'alice', '--bootstrap', carol.addr])
    await alice.ok({ cmd: 'contact-add', peer: carol.peerId })
    await carol.ok({ cmd: 'contact-add', peer: alice.peerId })
    await dm(alice, carol, 'from the terminal alice')
    await dm(carol, alice, 'hello terminal alice')
    const dir = await app.cluster.dir()
    const photo = randomBytes(300 * 1024 + 7)
    await writeFile(join(dir, 'photo.bin'), photo)
    const sent = (await alice.ok({ cmd: 'send-file', to: carol.peerId, path: join(dir, 'photo.bin') })).file as Json
    const file = join(dir, 'alice.parley')
    await alice.ok({ cmd: 'backup', path: file, passphrase: PASS })
    await alice.ok({ cmd: 'quit' }).catch(() => undefined)
    await alice.kill()

    const { page } = await app.chromium.newPage()
    await page.goto(url)
    await page.getByRole('button', { name: 'Restore from backup', exact: true }).click()
    await page.getByLabel('Backup file').setInputFiles(file)
    // A wrong passphrase is told in plain words and leaves the browser without a profile, ready for another try.
    await page.getByLabel('Backup passphrase').fill('not the passphrase')
    await page.getByRole('button', { name: 'Restore', exact: true }).click()
    await page.getByRole('alert').getByText('That passphrase does not open this backup', { exact: false }).waitFor({ timeout: 60_000 })
    await page.getByLabel('Backup passphrase').fill(PASS)
    await page.getByRole('button', { name: 'Restore', exact: true }).click()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 90_000 })
    expect(await pagePeerId(page)).toBe(alice.peerId)

    await openConversation(page, 'carol')
    await expectMessage(page, 'from the terminal alice')
    await expectMessage(page, 'hello terminal alice')
    const notice = await carol.waitFor((e) => e.event === 'session-reset' && e.peer === alice.peerId, 60_000, 'the session-reset notice at Carol')
    expect(notice.notice).toBe('alice\'s session was reset')
    await sendMessage(page, 'from the browser alice')
    await carol.waitFor((e) => e.event === 'dm' && e.text === 'from the browser alice', 40_000, 'the browser\'s DM at Carol')
    await carol.ok({ cmd: 'dm', to: alice.peerId, text: 'hello browser alice' })
    await expectMessage(page, 'hello browser alice', 40_000)

    // Exports: the conversation's menu, and every conversation from the Back up panel.
    await page.getByRole('button', { name: 'Export', exact: true }).click()
    const one = join(dir, 'carol.json')
    await download(page, async () => page.getByRole('menuitem', { name: 'JSON' }).click(), one)
    const exported1 = JSON.parse(await readFile(one, 'utf8'))
    expect(exported1.export).toMatchObject({ conversation: `dm:${carol.peerId}`, kind: 'dm' })
    expect(exported1.messages.map((m: Json) => m.text)).toEqual(expect.arrayContaining(['from the terminal alice', 'hello browser alice']))
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await page.getByRole('button', { name: 'Back up', exact: true }).click()
    const form = page.getByRole('form', { name: 'Back up' })
    const all = join(dir, 'all.json')
    await download(page, async () => form.getByRole('button', { name: 'Export all (JSON)' }).click(), all)
    const everything = JSON.parse(await readFile(all, 'utf8'))
    expect(everything.conversations.map((c: Json) => c.export.conversation)).toContain(`dm:${carol.peerId}`)

    // Back to the terminal: the tab's backup, restored by `parley restore`.
    await form.getByLabel('Backup passphrase', { exact: true }).fill(PASS)
    await form.getByLabel('Repeat backup passphrase').fill(PASS)
    const fromBrowser = join(dir, 'from-browser.parley')
    const name = await download(page, async () => form.getByRole('button', { name: 'Download backup' }).click(), fromBrowser)
    expect(name).toMatch(/^parley-backup-alice-\d{4}-\d{2}-\d{2}\.parley$/)
    await page.getByRole('status').getByText(/^Backed up \d+ messages/).waitFor({ timeout: 10_000 })
    await page.close()

    const back = join(dir, 'back-in-terminal')
    const restored = await run(['restore', '--data-dir', back, '--json', fromBrowser], { PARLEY_PASSPHRASE: PASS })
    expect(restored.status, restored.stderr).toBe(0)
    expect(JSON.parse(restored.stdout)).toMatchObject({ event: 'restore', peerId: alice.peerId })
    const exported = await run(['export', '--data-dir', back, '--conversation', carol.peerId, '--format', 'json'])
    expect(exported.status, exported.stderr).toBe(0)
    const texts = (JSON.parse(exported.stdout).messages as Json[]).map((m) => m.text)
    expect(texts).toEqual(expect.arrayContaining(['from the terminal alice', 'hello terminal alice', 'from the browser alice', 'hello browser alice']))
    // The kept file came through the browser: listed, and saved from the restored disk with no one to fetch from.
    const again = await app.cluster.start(back, ['--nick', 'alice'])
    expect((await again.ok({ cmd: 'files' })).files).toEqual([expect.objectContaining({ id: sent.id, kept: true, complete: true })])
    const out = join(dir, 'photo-again.bin')
    expect(await again.send({ cmd: 'save-file', file: sent.id, path: out }, 60_000)).toMatchObject({ ok: true, file: { id: sent.id } })
    expect(Buffer.compare(await readFile(out), photo)).toBe(0)
  }, 300_000)
})

/** Deletes the raw record `key` from the page's profile database (as a damaged or half-evicted IndexedDB would lose it). */
async function deleteRecord (page: Page, key: string): Promise<boolean> {
  return page.evaluate(async (target) => new Promise<boolean>((resolve, reject) => {
    const open = indexedDB.open('level-js-parley-profile')
    open.onerror = () => { reject(open.error ?? new Error('indexedDB.open failed')) }
    open.onsuccess = () => {
      const db = open.result
      const tx = db.transaction('parley-profile', 'readwrite')
      const store = tx.objectStore('parley-profile')
      let deleted = false
      const cursor = store.openCursor()
      cursor.onsuccess = () => {
        const c = cursor.result
        if (c == null) return
        const k = c.key instanceof ArrayBuffer || ArrayBuffer.isView(c.key) ? new TextDecoder().decode(c.key) : typeof c.key === 'string' ? c.key : ''
        if (k === target) {
          c.delete()
          deleted = true
        }
        c.continue()
      }
      tx.oncomplete = () => { db.close(); resolve(deleted) }
      tx.onerror = () => { reject(tx.error ?? new Error('the transaction failed')) }
    }
  }), key)
}

describe('a browser profile that does not open', () => {
  it('says so, exports what can still be read, and starts a new profile only after a confirmation, keeping the old records aside', async () => {
    const { page } = await app.chromium.newPage()
    await page.goto(app.url)
    await onboard(page, 'dora')
    await joinRoom(page, 'kept')
    await sendMessage(page, 'a message worth keeping')
    await expectMessage(page, 'a message worth keeping')
    // The store writes behind the UI: the message is in IndexedDB once a reload shows it.
    await page.reload()
    await openConversation(page, 'kept')
    await expectMessage(page, 'a message worth keeping')

    expect(await deleteRecord(page, '!identity!self')).toBe(true)
    await page.reload()
    await page.getByRole('heading', { name: 'Your profile did not open' }).waitFor({ timeout: 30_000 })
    expect(await page.getByRole('alert').first().innerText()).toContain('damaged')
    expect(await page.locator('.detail').innerText()).toContain('the identity record is missing')

    const salvaged = join(await app.cluster.dir(), 'salvage.json')
    await download(page, async () => page.getByRole('button', { name: 'Export what can still be read' }).click(), salvaged)
    const salvage = JSON.parse(await readFile(salvaged, 'utf8'))
    expect(salvage.conversations.flatMap((c: Json) => c.messages.map((m: Json) => m.text))).toContain('a message worth keeping')

    await page.getByRole('button', { name: 'Start a new profile', exact: true }).click()
    await page.getByRole('group', { name: 'Confirm starting over' }).waitFor()
    await page.getByRole('button', { name: 'Yes, start a new profile' }).click()
    await page.getByRole('textbox', { name: 'Nickname', exact: true }).waitFor({ timeout: 30_000 })
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))
    expect(databases.some((d) => d.startsWith('level-js-parley-profile-aside-'))).toBe(true)
    await onboard(page, 'dora again')
    expect(await pagePeerId(page)).toMatch(/^12D3KooW/)
  }, 180_000)
})
