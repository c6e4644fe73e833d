/**
 * The search benchmark's browser page: the peer's own index segments
 * (packages/node/src/search/segments.ts, as the web app bundles them),
 * loaded from the segments a Node profile stored, queried as SearchIndex
 * queries them. `window.searchBench` is driven by bench/search-browser.ts.
 */
import { Segments } from '../../packages/node/src/search/segments.ts'

/** What the page exposes to the benchmark. */
export interface SearchBenchPage {
  /** Fetches `meta.json` and `seg-<n>.json` and loads them; resolves with the load's milliseconds (fetches excluded). */
  load: () => Promise<number>
  /** Runs each query for `top` hits; the milliseconds of each. */
  query: (queries: string[], top: number) => number[]
}

let segments: Segments | undefined

const page: SearchBenchPage = {
  async load () {
    const meta = await (await fetch('meta.json')).json() as { conversations: string[], segments: number }
    const texts = await Promise.all(Array.from({ length: meta.segments }, async (_, n) => (await fetch(`seg-${n}.json`)).text()))
    const start = performance.now()
    segments = Segments.load(meta.conversations, texts)
    return performance.now() - start
  },
  query (queries, top) {
    if (segments === undefined) throw new Error('load() first')
    return queries.map((q) => {
      const start = performance.now()
      segments?.search(q, undefined, top)
      return performance.now() - start
    })
  }
}
;(window as unknown as { searchBench: SearchBenchPage }).searchBench = page
