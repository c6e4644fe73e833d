/**
 * web: the production bundle's size (gzip, all JavaScript chunks) against a
 * Vite build of the libraries alone (web-baseline/entry.ts: libp2p with the
 * browser peer's transports and services, libsodium, browser-level). The
 * Parley bundle is packages/web/dist as `npm run build` leaves it; it counts
 * only once it contains the peer (its DM protocol id). Page load to the
 * first room message, the browser-to-browser DM round trip and a tab's
 * memory need the browser app wired to a peer (issue 7).
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { withScope } from './lib/scope.ts'
import type { Result } from './lib/report.ts'

const BASELINE_ROOT = fileURLToPath(new URL('./web-baseline/', import.meta.url))
const WEB_DIST = fileURLToPath(new URL('../packages/web/dist/', import.meta.url))
const WEB_ISSUE = 'issue 7'
/** A string only a bundle holding the Parley peer contains. */
const PEER_MARKER = '/parley/dm/1.0.0'

/** Sum of the gzip sizes (KiB) of every .js file under `dir`, and whether any contains `marker`. */
async function gzipKiB (dir: string, marker = ''): Promise<{ kib: number, hasMarker: boolean }> {
  let bytes = 0
  let hasMarker = false
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue
    const content = await readFile(join(entry.parentPath, entry.name))
    bytes += gzipSync(content, { level: 9 }).length
    if (marker !== '' && content.includes(marker)) hasMarker = true
  }
  return { kib: bytes / 1024, hasMarker }
}

async function baselineKiB (): Promise<number> {
  return withScope(async (scope) => {
    const outDir = await scope.dir('web-baseline')
    // The same substitute for Node's `events` that packages/web's Vite config gives `level`.
    const events = fileURLToPath(import.meta.resolve('events/events.js'))
    await build({
      root: BASELINE_ROOT,
      configFile: false,
      logLevel: 'error',
      resolve: { alias: [{ find: /^(node:)?events$/, replacement: events }] },
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000, rolldownOptions: { input: join(BASELINE_ROOT, 'entry.ts') } }
    })
    return (await gzipKiB(outDir)).kib
  })
}

const pending = (name: string, unit: string, target: string): Result => ({ bench: 'web', name, unit, target, met: false, pending: WEB_ISSUE })

/** Runs the web benchmark. */
export async function webBench (_quick: boolean): Promise<Result[]> {
  const base = await baselineKiB()
  const app = await gzipKiB(WEB_DIST, PEER_MARKER).catch(() => ({ kib: 0, hasMarker: false }))
  const baseline = { name: 'Vite build of libp2p + libsodium + browser-level alone', median: base, p99: base }
  const bundle: Result = app.hasMarker
    ? { bench: 'web', name: 'production bundle, gzip (all JS chunks)', unit: 'KiB', parley: { median: app.kib, p99: app.kib }, baseline, ratio: app.kib / base, target: '≤ 1.2× baseline', met: app.kib <= 1.2 * base }
    : { ...pending('production bundle, gzip (all JS chunks): the built app does not contain the peer yet', 'KiB', '≤ 1.2× baseline'), baseline }
  return [
    bundle,
    pending('page load → first room message from a Node peer', 'ms', '≤ 1.5 s median'),
    pending('browser-to-browser DM round trip over direct WebRTC', 'ms', 'reported'),
    pending('peak memory of a browser tab after 10,000 messages', 'MiB', 'reported')
  ]
}
