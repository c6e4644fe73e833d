/**
 * The browser half of the search benchmark: the history and the stored index a
 * Node profile holds are copied into a Chromium tab's IndexedDB (the web app's
 * own store), and the tab searches them with the peer's own SearchIndex as the
 * web app does: what it times is the whole search the user waits for, the
 * index's query and every result read back from IndexedDB. Chromium runs with
 * its default heap (no --max-old-space-size), as a user's tab does; the tab's
 * JS heap is measured after a forced GC once the index is loaded.
 *
 * The history takes minutes to copy at a million messages, so Chromium's
 * profile is kept per message count in the temp directory (like the Node
 * profile, search.ts) and the history copied once; the `search` sublevel is
 * written anew every run. The page is served on one fixed origin (routed, no
 * server), so every run finds the same IndexedDB.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ClassicLevel } from 'classic-level'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'vite'
import { CHROMIUM_PATH } from '../test/web/support/chromium.ts'
import { withScope } from './lib/scope.ts'
import type { SearchBenchPage } from './search-web/entry.ts'

const PAGE_ROOT = fileURLToPath(new URL('./search-web/', import.meta.url))
/** The page's origin: fixed, so the IndexedDB filled by one run is found by the next. */
const ORIGIN = 'http://localhost:39517/'
/** Most entries, and bytes, per file handed to the tab (the page writes a file in batches of 5,000 entries: the index's 4 MB segments all in one IndexedDB transaction crashed Chromium). */
const CHUNK = 40_000
const CHUNK_BYTES = 8 * 2 ** 20
/** Results per query: what the web app's search panel asks for (packages/web/src/app/constants.ts, SEARCH_RESULTS). */
export const BROWSER_LIMIT = 30
const events = fileURLToPath(import.meta.resolve('events/events.js'))
/** Chromium as bench/web.ts and the web tests run it, and nothing that changes its heap (precise memory info: performance.memory unrounded and current). */
const ARGS = ['--enable-precise-memory-info', '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** What the tab measured. */
export interface BrowserSearch {
  /** Copying the history into IndexedDB (0 when an earlier run's copy was reused). */
  fillMs: number
  /** Loading the stored index from IndexedDB (the first search's wait); NaN when the tab failed (crashed). */
  loadMs: number
  /** The most JS heap the tab used during the load (sampled), in bytes. */
  heapPeak: number
  /** Why the tab failed to load or search, when it did (then the times are empty). */
  failed?: string
  /** The tab's JS heap after the load and a forced GC, and V8's limit for it, in bytes. */
  heapUsed: number
  heapLimit: number
  /** Each query's milliseconds, results read back included. */
  times: number[]
  /** Results the timed queries returned in all. */
  results: number
}

/** The raw keys of the index (the profile's `search` sublevel, unsealed in the bench's profile). */
const SEARCH_PREFIX = '!search!'

/** Encodes raw entries for the page (search-web/entry.ts decodes them): per entry the key (u16 length + UTF-8), the value (u32 length + bytes). */
function encodeEntries (entries: Array<[string, Uint8Array]>): Uint8Array {
  const utf8 = new TextEncoder()
  const keys = entries.map(([key]) => utf8.encode(key))
  const out = new Uint8Array(entries.reduce((n, [, value], i) => n + 6 + keys[i].length + value.length, 0))
  const view = new DataView(out.buffer)
  let at = 0
  entries.forEach(([, value], i) => {
    view.setUint16(at, keys[i].length)
    out.set(keys[i], at + 2)
    at += 2 + keys[i].length
    view.setUint32(at, value.length)
    out.set(value, at + 4)
    at += 4 + value.length
  })
  return out
}

/**
 * Writes the raw entries of the Node profile's LevelDB (`<profile>/db`, closed) as `<name>-<k>.bin`:
 * the history (every entry but the index's) or the index; the number of files.
 */
async function exportEntries (profile: string, dir: string, name: 'hist' | 'search'): Promise<number> {
  const db = new ClassicLevel<string, Uint8Array>(join(profile, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
  let files = 0
  try {
    let batch: Array<[string, Uint8Array]> = []
    let bytes = 0
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return
      await writeFile(join(dir, `${name}-${files++}.bin`), encodeEntries(batch))
      batch = []
      bytes = 0
    }
    for await (const [key, value] of db.iterator()) {
      if (key.startsWith(SEARCH_PREFIX) !== (name === 'search')) continue
      batch.push([key, value])
      bytes += value.length
      if (batch.length >= CHUNK || bytes >= CHUNK_BYTES) await flush()
    }
    await flush()
  } finally {
    await db.close()
  }
  return files
}

/** Serves `dir` on ORIGIN to every page of the context. */
async function route (context: BrowserContext, dir: string): Promise<void> {
  await context.route(`${ORIGIN}**`, async (r) => {
    const path = normalize(new URL(r.request().url()).pathname.slice(1) || 'index.html')
    if (path.startsWith('..')) return r.fulfill({ status: 404 })
    const file = join(dir, path)
    if (!existsSync(file)) return r.fulfill({ status: 404 })
    const type = path.endsWith('.html') ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream'
    await r.fulfill({ status: 200, contentType: type, body: await readFile(file) })
  })
}

async function open (context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(3_600_000)
  page.on('pageerror', (err) => { console.error('[search page error]', err.message) })
  await page.goto(ORIGIN)
  await page.waitForFunction(() => 'searchBench' in window)
  return page
}

/**
 * Copies the Node profile's (closed) history, once per message count, and its stored index into a
 * tab, loads the index there and times `queries` (after `warmup` untimed ones).
 */
export async function browserQueries (profile: string, messages: number, queries: string[], warmup: string[]): Promise<BrowserSearch> {
  return withScope(async (scope) => {
    const outDir = await scope.dir('search-web')
    await build({ root: PAGE_ROOT, configFile: false, logLevel: 'error', resolve: { alias: [{ find: /^(node:)?events$/, replacement: events }] }, build: { outDir, emptyOutDir: true, target: 'es2022' } })
    const profileDir = join(tmpdir(), `parley-bench-search-chromium-${messages}`)
    const filled = join(profileDir, 'filled')
    const histFiles = existsSync(filled) ? 0 : await exportEntries(profile, outDir, 'hist')
    if (histFiles > 0) await rm(profileDir, { recursive: true, force: true })
    await mkdir(profileDir, { recursive: true })
    const searchFiles = await exportEntries(profile, outDir, 'search')
    if (searchFiles === 0) throw new Error('the profile holds no search index')
    const context = await chromium.launchPersistentContext(join(profileDir, 'chromium'), { executablePath: CHROMIUM_PATH, headless: true, args: ARGS, timeout: 60_000 })
    try {
      await route(context, outDir)
      const filler = await open(context)
      let fillMs = 0
      if (histFiles > 0) {
        const start = performance.now()
        await filler.evaluate(async (k) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.putRaw('hist', k), histFiles)
        fillMs = performance.now() - start
        await writeFile(filled, '')
      }
      const put = await filler.evaluate(async ([k, prefix]) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.putRaw('search', k, prefix), [searchFiles, SEARCH_PREFIX] as const)
      console.error(`[search] the tab holds the index (${put} records)`)
      await filler.close()
      // A fresh page: its heap holds only what opening the profile and loading the index leave.
      const page = await open(context)
      const cdp = await context.newCDPSession(page)
      const { limit } = await page.evaluate(() => (window as unknown as { searchBench: SearchBenchPage }).searchBench.memory())
      let heapPeak = NaN
      try {
        const load = await page.evaluate(async () => (window as unknown as { searchBench: SearchBenchPage }).searchBench.load())
        heapPeak = load.peak
        await cdp.send('HeapProfiler.collectGarbage')
        const { usedSize } = await cdp.send('Runtime.getHeapUsage')
        await page.evaluate(async ([qs, l]) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.query(qs, l), [warmup, BROWSER_LIMIT] as const)
        const { times, results } = await page.evaluate(async ([qs, l]) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.query(qs, l), [queries, BROWSER_LIMIT] as const)
        return { fillMs, loadMs: load.ms, heapPeak, heapUsed: usedSize, heapLimit: limit, times, results }
      } catch (err) {
        // A tab that runs out of heap crashes: that is the finding, not a failed benchmark.
        return { fillMs, loadMs: NaN, heapPeak, heapUsed: NaN, heapLimit: limit, times: [], results: 0, failed: (err as Error).message.split('\n')[0] }
      }
    } finally {
      // A browser that died closed its context already: its error, not close()'s, is the finding.
      await context.close().catch((err: Error) => { console.error('[search] closing Chromium:', err.message.split('\n')[0]) })
    }
  })
}
