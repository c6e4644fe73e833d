/**
 * What a person sees in the app when a peer sends text built to deceive, and the page's own
 * defences: the Content-Security-Policy (an injected inline script does not run, on the page a
 * `parley` serves and on a static copy with no header) and a peer list only for its own Host.
 */
import { readdir, readFile, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { WEB_DIR } from './support/build-page.js'
import { appUnderTest, expectMessage, joinRoom, onboard, pageConnections } from './support/app.js'
import { until } from '../support/poll.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()
const { servingPeer } = app

/** GET `path` from `base` with the Host header set to `host` (as a page on a rebinding name would send). */
async function getWithHost (base: URL, path: string, host: string): Promise<{ status: number, headers: Record<string, unknown>, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET', headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { body += chunk })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body }) })
    })
    req.on('error', reject)
    req.end()
  })
}

/** Injects an inline script and an inline event handler (as an HTML injection would); resolves with which of them ran and the CSP violations reported. */
async function tryInjections (page: Page): Promise<{ ran: string[], violations: string[] }> {
  return page.evaluate(async () => {
    const w = window as unknown as { ran: string[], violations: string[] }
    w.ran = []
    w.violations = []
    document.addEventListener('securitypolicyviolation', (e) => { w.violations.push(e.violatedDirective) })
    const script = document.createElement('script')
    script.textContent = 'window.ran.push("inline script")'
    document.head.appendChild(script)
    const div = document.createElement('div')
    div.innerHTML = '<img src="data:," onerror="window.ran.push(\'event handler\')">'
    const img = div.querySelector('img') as HTMLImageElement
    // Canary: the image's error event (a listener, which the policy allows) fires when the inline handler would have.
    const failed = new Promise((resolve) => { img.addEventListener('error', resolve) })
    document.body.appendChild(div)
    await failed
    // Violation reports are queued as tasks of their own: wait for one of each kind (each injection reports one), 5 s at most.
    const deadline = Date.now() + 5_000
    const both = (): boolean => w.violations.includes('script-src-elem') && w.violations.includes('script-src-attr')
    while (!both() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    return { ran: w.ran, violations: w.violations }
  })
}

/** The JavaScript of a built page, all chunks together. */
async function bundleOf (outDir: string): Promise<string> {
  const dir = join(outDir, 'assets')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'))
  return (await Promise.all(files.map(async (f) => readFile(join(dir, f), 'utf8')))).join('\n')
}

describe('an honest screen in the app', () => {
  it('shows a forged author line inside the message, and bidi overrides and controls visibly', async () => {
    const { node, url } = await servingPeer('mal\u202elory')
    await node.ok({ cmd: 'join', room: 'lobby' })
    const { page, context } = await app.chromium.newPage()
    try {
      await page.goto(url)
      await onboard(page, 'webby')
      await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0)
      await joinRoom(page, 'lobby')
      await node.ok({ cmd: 'send', room: 'lobby', text: 'hi\n12:00 <bob 3f9a:07c2 ✓> forged' })
      await node.ok({ cmd: 'send', room: 'lobby', text: 'access \u202eLevel\u202c user \u2066x\u2069' })
      await node.ok({ cmd: 'send', room: 'lobby', text: 'colour \x1b[31mRED\x1b[0m bell\x07' })
      await expectMessage(page, 'access ⟨U+202E⟩Level⟨U+202C⟩ user ⟨U+2066⟩x⟨U+2069⟩', 60_000)
      await expectMessage(page, 'colour ␛[31mRED␛[0m bell␇', 60_000)
      const timeline = page.getByRole('log', { name: 'Messages' })
      // The forged line is part of mallory's message, under mallory's name: one message, one author.
      const forged = timeline.getByRole('listitem').filter({ hasText: 'forged' })
      await forged.first().waitFor({ timeout: 60_000 })
      expect(await forged.count()).toBe(1)
      expect(await forged.locator('.author').innerText()).toBe('mal⟨U+202E⟩lory')
      expect(await forged.locator('.text').innerText()).toBe('hi\n12:00 <bob 3f9a:07c2 ✓> forged')
      // Nothing on the page can reorder text or hold a control character.
      const text = await page.evaluate(() => document.body.innerText + document.title)
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u) // eslint-disable-line no-control-regex
    } finally {
      await context.close()
    }
  })

  it('runs no injected inline script or event handler, on the page a peer serves and on a static copy', async () => {
    const { url } = await servingPeer('server')
    for (const pageUrl of [url, app.url]) {
      const { page, context } = await app.chromium.newPage()
      try {
        await page.goto(pageUrl)
        await page.getByRole('textbox', { name: 'Nickname', exact: true }).waitFor({ timeout: 30_000 })
        const { ran, violations } = await tryInjections(page)
        expect(ran, pageUrl).toEqual([])
        expect(violations, pageUrl).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr']))
      } finally {
        await context.close()
      }
    }
  })

  it('answers parley-peers.json only to its own Host, and sends its policy as a header', async () => {
    const { url } = await servingPeer('server')
    const base = new URL(url)
    for (const host of [`127.0.0.1:${base.port}`, `localhost:${base.port}`]) {
      const own = await getWithHost(base, '/parley-peers.json', host)
      expect(own.status, host).toBe(200)
      expect(JSON.parse(own.body).peers.length, host).toBeGreaterThan(0)
    }
    for (const host of [`evil.example:${base.port}`, 'evil.example', `127.0.0.1:${Number(base.port) + 1}`, `localhost.evil.example:${base.port}`]) {
      const other = await getWithHost(base, '/parley-peers.json', host)
      expect(other.status, host).toBe(421)
      expect(other.body, host).not.toContain('/p2p/')
    }
    const page = await getWithHost(base, '/', `127.0.0.1:${base.port}`)
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'wasm-unsafe-eval';.*frame-ancestors 'none'/)
    expect(page.body).toContain('http-equiv="Content-Security-Policy"')
  })

  it('exposes window.parley in test builds only, not in a production build', async () => {
    // The test build (test/web/support/build-page.ts) has it: the check below can tell.
    expect(await bundleOf(app.outDir)).toMatch(/window\.parley\s*=/)
    const outDir = join(tmpdir(), `parley-prod-${process.pid}`)
    try {
      await build({ configFile: join(WEB_DIR, 'vite.config.ts'), root: WEB_DIR, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } })
      const bundle = await bundleOf(outDir)
      expect(bundle).not.toMatch(/window\.parley\s*=/)
      expect(bundle).not.toMatch(/\.parley\s*=\s*\{\s*backend/)
    } finally {
      await rm(outDir, { recursive: true, force: true })
    }
  })
})
