/**
 * web, in Debian's Chromium (playwright-core, as the tests drive it):
 * - the production bundle's size (gzip, all JavaScript chunks) against a Vite
 *   build of the libraries alone (web-baseline/entry.ts: libp2p with the
 *   browser peer's transports and services, libsodium, browser-level). The
 *   Parley bundle is packages/web/dist as `npm run build` leaves it.
 * - page load → first room message from a Node peer: the app (a returning
 *   profile already in the room) served by a `parley --json` peer that posts
 *   every 100 ms, against the network harness page (bare libp2p + gossipsub,
 *   test/harness) dialling a bare Node libp2p node that publishes as often.
 * - browser-to-browser DM round trip over direct WebRTC (send → delivery
 *   receipt: encrypted, stored by the recipient, acknowledged, stored), against
 *   libp2p ping between two harness pages over the same kind of connection.
 * - the JS heap of a tab after 10,000 room messages arrived (the room open),
 *   against the harness page after as many raw gossipsub messages.
 */
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { buildPage } from '../test/web/support/build-page.ts'
import { launchChromium, type TestBrowser } from '../test/web/support/chromium.ts'
import { startNodeRelay, wsAddress, type RelayServices } from '../test/web/support/node-relay.ts'
import { serveStatic } from '../test/web/support/static-server.ts'
import { PARLEY_CLI, withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import type { NdjsonProcess } from './lib/child.ts'
import type { Result } from './lib/report.ts'
import type { Libp2p } from 'libp2p'
import type { Page } from 'playwright-core'

const BASELINE_ROOT = fileURLToPath(new URL('./web-baseline/', import.meta.url))
const WEB_DIST = fileURLToPath(new URL('../packages/web/dist/', import.meta.url))
const WEB_ISSUE = 'npm run build'
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

const ROOM = 'lobby'
/** The gossipsub topic of the baseline's bare nodes. */
const RAW_TOPIC = '/bench/raw-room'
const POST_EVERY_MS = 100

/** The parts of the app's `window.parley` (packages/web/src/main.tsx) the benchmark drives. */
interface AppWindow {
  parley?: {
    backend: {
      peer?: { peerId: string, libp2p: { getConnections(): Array<{ remotePeer: { toString(): string }, limits?: unknown, remoteAddr: { toString(): string } }> } }
      createProfile(init: { nickname: string }): Promise<unknown>
      joinRoom(name: string): Promise<unknown>
      startDm(peerId: string): Promise<unknown>
      send(conversationId: string, text: string): Promise<void>
      subscribe(listener: (event: { type: string, conversationId?: string, item?: { id: string, own: boolean, text: string, receipt?: string } }) => void): () => void
    }
  }
  /** Set by the init script: when the first message from someone else arrived (ms since navigation start). */
  firstMessageAt?: number
  received?: number
}

/** The parts of the harness page's `window.harness` (test/web/support/harness-api.ts) the benchmark drives. */
interface HarnessWindow {
  harness: {
    start(options: { peers?: string[] }): Promise<string>
    subscribe(topic: string): void
    messages(): unknown[]
    webrtcAddr(timeoutMs: number): Promise<string>
    dial(addr: string, timeoutMs: number): Promise<unknown>
    ping(peer: string, timeoutMs: number): Promise<number>
  }
}

/** Hooks the app's backend as soon as it exists and notes the first message from another peer. */
function watchMessages (): void {
  const w = window as unknown as AppWindow
  const timer = setInterval(() => {
    if (w.parley === undefined) return
    clearInterval(timer)
    w.received = 0
    w.parley.backend.subscribe((event) => {
      if (event.type !== 'message' || event.item?.own !== false) return
      w.received = (w.received ?? 0) + 1
      w.firstMessageAt ??= performance.now()
    })
  }, 1)
}

async function heapMiB (page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize / 1024 / 1024
}

const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/**
 * A `parley --json` peer serving the app built in `appDir` (with the test hooks: a production build
 * has no `window.parley` to drive); resolves with the app's URL.
 */
async function servingPeer (scope: Scope, appDir: string): Promise<{ proc: NdjsonProcess, peerId: string, url: string }> {
  process.env.PARLEY_WEB_DIR = appDir
  const proc = scope.spawn(PARLEY_CLI, ['--json', '--data-dir', await scope.dir('web'), '--no-mdns', '--nick', 'bench',
    '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--web-port', '0'])
  const ready = await proc.waitFor((e) => e.event === 'ready', 60_000, 'parley ready')
  await proc.ok({ cmd: 'join', room: ROOM })
  return { proc, peerId: ready.peerId as string, url: ready.web as string }
}

/** Page load → first room message, alternating the app and the harness page. */
async function firstMessage (browser: TestBrowser, app: string, harnessUrl: string, relayAddr: string, trials: number): Promise<{ parley: number[], raw: number[] }> {
  const { context } = await browser.newPage()
  const setup = await context.newPage()
  await setup.goto(app)
  await setup.waitForFunction(() => (window as unknown as AppWindow).parley !== undefined)
  await setup.evaluate(async (room) => {
    const backend = (window as unknown as AppWindow).parley?.backend
    await backend?.createProfile({ nickname: 'reader' })
    await backend?.joinRoom(room)
  }, ROOM)
  await setup.close()
  const out = { parley: [] as number[], raw: [] as number[] }
  for (let t = 0; t < trials; t++) {
    const page = await context.newPage()
    await page.addInitScript(watchMessages)
    await page.goto(app)
    await page.waitForFunction(() => (window as unknown as AppWindow).firstMessageAt !== undefined, undefined, { timeout: 30_000, polling: 20 })
    out.parley.push(await page.evaluate(() => (window as unknown as AppWindow).firstMessageAt ?? Number.NaN))
    await page.close()
    const { page: raw } = await browser.newPage()
    await raw.goto(harnessUrl)
    out.raw.push(await raw.evaluate(async ({ addr, topic }) => {
      const { harness } = window as unknown as HarnessWindow
      await harness.start({ peers: [addr] })
      harness.subscribe(topic)
      while (harness.messages().length === 0) await new Promise((resolve) => setTimeout(resolve, 1))
      return performance.now()
    }, { addr: relayAddr, topic: RAW_TOPIC }))
    await raw.context().close()
  }
  await context.close()
  return out
}

/** Round trips of `count` DMs between two app tabs over direct WebRTC (send → delivery receipt). */
async function dmTrips (browser: TestBrowser, app: string, relayPeer: string, count: number): Promise<number[]> {
  const { page: a } = await browser.newPage()
  const { page: b } = await browser.newPage()
  const ids: string[] = []
  for (const [page, nickname] of [[a, 'ann'], [b, 'ben']] as const) {
    await page.goto(app)
    await page.waitForFunction(() => (window as unknown as AppWindow).parley !== undefined)
    ids.push(await page.evaluate(async (nick) => {
      const backend = (window as unknown as AppWindow).parley?.backend
      await backend?.createProfile({ nickname: nick })
      return backend?.peer?.peerId ?? ''
    }, nickname))
  }
  // Ben has Ann as a contact (as after sharing contact links): her DMs are not message requests,
  // which a stranger may send only a few of.
  await b.evaluate(async (peer) => { await (window as unknown as AppWindow).parley?.backend.startDm(peer) }, ids[0])
  const trips = await a.evaluate(async ({ peer, relay, n }) => {
    const backend = (window as unknown as AppWindow).parley?.backend
    if (backend === undefined) throw new Error('no backend')
    const conns = (): Array<{ remotePeer: { toString(): string }, limits?: unknown }> => backend.peer?.libp2p.getConnections() ?? []
    while (!conns().some((c) => c.remotePeer.toString() === relay)) await new Promise((resolve) => setTimeout(resolve, 20))
    await backend.startDm(peer)
    const conversation = `dm:${peer}`
    /** Sends one DM and resolves when its delivery receipt comes back. */
    const trip = async (text: string): Promise<number> => new Promise((resolve) => {
      let id = ''
      const start = performance.now()
      const stop = backend.subscribe((event) => {
        if (event.conversationId !== conversation || event.item === undefined) return
        if (event.type === 'message' && event.item.own && event.item.text === text) id = event.item.id
        if (event.type === 'updated' && event.item.id === id && event.item.receipt === 'delivered') {
          stop()
          resolve(performance.now() - start)
        }
      })
      void backend.send(conversation, text)
    })
    await trip('warm-up')
    while (!conns().some((c) => c.remotePeer.toString() === peer && c.limits == null)) await new Promise((resolve) => setTimeout(resolve, 20))
    await trip('warm-up, direct')
    const out: number[] = []
    for (let i = 0; i < n; i++) out.push(await trip(`ping ${i}`))
    return out
  }, { peer: ids[1], relay: relayPeer, n: count })
  await a.context().close()
  await b.context().close()
  return trips
}

/** Ping round trips between two harness tabs over direct WebRTC, signalled through `relayAddr`. */
async function rawTrips (browser: TestBrowser, harnessUrl: string, relayAddr: string, count: number): Promise<number[]> {
  const { page: a } = await browser.newPage()
  const { page: b } = await browser.newPage()
  await Promise.all([a.goto(harnessUrl), b.goto(harnessUrl)])
  const start = async (page: Page): Promise<string> => page.evaluate(async (addr) => (window as unknown as HarnessWindow).harness.start({ peers: [addr] }), relayAddr)
  await start(a)
  const bId = await start(b)
  const target = await b.evaluate(async () => (window as unknown as HarnessWindow).harness.webrtcAddr(20_000))
  const trips = await a.evaluate(async ({ addr, peer, n }) => {
    const { harness } = window as unknown as HarnessWindow
    for (let attempt = 0; ; attempt++) {
      try {
        await harness.dial(addr, 10_000)
        break
      } catch (err) {
        if (attempt === 2) throw err
      }
    }
    await harness.ping(peer, 10_000)
    const out: number[] = []
    for (let i = 0; i < n; i++) out.push(await harness.ping(peer, 10_000))
    return out
  }, { addr: target, peer: bId, n: count })
  await a.context().close()
  await b.context().close()
  return trips
}

/** JS heap of an app tab with the room open after `count` messages, and of a harness tab after as many raw ones. */
async function memory (browser: TestBrowser, app: string, appPeer: NdjsonProcess, harnessUrl: string, relay: Libp2p<RelayServices>, count: number): Promise<{ parley: number, raw: number }> {
  const { page } = await browser.newPage()
  await page.addInitScript(watchMessages)
  await page.goto(app)
  // Through the UI, so the app shows the room as a person would have it open.
  await page.getByRole('textbox', { name: 'Nickname' }).fill('keeper')
  await page.getByRole('button', { name: 'Start chatting' }).click()
  await page.getByRole('textbox', { name: 'Room name' }).fill(ROOM)
  await page.getByRole('button', { name: 'Join' }).click()
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 30_000 })
  await page.waitForFunction(() => ((window as unknown as AppWindow).received ?? 0) > 0, undefined, { timeout: 30_000 })
  const before = await page.evaluate(() => (window as unknown as AppWindow).received ?? 0)
  // Pipelined in windows of 50, so the peer is never more than 50 sends ahead.
  for (let sent = 0; sent < count; sent += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - sent) }, async (_, i) => appPeer.ok({ cmd: 'send', room: ROOM, text: `message ${sent + i} `.padEnd(200, '·') })))
  }
  await arrived('the app tab', count, async () => await page.evaluate(() => (window as unknown as AppWindow).received ?? 0) - before)
  const parley = await heapMiB(page)
  await page.context().close()

  const { page: raw } = await browser.newPage()
  await raw.goto(harnessUrl)
  await raw.evaluate(async ({ addr, topic }) => {
    const { harness } = window as unknown as HarnessWindow
    await harness.start({ peers: [addr] })
    harness.subscribe(topic)
  }, { addr: wsAddress(relay), topic: RAW_TOPIC })
  while (relay.services.pubsub.getSubscribers(RAW_TOPIC).length === 0) await sleep(20)
  const rawBefore = await raw.evaluate(() => (window as unknown as HarnessWindow).harness.messages().length)
  for (let sent = 0; sent < count; sent++) {
    await relay.services.pubsub.publish(RAW_TOPIC, new TextEncoder().encode(`message ${sent} `.padEnd(200, '·')))
    if (sent % 50 === 49) await sleep(1)
  }
  await arrived('the harness tab', count, async () => await raw.evaluate(() => (window as unknown as HarnessWindow).harness.messages().length) - rawBefore)
  const rawHeap = await heapMiB(raw)
  await raw.context().close()
  return { parley, raw: rawHeap }
}

