/**
 * Launches Debian's Chromium through playwright-core (Playwright cannot download its own browsers
 * here) with what WebRTC on loopback needs: loopback ICE candidates allowed and camera and
 * microphone granted, since Chromium only reveals host candidates to pages holding media
 * permission (otherwise they become mDNS names that nothing on loopback resolves).
 */
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'

/** Where Debian's chromium package installs the browser. */
export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium'

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream'
]

/** A running Chromium; every context it opens is a fresh profile. */
export interface TestBrowser {
  browser: Browser
  /** Opens a page in a new context (its own IndexedDB and permissions). */
  newPage(options?: { width?: number, height?: number }): Promise<{ context: BrowserContext, page: Page }>
  close(): Promise<void>
}

/**
 * Launches Chromium, with `extraArgs` after the usual flags (e.g. a fake camera's video file).
 * Page console errors are forwarded to the test output to explain failures.
 */
export async function launchChromium (extraArgs: string[] = []): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...ARGS, ...extraArgs], timeout: 30_000 })
  return {
    browser,
    async newPage (options = {}) {
      const context = await browser.newContext({
        // Clipboard: the app's "Copy link", which tests read back.
        permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
        viewport: { width: options.width ?? 1024, height: options.height ?? 768 }
      })
      const page = await context.newPage()
      page.on('pageerror', (err) => { console.error('[page error]', err.message) })
      return { context, page }
    },
    async close () {
      await browser.close()
    }
  }
}
