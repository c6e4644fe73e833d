/**
 * Files in the real app (two Chromium tabs) and a real `parley --json` peer in one public room:
 * the browser sends an image (through "Attach file", with a progress bar) that the Node peer lists
 * and saves byte for byte, and another tab shows inline (its thumbnail first, full size on click);
 * the browser downloads a file the Node peer sent, with a progress bar, and the bytes match; a
 * voice note recorded from Chromium's fake microphone is sent and plays back (at the other tab too);
 * a file dropped onto the conversation is sent, and an image pasted into a DM's composer.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appUnderTest, joinRoom, onboard, pageConnections, pagePeerId } from './support/app.js'
import { until } from '../support/poll.js'
import type { Json } from '../peer/harness.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()

/** A noisy PNG drawn by the page itself (so it is one the browser decodes), as bytes. */
async function drawPng (page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(async ([w, h]) => {
    const canvas = new OffscreenCanvas(w, h)
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D
    const pixels = context.createImageData(w, h)
    crypto.getRandomValues(pixels.data.subarray(0, 65536))
    for (let i = 0; i < pixels.data.length; i++) pixels.data[i] = i % 4 === 3 ? 255 : (pixels.data[i % 65536] + i) & 255
    context.putImageData(pixels, 0, 0)
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer())
    let binary = ''
    for (const b of bytes) binary += String.fromCharCode(b)
    return btoa(binary)
  }, [width, height])
  return Buffer.from(base64, 'base64')
}

/** Records every aria-valuenow a progress bar named `label` shows from now on, in `window.progress[label]`. */
async function watchProgress (page: Page, label: string): Promise<void> {
  await page.evaluate((name) => {
    const w = window as unknown as { progress?: Record<string, number[]> }
    w.progress ??= {}
    const seen: number[] = w.progress[name] = []
    const look = (): void => {
      for (const bar of document.querySelectorAll(`[role="progressbar"][aria-label="${CSS.escape(name)}"]`)) {
        const now = Number(bar.getAttribute('aria-valuenow'))
        if (seen.at(-1) !== now) seen.push(now)
      }
    }
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] })
  }, label)
}

async function progressSeen (page: Page, label: string): Promise<number[]> {
  return page.evaluate((name) => (window as unknown as { progress: Record<string, number[]> }).progress[name], label)
}

