/**
 * The search benchmark's browser page: a profile in the tab's IndexedDB (the
 * web app's own store, openBrowserProfileStore) holding the history and the
 * stored index a Node profile wrote, searched by the peer's own SearchIndex as
 * the web app searches it: the index loads from IndexedDB on the first search,
 * and every result is read back from history. `window.searchBench` is driven
 * by bench/search-browser.ts.
 */
import { ready } from '@parley/crypto'
import { BrowserLevel } from 'browser-level'
import { openBrowserProfileStore } from '../../packages/node/src/browser/open-store.ts'
import { SearchIndex } from '../../packages/node/src/search/index.ts'
import type { ProfileStore } from '../../packages/node/src/store/index.ts'

/** The IndexedDB database the benchmark's profile lives in. */
const DB = 'parley-search-bench'

/** What the page exposes to the benchmark. */
export interface SearchBenchPage {
  /**
   * Writes the raw entries of files `<name>-<k>.bin` (k < files) into the profile's database as they
   * are (the Node profile's LevelDB entries: same layout), after deleting every key that starts with
   * `clear` when given; resolves with the entries written.
   */
  putRaw: (name: string, files: number, clear?: string) => Promise<number>
  /** Opens the profile and loads its stored index (what the first search waits for): the load's milliseconds, and the most JS heap seen during it (sampled every 50 ms), in bytes. */
  load: () => Promise<{ ms: number, peak: number }>
  /** Runs each query as the app does (`limit` results, each read back from history); the milliseconds of each and the results found. */
  query: (queries: string[], limit: number) => Promise<{ times: number[], results: number }>
  /** performance.memory: the tab's JS heap now and its limit, in bytes. */
  memory: () => { used: number, limit: number }
}

let store: ProfileStore | undefined
let index: SearchIndex | undefined

async function open (): Promise<ProfileStore> {
  await ready()
  store ??= await openBrowserProfileStore(DB)
  return store
}

async function bytes (path: string): Promise<Uint8Array> {
  const response = await fetch(path)
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`)
  return new Uint8Array(await response.arrayBuffer())
}

/** Decodes a file of raw entries (bench/search-browser.ts's encodeEntries). */
function decodeEntries (data: Uint8Array): Array<[string, Uint8Array]> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const utf8 = new TextDecoder()
  const entries: Array<[string, Uint8Array]> = []
  for (let at = 0; at < data.length;) {
    const k = view.getUint16(at)
    const key = utf8.decode(data.subarray(at + 2, at + 2 + k))
    at += 2 + k
    const v = view.getUint32(at)
    entries.push([key, data.slice(at + 4, at + 4 + v)])
    at += 4 + v
  }
  return entries
}

const page: SearchBenchPage = {
  async putRaw (name, files, clear) {
    if (store !== undefined) throw new Error('putRaw before the profile is opened')
    const db = new BrowserLevel<string, Uint8Array>(DB, { keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.open()
    if (clear !== undefined) await db.clear({ gte: clear, lt: `${clear}\xff` })
    let written = 0
    for (let k = 0; k < files; k++) {
      const entries = decodeEntries(await bytes(`${name}-${k}.bin`))
      // A segment of the index is ~4 MB: one per transaction.
      const per = name === 'search' ? 1 : 5000
      for (let at = 0; at < entries.length; at += per) {
        const batch = entries.slice(at, at + per)
        await db.batch(batch.map(([key, value]) => ({ type: 'put' as const, key, value })))
        written += batch.length
      }
    }
    await db.close()
    return written
  },
  async load () {
    const s = await open()
    index = new SearchIndex({ store: s })
    let peak = page.memory().used
    const sampler = setInterval(() => { peak = Math.max(peak, page.memory().used) }, 50)
    const start = performance.now()
    try {
      await index.load()
      return { ms: performance.now() - start, peak: Math.max(peak, page.memory().used) }
    } finally {
      clearInterval(sampler)
    }
  },
  async query (queries, limit) {
    if (index === undefined) throw new Error('load() first')
    const times: number[] = []
    let results = 0
    for (const q of queries) {
      const start = performance.now()
      results += (await index.search(q, { limit })).length
      times.push(performance.now() - start)
    }
    return { times, results }
  },
  memory () {
    const m = (performance as unknown as { memory?: { usedJSHeapSize: number, jsHeapSizeLimit: number } }).memory
    return { used: m?.usedJSHeapSize ?? NaN, limit: m?.jsHeapSizeLimit ?? NaN }
  }
}
;(window as unknown as { searchBench: SearchBenchPage }).searchBench = page
