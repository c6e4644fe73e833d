/**
 * The fixture every Chromium test file shares: a page of packages/web built from the current
 * sources, served from 127.0.0.1 (so it runs in local mode), and Chromium; all torn down after the
 * file's tests.
 */
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll } from 'vitest'
import { buildPage } from './build-page.js'
import { launchChromium, type TestBrowser } from './chromium.js'
import { serveStatic, type StaticServer } from './static-server.js'

/** What a test file gets from {@link pageUnderTest}; read it inside tests, once the hooks ran. */
export interface PageUnderTest {
  /** The built page's directory. */
  readonly outDir: string
  /** `http://127.0.0.1:<port>/` serving it. */
  readonly url: string
  readonly server: StaticServer
  readonly chromium: TestBrowser
}

/**
 * Builds `packages/web/<dir>` (with `alias`, as {@link buildPage}), serves it and launches
 * Chromium (with `chromiumArgs` added, e.g. a fake camera) for this file's tests.
 */
export function pageUnderTest (dir: string, alias: Record<string, string> = {}, chromiumArgs: string[] = []): PageUnderTest {
  let outDir: string | undefined
  let server: StaticServer | undefined
  let chromium: TestBrowser | undefined
  beforeAll(async () => {
    outDir = await buildPage(dir, alias)
    server = await serveStatic(outDir)
    chromium = await launchChromium(chromiumArgs)
  })
  afterAll(async () => {
    await chromium?.close()
    await server?.close()
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true })
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the page is not ready yet (use it inside a test)')
    return value
  }
  return {
    get outDir () { return ready(outDir) },
    get url () { return ready(server).url },
    get server () { return ready(server) },
    get chromium () { return ready(chromium) }
  }
}