/** Waits until `count()` reaches `total`, failing when it makes no progress for a minute. */
async function arrived (who: string, total: number, count: () => Promise<number>): Promise<void> {
  let last = -1
  let since = Date.now()
  let told = Date.now()
  for (;;) {
    const now = await count()
    if (now >= total) return
    if (now > last) {
      last = now
      since = Date.now()
    } else if (Date.now() - since > 60_000) {
      throw new Error(`${who} stalled at ${now} of ${total} messages`)
    }
    if (Date.now() - told > 10_000) {
      told = Date.now()
      process.stderr.write(`bench: web: ${who} has ${now} of ${total} messages\n`)
    }
    await sleep(500)
  }
}

const pending = (name: string, unit: string, target: string): Result => ({ bench: 'web', name, unit, target, met: false, pending: WEB_ISSUE })

/** Runs the web benchmark. */
export async function webBench (quick: boolean): Promise<Result[]> {
  const base = await baselineKiB()
  const app = await gzipKiB(WEB_DIST, PEER_MARKER).catch(() => ({ kib: 0, hasMarker: false }))
  const baseline = { name: 'Vite build of libp2p + libsodium + browser-level alone', median: base, p99: base }
  const bundle: Result = app.hasMarker
    ? { bench: 'web', name: 'production bundle, gzip (all JS chunks)', unit: 'KiB', parley: { median: app.kib, p99: app.kib }, baseline, ratio: app.kib / base, target: '≤ 1.2× baseline', met: app.kib <= 1.2 * base }
    : { ...pending('production bundle, gzip (all JS chunks): packages/web/dist is missing or holds no peer (run npm run build)', 'KiB', '≤ 1.2× baseline'), baseline }
  if (!app.hasMarker) return [bundle]
  return [bundle, ...await withScope(async (scope) => browserRows(scope, quick))]
}

