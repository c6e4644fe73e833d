/**
 * soak: three `parley --json` peers in one room, each posting room messages at
 * a steady rate, plus DMs around the ring (a → b → c → a), for a set time;
 * every process is sampled (`stats` after a forced GC) at a fixed interval.
 * Beside them, under the same traffic at the same moment, three bare libp2p
 * nodes (the services of `createNodePeer`, gossipsub with default options)
 * publish as many messages to one topic and echo as many DM-sized payloads
 * around the same ring. Reported: the slope of RSS, heap after GC and external
 * memory per 10,000 messages after the warm-up, and how file descriptors and
 * open streams move, for both; the series is drawn into bench/results/.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { withScope, type Scope } from './lib/scope.ts'
import { paced, sleep, until } from './lib/time.ts'
import { median } from './lib/stats.ts'
import { trend } from './lib/trend.ts'
import { lineChart, type Series } from './lib/svg-chart.ts'
import type { Json, NdjsonProcess } from './lib/child.ts'
import type { Result } from './lib/report.ts'
import type { V8Memory } from '../packages/node/dist/node/stats.js'

/** The children run with a collector the harness can trigger, so "heap" is the heap after GC. */
const GC = ['--expose-gc']
const ROOM = 'soak'
const TOPIC = '/parley-bench/soak/1'
const ROOM_BYTES = 200
/** The raw side's echo payload is 1 KiB (workers/echo.ts): a Parley DM carries as much text. */
const DM_TEXT = 'd'.repeat(1024)
const MIB = 2 ** 20
/**
 * How long a start, a setup command or a sample may take: generous, because the soak runs for long
 * on machines shared with other work (at load 26–32 on 2 cores a peer's start took over a minute and
 * a sample over two).
 */
const SETUP_MS = 600_000
const PER = 10_000

/** How long, how fast and how often. */
export interface SoakPlan {
  minutes: number
  /** Room messages per second from each of the three peers. */
  roomRate: number
  /** DMs per second over the whole ring. */
  dmRate: number
  sampleMs: number
  /** Samples before this are not fitted (JIT, caches filling, sessions starting). */
  warmupMs: number
}

/** The issue's room: 5 room messages/s from each peer and 2 DMs/s, 10 minutes, a sample every 30 s. */
export const FULL: SoakPlan = { minutes: 10, roomRate: 5, dmRate: 2, sampleMs: 30_000, warmupMs: 120_000 }
/** The short mode of `--quick`: twice the rate for 90 s, a sample every 10 s. */
export const QUICK: SoakPlan = { minutes: 1.5, roomRate: 10, dmRate: 4, sampleMs: 10_000, warmupMs: 30_000 }

/**
 * One `stats` reply, in MiB where it is memory. To place the RSS's growth: `old` is the V8 heap's
 * pages outside the young generation (old space, code, large objects: pages that hold objects, so
 * in memory), `code` the live code and bytecode among them, `young` the young generation's
 * committed size (V8 commits its semi-spaces whole; pages not yet used are not in the RSS), and
 * `rest` the RSS minus `old`: the young generation's pages in use, and everything outside the V8
 * heap (malloc: LevelDB, Buffers, WebAssembly).
 */
interface Sample extends Mapped { ms: number, messages: number, db: number, rss: number, heap: number, heapTotal: number, external: number, arrayBuffers: number, fds: number, streams: number, old: number, young: number, code: number, rest: number }

/**
 * The RSS by kind of mapping, in MiB, from /proc/<pid>/smaps (Linux; zeros elsewhere): `anon` all
 * anonymous memory (`brk` of it the main malloc arena, the rest V8's pages, other malloc arenas and
 * large allocations malloc maps on their own), `tables` LevelDB's table files, which it reads through
 * mmap (pages of them it has read count in the RSS until it closes the file), `files` other files.
 */
interface Mapped { anon: number, brk: number, tables: number, files: number }

