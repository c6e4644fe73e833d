/**
 * calls, in Debian's Chromium (fake camera and microphone, loopback):
 * - call setup: "Video call" pressed (backend.calling.start) → media flowing on both sides
 *   (inbound audio bytes and decoded video frames at each tab), the callee accepting as soon as
 *   it rings; two app tabs that are contacts, signalling as encrypted CALL DMs. Baseline: two
 *   RTCPeerConnections in one page with the same media, signalled by direct function calls.
 * - CPU of a video call at the default resolution (Chromium's fake camera, 640×480), both tabs
 *   together: the browser's processes' CPU time over the call ÷ its length (full: 1 minute;
 *   quick: 10 s). Baseline: the same in-page pair for as long.
 * Offers are paced so no tab sends more than 5 a minute (the callee refuses more: CALL_OFFERS_PER_MINUTE).
 * The app is built from the current sources with the test hooks (`window.parley`), as the browser tests build it.
 */
import { readdir, readFile, rm } from 'node:fs/promises'
import { buildPage } from '../test/web/support/build-page.ts'
import { launchChromium, type TestBrowser } from '../test/web/support/chromium.ts'
import { PARLEY_CLI, withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import type { Result } from './lib/report.ts'
import type { Page } from 'playwright-core'

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ on Linux). */
const USER_HZ = 100

/** What the bench reads of the app's `window.parley` (test builds), and the helper it installs. */
interface BenchWindow {
  parley: {
    backend: {
      createProfile(init: { nickname: string }): Promise<unknown>
      calling: {
        current(): { phase: string } | undefined
        start(conversationId: string, kind: 'video'): Promise<void>
        accept(): Promise<void>
        hangup(): Promise<void>
        connection?: RTCPeerConnection
      }
      peer: {
        peerId: string
        libp2p: { getConnections(): Array<{ remotePeer: { toString(): string } }> }
        dms: {
          send(peer: string, fields: { kind: string, text: string }): Promise<unknown>
          requests(): Promise<Array<{ peer: string }>>
          acceptRequest(peer: string): Promise<unknown>
        }
      }
    }
  }
  /** Resolves with Date.now() once `pc` has received audio and decoded video frames. */
  benchFlowing(pc: RTCPeerConnection | undefined): Promise<number>
}

/** CPU seconds so far of every Chromium process under this one. */
async function chromiumCpuSeconds (): Promise<number> {
  const stats = new Map<number, { ppid: number, comm: string, ticks: number }>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const close = stat.lastIndexOf(')')
    if (close < 0) continue
    const fields = stat.slice(close + 2).split(' ')
    stats.set(Number(entry), { ppid: Number(fields[1]), comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) })
  }
  const under = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true
      p = stats.get(p)?.ppid ?? 0
    }
    return false
  }
  let ticks = 0
  for (const [pid, s] of stats) if (/chrom/i.test(s.comm) && under(pid)) ticks += s.ticks
  return ticks / USER_HZ
}