describe('files in the app', () => {
  it('sends an image a Node peer lists and another tab shows inline, downloads a Node peer\'s file with progress, sends a voice note that plays, a dropped file, and an image pasted into a DM', async () => {
    const { node, url } = await app.servingPeer('nodey')
    await node.ok({ cmd: 'join', room: 'files' })
    const { page: alice } = await app.chromium.newPage()
    const { page: bob } = await app.chromium.newPage()
    await Promise.all([alice.goto(url), bob.goto(url)])
    await onboard(alice, 'alice')
    await onboard(bob, 'bob')
    for (const page of [alice, bob]) {
      await until('a connection to the serving peer', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
      await joinRoom(page, 'files')
    }
    const dir = await app.cluster.dir()

    // An image, attached with the file chooser: a progress bar while it is sealed and sent.
    const png = await drawPng(alice, 640, 480)
    await watchProgress(alice, 'Sending photo.png')
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.getByRole('button', { name: 'Attach file', exact: true }).click()])
    await chooser.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png })
    const arrived = await node.waitFor((e) => e.event === 'file' && e.name === 'photo.png', 30_000, 'the image at the Node peer')
    expect((await progressSeen(alice, 'Sending photo.png')).length).toBeGreaterThan(0)
    const { files } = await node.ok({ cmd: 'files', conversation: 'room:files' }) as { files: Json[] }
    expect(files).toContainEqual(expect.objectContaining({ id: arrived.id, name: 'photo.png', type: 'image/png', size: png.length, outgoing: false }))
    expect(typeof arrived.thumbnail).toBe('string')
    const saved = join(dir, 'photo.png')
    await node.ok({ cmd: 'save-file', file: arrived.id, path: saved })
    expect((await readFile(saved)).equals(png)).toBe(true)

    // Bob's tab: the thumbnail at once, the full image (fetched from a holder) on click.
    const bobLog = bob.getByRole('log', { name: 'Messages' })
    const preview = bobLog.getByRole('button', { name: 'Show photo.png', exact: true })
    await preview.waitFor({ timeout: 30_000 })
    const thumb = await preview.locator('img').evaluate(async (img: HTMLImageElement) => { await img.decode(); return { w: img.naturalWidth, h: img.naturalHeight } })
    expect(thumb.w).toBeGreaterThan(0)
    expect(Math.max(thumb.w, thumb.h)).toBeLessThanOrEqual(192)
    await preview.click()
    const full = bobLog.getByRole('img', { name: 'photo.png', exact: true })
    await full.waitFor({ timeout: 30_000 })
    expect(await full.evaluate(async (img: HTMLImageElement) => { await img.decode(); return img.naturalWidth })).toBe(640)

    // A file from the Node peer: a card with Download, a progress bar, then the browser's download.
    const sentBytes = randomBytes(3 * 1024 * 1024 + 1234)
    const source = join(dir, 'data.bin')
    await writeFile(source, sentBytes)
    await node.ok({ cmd: 'send-file', room: 'files', path: source })
    const aliceLog = alice.getByRole('log', { name: 'Messages' })
    const download = aliceLog.getByRole('button', { name: 'Download data.bin', exact: true })
    await download.waitFor({ timeout: 30_000 })
    await aliceLog.getByText('3.0 MiB').waitFor()
    await watchProgress(alice, 'Fetching data.bin')
    const [saving] = await Promise.all([alice.waitForEvent('download', { timeout: 60_000 }), download.click()])
    expect(saving.suggestedFilename()).toBe('data.bin')
    expect((await readFile(await saving.path())).equals(sentBytes)).toBe(true)
    const seen = await progressSeen(alice, 'Fetching data.bin')
    expect(seen[0]).toBe(0)
    expect(seen.at(-1)).toBe(100)

    // A voice note from the fake microphone: sent as audio, played inline.
    await alice.getByRole('button', { name: 'Record voice note', exact: true }).click()
    const stop = alice.getByRole('button', { name: 'Stop recording', exact: true })
    await stop.waitFor()
    await alice.waitForTimeout(1500)
    await stop.click()
    const note = await node.waitFor((e) => e.event === 'file' && String(e.name).startsWith('voice-note-'), 30_000, 'the voice note at the Node peer')
    expect(note.type).toMatch(/^audio\//)
    expect(note.size).toBeGreaterThan(1000)
    const audio = aliceLog.locator('audio')
    await audio.waitFor({ timeout: 30_000 })
    const playing = await audio.evaluate(async (el: HTMLAudioElement) => {
      el.muted = true
      await el.play()
      await new Promise((resolve) => { el.addEventListener('timeupdate', resolve, { once: true }) })
      return { readyState: el.readyState, duration: el.duration, currentTime: el.currentTime }
    })
    expect(playing.readyState).toBeGreaterThanOrEqual(2)
    expect(playing.duration).toBeGreaterThan(0)
    expect(playing.currentTime).toBeGreaterThan(0)
    // Bob plays it too, fetched from a member that holds it (the Node peer saves it first).
    await node.ok({ cmd: 'save-file', file: note.id, path: join(dir, 'note.webm') })
    await bobLog.getByRole('button', { name: `Play ${String(note.name)}`, exact: true }).click({ timeout: 30_000 })
    await until('the voice note to load at bob', async () => bobLog.locator('audio').evaluate((el: HTMLAudioElement) => el.readyState >= 1 && el.duration > 0 ? true : undefined), 30_000)

    // A file dropped onto the conversation is sent.
    await bob.locator('main.conversation').evaluate((main) => {
      const data = new DataTransfer()
      data.items.add(new File(['dropped bytes'], 'dropped.txt', { type: 'text/plain' }))
      main.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      main.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    const dropped = await node.waitFor((e) => e.event === 'file' && e.name === 'dropped.txt', 30_000, 'the dropped file at the Node peer')
    expect(dropped).toMatchObject({ conversation: 'room:files', size: 13, type: 'text/plain' })

    // In a DM: an image pasted into the composer is sent to the Node peer.
    await node.ok({ cmd: 'contact-add', peer: await pagePeerId(alice) })
    await node.ok({ cmd: 'dm', to: await pagePeerId(alice), text: 'send me a picture' })
    await alice.getByRole('button', { name: 'Accept nodey', exact: true }).click({ timeout: 30_000 })
    await alice.getByRole('heading', { name: 'nodey' }).waitFor({ timeout: 10_000 })
    const small = await drawPng(alice, 64, 48)
    await alice.getByRole('textbox', { name: 'Message', exact: true }).evaluate((box, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }))
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, small.toString('base64'))
    const pasted = await node.waitFor((e) => e.event === 'file' && e.name === 'pasted.png', 30_000, 'the pasted image at the Node peer')
    expect(pasted).toMatchObject({ conversation: `dm:${await pagePeerId(alice)}`, size: small.length, type: 'image/png', outgoing: false })
    expect(typeof pasted.thumbnail).toBe('string')
    await alice.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'pasted.png', exact: true }).waitFor({ timeout: 30_000 })
    await alice.context().close()
    await bob.context().close()
  })
})
