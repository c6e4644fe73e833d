/**
 * The browser half of the search benchmark: the segments a Node profile stored
 * (its `search` sublevel, index-records.ts) are served to a page of Debian's
 * Chromium (playwright-core, as bench/web.ts drives it) that loads them with
 * the peer's own Segments class and runs the same queries. What it times is
 * the index's query (the best 2 × 20 + 10 hits, as SearchIndex asks for 20
 * results); reading the 20 messages back from IndexedDB is not in it.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { launchChromium } from '../test/web/support/chromium.ts'
import { serveStatic } from '../test/web/support/static-server.ts'
import { withScope } from './lib/scope.ts'
import type { ProfileStore } from '@parley/node'
import type { SearchBenchPage } from './search-web/entry.ts'

const PAGE_ROOT = fileURLToPath(new URL('./search-web/', import.meta.url))
/** Hits asked of the index for 20 results (SearchIndex.search asks for 2 × limit + 10). */
const TOP = 50
/** A tab holding a million messages' index needs more than V8's default old space. */
const HEAP_MIB = 8192

/** Loads the profile's stored index in a Chromium tab and times `queries` there (after `warmup` untimed ones). */
export async function browserQueries (store: ProfileStore, queries: string[], warmup: string[]): Promise<{ loadMs: number, times: number[] }> {
  return withScope(async (scope) => {
    const outDir = await scope.dir('search-web')
    await build({ root: PAGE_ROOT, configFile: false, logLevel: 'error', build: { outDir, emptyOutDir: true, target: 'es2022' } })
    const kv = store.kv('search')
    const meta = await kv.get('meta')
    if (meta === undefined) throw new Error('the profile holds no search index')
    await writeFile(join(outDir, 'meta.json'), meta)
    let n = 0
    for await (const [key, value] of kv.entries({ prefix: 'seg:' })) {
      if (Number(key.slice(4)) !== n) throw new Error(`segment ${n} is missing from the stored index`)
      await writeFile(join(outDir, `seg-${n++}.json`), value)
    }
    const server = await serveStatic(outDir)
    const browser = await launchChromium([`--js-flags=--max-old-space-size=${HEAP_MIB}`])
    try {
      const { page } = await browser.newPage()
      page.setDefaultTimeout(600_000)
      await page.goto(server.url)
      await page.waitForFunction(() => 'searchBench' in window)
      const loadMs = await page.evaluate(async () => (window as unknown as { searchBench: SearchBenchPage }).searchBench.load())
      await page.evaluate(([qs, top]) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.query(qs, top), [warmup, TOP] as const)
      const times = await page.evaluate(([qs, top]) => (window as unknown as { searchBench: SearchBenchPage }).searchBench.query(qs, top), [queries, TOP] as const)
      return { loadMs, times }
    } finally {
      await browser.close()
      await server.close()
    }
  })
}
