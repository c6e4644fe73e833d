/**
 * Vitest-style suites run inside Chromium by the suite-runner page (packages/web/test/suite-runner),
 * for code whose real home is the browser. The history-store compliance suite on browser-level
 * joins them once @parley/node's browser store lands.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './support/build-page.js'
import { launchChromium } from './support/chromium.js'
import { serveStatic } from './support/static-server.js'
import type { TestBrowser } from './support/chromium.js'
import type { StaticServer } from './support/static-server.js'
import type { SuiteResult, SuitesWindow } from './support/suites-api.js'

let outDir: string
let server: StaticServer
let chromium: TestBrowser

beforeAll(async () => {
  outDir = await buildPage('test/suite-runner', {
    vitest: 'test/suite-runner/vitest-shim.ts',
    '@parley/crypto': '../crypto/src/index.ts'
  })
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

describe('suites in Chromium', () => {
  it('pass in the browser: bootstrap addresses, local mode and @parley/crypto', async () => {
    const { page } = await chromium.newPage()
    page.on('console', (msg) => { if (msg.type() === 'info') console.info(`[chromium] ${msg.text()}`) })
    await page.goto(server.url)
    await page.waitForFunction(() => (window as unknown as Partial<SuitesWindow>).suites != null, undefined, { timeout: 10_000 })
    const results: SuiteResult[] = await page.evaluate(async () => (window as unknown as SuitesWindow).suites.run())
    const failed = results.filter(r => r.state === 'failed')
    for (const f of failed) {
      console.error(`[chromium] ${f.name}\n${f.error ?? ''}`)
    }
    expect(failed.map(f => f.name)).toEqual([])
    expect(results.filter(r => r.state === 'passed').length).toBeGreaterThanOrEqual(19)
    await page.close()
  })
})