async function browserRows (scope: Scope, quick: boolean): Promise<Result[]> {
  const harnessDir = await buildPage('test/harness')
  // The app as a production build serves it, plus window.parley (test/web/support/build-page.ts).
  const appDir = await buildPage('.')
  const harness = await serveStatic(harnessDir)
  const browser = await launchChromium()
  const relay = await startNodeRelay()
  relay.services.pubsub.subscribe(RAW_TOPIC)
  const node = await servingPeer(scope, appDir)
  let posting = 0
  const poster = setInterval(() => {
    node.proc.write({ cmd: 'send', room: ROOM, text: `post ${posting}` })
    void relay.services.pubsub.publish(RAW_TOPIC, new TextEncoder().encode(`post ${posting++}`)).catch(() => {})
  }, POST_EVERY_MS)
  try {
    const first = await firstMessage(browser, node.url, harness.url, wsAddress(relay), quick ? 3 : 10)
    clearInterval(poster)
    const trips = await dmTrips(browser, node.url, node.peerId, quick ? 20 : 200)
    const raw = await rawTrips(browser, harness.url, wsAddress(relay), quick ? 20 : 200)
    const heap = await memory(browser, node.url, node.proc, harness.url, relay, quick ? 1000 : 10_000)
    const f = summary(first.parley)
    const r = summary(first.raw)
    const dm = summary(trips)
    const ping = summary(raw)
    return [
      {
        bench: 'web', name: 'page load → first room message from a Node peer (returning profile)', unit: 'ms',
        parley: f, baseline: { name: 'harness page: bare libp2p + gossipsub dialling a bare Node node', ...r }, ratio: f.median / r.median,
        target: '≤ 1.5 s median', met: f.median <= 1500
      },
      {
        bench: 'web', name: 'browser-to-browser DM round trip over direct WebRTC (send → delivery receipt)', unit: 'ms',
        parley: dm, baseline: { name: 'libp2p ping between two harness tabs over direct WebRTC', ...ping }, ratio: dm.median / ping.median,
        target: 'reported', met: true
      },
      {
        bench: 'web', name: `JS heap of a tab after ${quick ? '1,000' : '10,000'} room messages (room open)`, unit: 'MiB',
        parley: { median: heap.parley, p99: heap.parley }, baseline: { name: 'harness tab after as many raw gossipsub messages', median: heap.raw, p99: heap.raw }, ratio: heap.parley / heap.raw,
        target: 'reported', met: true
      }
    ]
  } finally {
    clearInterval(poster)
    await Promise.allSettled([browser.close(), relay.stop(), harness.close()])
    await Promise.all([harnessDir, appDir].map(async (dir) => rm(dir, { recursive: true, force: true })))
  }
}