async function mappedOf (pid: number): Promise<Mapped> {
  const out: Mapped = { anon: 0, brk: 0, tables: 0, files: 0 }
  let text: string
  try {
    text = await readFile(`/proc/${pid}/smaps`, 'utf8')
  } catch {
    return out
  }
  let name = ''
  for (const line of text.split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line)
    if (head !== null) {
      name = head[1]
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss === null) continue
    const mib = Number(rss[1]) / 1024
    if (name === '[heap]') out.brk += mib
    if (name === '' || name.startsWith('[')) out.anon += mib
    else if (name.endsWith('.ldb') || name.endsWith('.sst')) out.tables += mib
    else out.files += mib
  }
  return out
}

/** One network under load: three processes, what was sent, what arrived. */
interface Side {
  label: string
  procs: NdjsonProcess[]
  room: (from: number, seq: number) => void
  dm: (from: number) => void
  sent: number
  /** DMs among `sent`. */
  dms: number
  delivered: number
  failed: number
}

function count (side: Side, proc: NdjsonProcess, isDelivery: (line: Json) => boolean): void {
  proc.onLine = (line) => {
    if (line.ok === false) side.failed++
    else if (isDelivery(line)) side.delivered++
  }
}

/**
 * For experiments: `PARLEY_SOAK_ENV="NAME=value …"` is added to the Parley peers' environment only
 * (e.g. malloc's variables), so the bare nodes stay the baseline. The children take the harness's
 * environment at spawn, so it is set around the peers' start and taken back.
 */
function peerEnv (): Array<[string, string]> {
  return (process.env.PARLEY_SOAK_ENV ?? '').split(/\s+/).filter((kv) => kv.includes('=')).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])
}

async function parleySide (scope: Scope): Promise<Side> {
  const extra = peerEnv()
  const saved = extra.map(([k]) => [k, process.env[k]] as const)
  for (const [k, v] of extra) process.env[k] = v
  const [a, b, c] = await startPeers(scope).finally(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })
  const peers = [a, b, c]
  for (const [i, p] of peers.entries()) {
    for (const other of peers.filter((o) => o !== p)) await p.proc.ok({ cmd: 'contact-add', peer: other.peerId, petname: `p${i}` }, SETUP_MS)
    await p.proc.ok({ cmd: 'join', room: ROOM }, SETUP_MS)
  }
  const side: Side = {
    label: 'parley',
    procs: peers.map((p) => p.proc),
    room: (from, seq) => { peers[from].proc.write({ cmd: 'send', room: ROOM, text: `${seq} `.padEnd(ROOM_BYTES, '.') }) },
    dm: (from) => { peers[from].proc.write({ cmd: 'dm', to: peers[(from + 1) % 3].peerId, text: DM_TEXT }) },
    sent: 0,
    dms: 0,
    delivered: 0,
    failed: 0
  }
  for (const p of peers) count(side, p.proc, (line) => line.event === 'dm' || (line.event === 'message' && line.from !== p.peerId))
  return side
}

async function startPeers (scope: Scope): Promise<Array<Awaited<ReturnType<Scope['parley']>>>> {
  const a = await scope.parley(await scope.dir('soak-a'), ['--nick', 'a'], GC, SETUP_MS)
  const b = await scope.parley(await scope.dir('soak-b'), ['--nick', 'b', '--bootstrap', a.addr], GC, SETUP_MS)
  const c = await scope.parley(await scope.dir('soak-c'), ['--nick', 'c', '--bootstrap', a.addr, '--bootstrap', b.addr], GC, SETUP_MS)
  return [a, b, c]
}