/** Installed in every page: see BenchWindow.benchFlowing. */
function installFlowing (): void {
  (window as unknown as BenchWindow).benchFlowing = async (pc) => {
    for (;;) {
      let [audio, frames] = [0, 0]
      ;(await pc?.getStats())?.forEach((s: { type: string, kind: string, bytesReceived?: number, framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') audio += s.bytesReceived ?? 0
        if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0
      })
      if (audio > 0 && frames > 0) return Date.now()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}

async function profile (page: Page, url: string, nickname: string): Promise<string> {
  await page.addInitScript(installFlowing)
  await page.goto(url)
  await page.waitForFunction(() => (window as unknown as Partial<BenchWindow>).parley !== undefined)
  return page.evaluate(async (nick) => {
    const backend = (window as unknown as BenchWindow).parley.backend
    await backend.createProfile({ nickname: nick })
    return backend.peer.peerId
  }, nickname)
}

/** When each page last sent offers: a contact may send CALL_OFFERS_PER_MINUTE (5) a minute, more are refused. */
const offersSent = new Map<Page, number[]>()

/** Waits until `caller` may offer again without passing the callee's 5-a-minute limit (with a margin), and counts the offer. */
async function paceOffer (caller: Page): Promise<void> {
  const sent = offersSent.get(caller) ?? []
  if (sent.length >= 5) {
    const wait = (sent[sent.length - 5] ?? 0) + 61_000 - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  sent.push(Date.now())
  offersSent.set(caller, sent.slice(-5))
}

/** One app call: pressed → flowing on both sides (ms); `holdMs` of call afterwards, then hung up. */
async function appCall (caller: Page, callee: Page, calleeId: string, holdMs: number): Promise<number> {
  await paceOffer(caller)
  const answered = callee.evaluate(async () => {
    const calling = (window as unknown as BenchWindow).parley.backend.calling
    const deadline = Date.now() + 30_000
    while (calling.current()?.phase !== 'ringing') {
      if (Date.now() > deadline) throw new Error('the callee never rang (offer lost or refused)')
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await calling.accept()
    return (window as unknown as BenchWindow).benchFlowing(calling.connection)
  })
  const { start, flowing } = await caller.evaluate(async (peer) => {
    const calling = (window as unknown as BenchWindow).parley.backend.calling
    const t0 = Date.now()
    await calling.start(`dm:${peer}`, 'video')
    return { start: t0, flowing: await (window as unknown as BenchWindow).benchFlowing(calling.connection) }
  }, calleeId)
  const setup = Math.max(flowing, await answered) - start
  await new Promise((resolve) => setTimeout(resolve, holdMs))
  await caller.evaluate(async () => { await (window as unknown as BenchWindow).parley.backend.calling.hangup() })
  for (const page of [caller, callee]) await page.waitForFunction(() => (window as unknown as BenchWindow).parley.backend.calling.current() === undefined, undefined, { timeout: 30_000 })
  return setup
}

/** The baseline: two RTCPeerConnections in one page, same media, signalled by direct calls; setup ms, then held `holdMs`. */
async function rawCall (page: Page, holdMs: number): Promise<number> {
  return page.evaluate(async (hold) => {
    const t0 = Date.now()
    const [a, b] = [new RTCPeerConnection({ iceServers: [] }), new RTCPeerConnection({ iceServers: [] })]
    a.onicecandidate = (e) => { if (e.candidate !== null) void b.addIceCandidate(e.candidate) }
    b.onicecandidate = (e) => { if (e.candidate !== null) void a.addIceCandidate(e.candidate) }
    const [ma, mb] = [await navigator.mediaDevices.getUserMedia({ audio: true, video: true }), await navigator.mediaDevices.getUserMedia({ audio: true, video: true })]
    for (const t of ma.getTracks()) a.addTrack(t, ma)
    await a.setLocalDescription(await a.createOffer())
    await b.setRemoteDescription(a.localDescription as RTCSessionDescriptionInit)
    for (const t of mb.getTracks()) b.addTrack(t, mb)
    await b.setLocalDescription(await b.createAnswer())
    await a.setRemoteDescription(b.localDescription as RTCSessionDescriptionInit)
    const bench = window as unknown as BenchWindow
    const setup = Math.max(await bench.benchFlowing(a), await bench.benchFlowing(b)) - t0
    await new Promise((resolve) => setTimeout(resolve, hold))
    for (const t of [...ma.getTracks(), ...mb.getTracks()]) t.stop()
    a.close()
    b.close()
    return setup
  }, holdMs)
}

/** CPU use (% of one core) of the browser while `run` runs. */
async function cpuDuring (run: () => Promise<unknown>): Promise<number> {
  const [cpu0, t0] = [await chromiumCpuSeconds(), performance.now()]
  await run()
  const [cpu1, t1] = [await chromiumCpuSeconds(), performance.now()]
  return (cpu1 - cpu0) / ((t1 - t0) / 1000) * 100
}

async function rows (scope: Scope, browser: TestBrowser, quick: boolean): Promise<Result[]> {
  const relay = scope.spawn(PARLEY_CLI, ['--json', '--data-dir', await scope.dir('calls'), '--no-mdns', '--nick', 'relay', '--headless', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--web-port', '0'])
  const ready = await relay.waitFor((e) => e.event === 'ready', 60_000, 'parley ready')
  const url = ready.web as string
  const [{ page: ann }, { page: ben }] = [await browser.newPage(), await browser.newPage()]
  const annId = await profile(ann, url, 'ann')
  const benId = await profile(ben, url, 'ben')
  await ann.evaluate(async (peer) => {
    const backend = (window as unknown as BenchWindow).parley.backend
    while (!backend.peer.libp2p.getConnections().some((c) => c.remotePeer.toString() === peer)) {
      await backend.peer.dms.send(peer, { kind: 'TEXT', text: 'hello' }).catch(() => {})
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }, benId)
  await ben.evaluate(async (peer) => {
    const dms = (window as unknown as BenchWindow).parley.backend.peer.dms
    while (!(await dms.requests()).some((r) => r.peer === peer)) await new Promise((resolve) => setTimeout(resolve, 100))
    await dms.acceptRequest(peer)
  }, annId)
  const trials = quick ? 5 : 20
  const app: number[] = []
  const raw: number[] = []
  const { page: rawPage } = await browser.newPage()
  await rawPage.addInitScript(installFlowing)
  await rawPage.goto(url)
  await appCall(ann, ben, benId, 0)
  for (let i = 0; i < trials; i++) {
    app.push(await appCall(i % 2 === 0 ? ann : ben, i % 2 === 0 ? ben : ann, i % 2 === 0 ? benId : annId, 200))
    raw.push(await rawCall(rawPage, 200))
  }
  const seconds = quick ? 10 : 60
  const appCpu = await cpuDuring(async () => appCall(ann, ben, benId, seconds * 1000))
  const rawCpu = await cpuDuring(async () => rawCall(rawPage, seconds * 1000))
  const setup = summary(app)
  const base = summary(raw)
  return [
    {
      bench: 'calls', name: 'video call setup on loopback (Call pressed → media flowing both sides)', unit: 'ms',
      parley: setup, baseline: { name: 'two RTCPeerConnections in one page, signalled directly', ...base }, ratio: setup.median / base.median,
      target: '≤ 1 s median', met: setup.median <= 1000
    },
    {
      bench: 'calls', name: `CPU of a ${quick ? '10-second' : '1-minute'} video call, both tabs (640×480 fake camera)`, unit: '% core',
      parley: { median: appCpu, p99: appCpu }, baseline: { name: 'the in-page RTCPeerConnection pair for as long', median: rawCpu, p99: rawCpu }, ratio: appCpu / rawCpu,
      target: '≤ 1.5× baseline', met: appCpu <= 1.5 * rawCpu
    }
  ]
}

/** Runs the calls benchmark. */
export async function callsBench (quick: boolean): Promise<Result[]> {
  const outDir = await buildPage('.')
  process.env.PARLEY_WEB_DIR = outDir
  const browser = await launchChromium()
  try {
    return await withScope(async (scope) => rows(scope, browser, quick))
  } finally {
    await browser.close()
    await rm(outDir, { recursive: true, force: true })
  }
}
