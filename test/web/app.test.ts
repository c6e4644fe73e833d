/**
 * The production build of @parley/web (packages/web/index.html, built like `npm run build`)
 * served from 127.0.0.1: it loads in Chromium without errors and mounts the app.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './support/build-page.js'
import { launchChromium } from './support/chromium.js'
import { serveStatic } from './support/static-server.js'
import type { TestBrowser } from './support/chromium.js'
import type { StaticServer } from './support/static-server.js'

let outDir: string
let server: StaticServer
let chromium: TestBrowser

beforeAll(async () => {
  outDir = await buildPage('.')
  server = await serveStatic(outDir)
  chromium = await launchChromium()
})

afterAll(async () => {
  await chromium?.close()
  await server?.close()
  if (outDir != null) {
    await rm(outDir, { recursive: true, force: true })
  }
})

describe('built app', () => {
  it('loads from loopback without page errors and mounts the root view', async () => {
    const { page } = await chromium.newPage({ width: 360, height: 740 })
    const errors: string[] = []
    page.on('pageerror', (err) => { errors.push(err.message) })
    await page.goto(server.url)
    await page.locator('#app main').waitFor({ timeout: 10_000 })
    expect(errors).toEqual([])
    expect(await page.title()).toBe('Parley')
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('width=device-width')
    await page.close()
  })
})