async function rawSide (scope: Scope): Promise<Side> {
  const workers = [await scope.worker(GC), await scope.worker(GC), await scope.worker(GC)]
  const addrs: string[] = []
  for (const w of workers) addrs.push((await w.ok({ cmd: 'raw-node', kind: 'full', echo: true }, SETUP_MS)).addr as string)
  // Each opens its echo stream to the next: the dials connect all three.
  for (const [i, w] of workers.entries()) await w.ok({ cmd: 'echo-open', addr: addrs[(i + 1) % 3] }, SETUP_MS)
  for (const w of workers) await w.ok({ cmd: 'subscribe', topics: [TOPIC], report: true }, SETUP_MS)
  const side: Side = {
    label: 'raw',
    procs: workers,
    room: (from, seq) => { workers[from].write({ cmd: 'raw-publish', topic: TOPIC, bytes: ROOM_BYTES, seq }) },
    dm: (from) => { workers[from].write({ cmd: 'echo-send' }) },
    sent: 0,
    dms: 0,
    delivered: 0,
    failed: 0
  }
  for (const w of workers) count(side, w, (line) => line.event === 'echo-recv' || line.event === 'raw-message')
  return side
}

async function sample (side: Side, ms: number): Promise<Sample[]> {
  const messages = side.sent
  return Promise.all(side.procs.map(async (p) => {
    const s = await p.ok({ cmd: 'stats', gc: true }, SETUP_MS)
    if (s.gc !== true) throw new Error(`${side.label}: stats without a GC (is --expose-gc set?)`)
    const v8 = s.v8 as V8Memory
    return {
      ...await mappedOf(p.pid),
      ms,
      messages,
      db: Number((s.db as { bytes?: number } | undefined)?.bytes ?? 0) / MIB,
      rss: s.rss / MIB,
      heap: s.heapUsed / MIB,
      heapTotal: s.heapTotal / MIB,
      external: s.external / MIB,
      arrayBuffers: s.arrayBuffers / MIB,
      fds: Number(s.fds),
      streams: Number(s.openStreams),
      old: (v8.physical - v8.newSpace) / MIB,
      young: v8.newSpace / MIB,
      code: v8.code / MIB,
      rest: (s.rss - v8.physical + v8.newSpace) / MIB
    }
  }))
}

/** Runs both networks side by side under the same schedule; returns each process's samples. */
async function drive (plan: SoakPlan, sides: Side[]): Promise<Map<Side, Sample[][]>> {
  const series = new Map(sides.map((s) => [s, [[], [], []] as Sample[][]]))
  const perSecond = plan.roomRate * 3 + plan.dmRate
  const total = Math.round(perSecond * plan.minutes * 60)
  const start = performance.now()
  let stop = false
  const take = async (): Promise<void> => {
    const ms = performance.now() - start
    for (const side of sides) (await sample(side, ms)).forEach((s, i) => { series.get(side)?.[i].push(s) })
  }
  const sampler = (async () => {
    await take()
    for (let next = plan.sampleMs; !stop; next += plan.sampleMs) {
      await sleep(start + next - performance.now())
      if (!stop) await take()
    }
  })()
  // One schedule for both: of every `perSecond` ticks, roomRate × 3 are room messages (the peers in
  // turn) and dmRate are DMs (around the ring in turn).
  const roomTicks = plan.roomRate * 3
  await paced(total, perSecond, (i) => {
    const slot = i % perSecond
    for (const side of sides) {
      if (slot < roomTicks) side.room(slot % 3, i)
      else side.dm(side.dms++ % 3)
      side.sent++
    }
  })
  stop = true
  await sampler
  await take()
  return series
}

const FITTED = ['rss', 'heap', 'external', 'arrayBuffers', 'fds', 'streams', 'old', 'young', 'code', 'rest', 'anon', 'brk', 'tables', 'files'] as const
type Fitted = Record<typeof FITTED[number], number[]> & { stderr: { rss: number, heap: number, external: number } }

/** Slopes per process after the warm-up: MiB (or handles) per 10,000 messages. */
function fit (samples: Sample[][], warmupMs: number): Fitted {
  const out: Fitted = { rss: [], heap: [], external: [], arrayBuffers: [], fds: [], streams: [], old: [], young: [], code: [], rest: [], anon: [], brk: [], tables: [], files: [], stderr: { rss: 0, heap: 0, external: 0 } }
  for (const proc of samples) {
    const after = proc.filter((s) => s.ms >= warmupMs)
    const xs = after.map((s) => s.messages / PER)
    for (const key of FITTED) {
      const t = trend(xs, after.map((s) => s[key]))
      out[key].push(t.slope)
      if (key === 'rss' || key === 'heap' || key === 'external') out.stderr[key] = Math.max(out.stderr[key], t.stderr)
    }
  }
  return out
}

const summaryOf = (values: number[]): { median: number, p99: number } => ({ median: median(values), p99: Math.max(...values) })

/** Where a side's RSS slope is (medians of the 3 processes, MiB per 10,000 messages): see {@link Sample}. */
function breakdown (label: string, f: Fitted): string {
  const m = (key: typeof FITTED[number]): string => median(f[key]).toFixed(2)
  return `${label}: RSS ${m('rss')} = V8 old generation and code ${m('old')} (code ${m('code')}) + the rest ${m('rest')} (young generation in use, malloc, LevelDB, Buffers; young generation committed ${m('young')}); external ${m('external')} (array buffers ${m('arrayBuffers')}); by mapping: anonymous ${m('anon')} (main malloc arena ${m('brk')}), LevelDB tables ${m('tables')}, other files ${m('files')}`
}

function rows (plan: SoakPlan, parley: Fitted, raw: Fitted, delivery: string, complete: boolean): Result[] {
  const where = `per ${PER.toLocaleString('en')} messages, ${breakdown('parley', parley)}; ${breakdown('bare', raw)}`
  const memory = (key: 'rss' | 'heap' | 'external', what: string): Result => {
    const p = summaryOf(parley[key])
    const r = summaryOf(raw[key])
    // "No faster than the baseline" within the fits' noise: twice the combined standard error of the slopes.
    const noise = 2 * Math.hypot(parley.stderr[key], raw.stderr[key])
    // The short mode ends before V8's young generation settles: it is judged against the baseline only.
    const absolute = plan !== QUICK && key !== 'external'
    // A side that lost deliveries or commands (a worker or peer fell over) carried less traffic: no verdict.
    const met = complete && (key === 'external' ? p.p99 <= Math.max(1, r.median + noise) : (!absolute || p.p99 < 1) && p.median <= r.median + noise)
    return {
      bench: 'soak',
      name: `${what} growth after warm-up, per ${PER.toLocaleString('en')} messages (p99 column: the worst of 3 peers)`,
      unit: 'MiB',
      parley: p,
      baseline: { name: 'bare libp2p + gossipsub nodes, same traffic', ...r },
      ratio: r.median === 0 ? undefined : p.median / r.median,
      target: key === 'external' ? `≤ 1 MiB or ≤ baseline + ${noise.toFixed(2)} (2 σ of the fits)` : `${absolute ? '< 1 MiB and ' : ''}≤ baseline + ${noise.toFixed(2)} (2 σ of the fits)`,
      met,
      limit: met ? undefined : `${delivery}${key === 'rss' ? `; ${where}` : ''}; the series is in bench/results/soak${plan === QUICK ? '-quick' : ''}.{svg,json} (heapTotal beside the heap after GC), what was found in bench/README.md#soak`
    }
  }
  const handles = (key: 'fds' | 'streams', what: string): Result => {
    const p = summaryOf(parley[key])
    const r = summaryOf(raw[key])
    return {
      bench: 'soak',
      name: `${what}: trend after warm-up, per ${PER.toLocaleString('en')} messages (p99 column: the worst peer)`,
      unit: '',
      parley: p,
      baseline: { name: 'bare libp2p + gossipsub nodes, same traffic', ...r },
      target: 'flat: < 1 per 10,000 messages',
      met: complete && p.p99 < 1,
      limit: complete && p.p99 < 1 ? undefined : !complete ? delivery : 'DM streams stay open DM_SENDER_IDLE_MS after their last frame, so the count moves by a few between samples: see the series'
    }
  }
  return [memory('rss', 'RSS'), memory('heap', 'heap after GC'), memory('external', 'external memory'), handles('fds', 'open file descriptors'), handles('streams', 'open streams')]
}

function chart (plan: SoakPlan, series: Map<Side, Sample[][]>): string {
  const colors = { rss: '#d62728', heap: '#1f77b4', external: '#2ca02c' }
  const lines: Series[] = []
  for (const [side, samples] of series) {
    for (const key of ['rss', 'heap', 'external'] as const) {
      // The mean of the three processes at each sample.
      const points = samples[0].map((s, i): [number, number] => [s.messages / 1000, samples.reduce((n, proc) => n + (proc[i]?.[key] ?? 0), 0) / samples.length])
      lines.push({ name: `${side.label} ${key === 'heap' ? 'heap after GC' : key}`, color: colors[key], dashed: side.label === 'raw', points })
    }
  }
  const warm = [...series.values()][0][0].find((s) => s.ms >= plan.warmupMs)
  return lineChart(`soak: 3 peers, ${plan.roomRate * 3} room msg/s + ${plan.dmRate} DM/s, ${plan.minutes} min (mean of 3 processes)`, 'messages sent (thousands)', 'MiB', lines, warm === undefined ? [] : [{ x: warm.messages / 1000, label: 'warm-up ends' }])
}

/**
 * The warm-up of a run of `minutes`: FULL's 2 minutes (less for a shorter run: a fifth of it); a run
 * longer than FULL leaves out its first half. One-time steps land well after 2 minutes: V8 grows its
 * young generation to its cap between 5 and 18 minutes, LevelDB's cache fills and its first
 * compactions run, and the bare nodes themselves step by ~18 MiB between 20 and 30 minutes (round 9:
 * fitted from the first third of a 55-minute run their slope was 3.55 MiB per 10,000 messages, from
 * its second half 0.76–0.98). A long run is asked for to see past them.
 */
export function warmupFor (minutes: number): number {
  if (minutes > FULL.minutes) return minutes * 60_000 / 2
  return Math.min(FULL.warmupMs, minutes * 60_000 / 5)
}

/** Runs the soak benchmark: `--quick` is the short mode; `minutes` (from `--minutes`) lengthens the full one. */
export async function soakBench (quick: boolean, options: { minutes?: number } = {}): Promise<Result[]> {
  const plan = quick ? QUICK : options.minutes === undefined ? FULL : { ...FULL, minutes: options.minutes, warmupMs: warmupFor(options.minutes) }
  return withScope(async (scope) => {
    const sides = [await parleySide(scope), await rawSide(scope)]
    // Let gossipsub form its mesh (a heartbeat or two) before the schedule starts.
    await sleep(3000)
    const series = await drive(plan, sides)
    await until(() => sides.every((s) => s.delivered >= expected(s)), 30_000)
    // PARLEY_SOAK_OUT: another path for the .svg and .json (runs side by side).
    const base = process.env.PARLEY_SOAK_OUT ?? new URL(`./results/soak${quick ? '-quick' : ''}`, import.meta.url).pathname
    await writeFile(`${base}.svg`, chart(plan, series))
    await writeFile(`${base}.json`, JSON.stringify({ plan, series: Object.fromEntries([...series].map(([s, v]) => [s.label, v])) }) + '\n')
    const [parley, raw] = sides.map((s) => fit(series.get(s) ?? [], plan.warmupMs))
    const delivery = sides.map((s) => `${s.label}: ${s.delivered} of ${expected(s)} deliveries, ${s.failed} failed commands`).join('; ')
    process.stderr.write(`soak: ${delivery}\nsoak: ${breakdown('parley', parley)}\nsoak: ${breakdown('bare', raw)}\n`)
    return rows(plan, parley, raw, delivery, sides.every((s) => s.failed === 0 && s.delivered >= expected(s)))
  })
}

/** Deliveries a side should see: every room message at the 2 other peers, every DM once. */
function expected (side: Side): number {
  return (side.sent - side.dms) * 2 + side.dms
}
