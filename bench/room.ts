/**
 * room: 10 and 30 peers spread over 3 worker processes in a sparse topology
 * (each peer dials its successor on a ring and 2 others chosen by a seeded
 * generator). Numbered 200-byte messages are published at 20 msg/s by the
 * peers in turn; every peer records when each arrives. Parley peers
 * (createNodePeer, the same code `parley` runs, in a room) and bare
 * gossipsub nodes with default options run side by side as two networks of
 * the same shape, alternating trials. Worker clocks are translated to the
 * harness clock before latencies are computed.
 */
import { cpus } from 'node:os'
import { withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import { paced, sleep, until } from './lib/time.ts'
import { now, type NdjsonProcess } from './lib/child.ts'
import type { Result } from './lib/report.ts'

export const RATE = 20
const PROCESSES = 3
/** The ring neighbour plus this many others: a sparse graph that is always connected. */
const EXTRA_DIALS = 2

export interface Network {
  workers: NdjsonProcess[]
  /** Processes the peers are spread over (peer i in process i mod processes). */
  processes: number
  /** Resident memory of each worker before its peers were made, in bytes. */
  emptyRss: number[]
  /** Worker clock minus harness clock, per worker. */
  offsets: number[]
  size: number
  /** Each peer's TCP address, by peer number. */
  addrs: string[]
}

/** Deterministic PRNG (mulberry32), so every run and both networks get the same topology. */
function random (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Edges [from, to] of the benchmark topology over `size` peers. */
export function topology (size: number, seed = 8): Array<[number, number]> {
  const next = random(seed + size)
  const edges = new Set<string>()
  for (let i = 0; i < size; i++) {
    edges.add(`${i},${(i + 1) % size}`)
    let added = 0
    while (added < EXTRA_DIALS) {
      const j = Math.floor(next() * size)
      if (j === i || edges.has(`${i},${j}`) || edges.has(`${j},${i}`)) continue
      edges.add(`${i},${j}`)
      added++
    }
  }
  return [...edges].map((e) => e.split(',').map(Number) as [number, number])
}

/** Peer i lives in worker i % processes as that worker's node ⌊i / processes⌋. */
export const home = (i: number, processes = PROCESSES): { w: number, local: number } => ({ w: i % processes, local: Math.floor(i / processes) })

/** How long a worker may take to answer a query: a worker of 75 Parley peers forming a room stalled for over 60 s. */
const REPLY_MS = 180_000

/** Dials in flight per worker while a network forms (hundreds at once time out on a loaded machine). */
const DIALS_IN_FLIGHT = 2
const DIAL_ATTEMPTS = 8

/** Runs `fn` over `items`, at most `limit` at a time. */
async function limited<T> (items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

async function clockOffset (worker: NdjsonProcess): Promise<number> {
  let best = { rtt: Infinity, offset: 0 }
  for (let i = 0; i < 7; i++) {
    const t1 = now()
    const reply = await worker.ok({ cmd: 'clock' }, REPLY_MS)
    const t2 = now()
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: (reply.now as number) - (t1 + t2) / 2 }
  }
  return best.offset
}

/** Starts a network of `size` peers over `processes` workers, connected and meshed. */
export async function network (scope: Scope, size: number, parley: boolean, processes = PROCESSES): Promise<Network> {
  const workers = await Promise.all(Array.from({ length: processes }, async () => scope.worker()))
  const emptyRss = await Promise.all(workers.map(async (w) => (await w.ok({ cmd: 'memory' })).rss as number))
  const dir = await scope.dir(parley ? 'room-parley' : 'room-raw')
  const addrs: string[] = []
  const at = (i: number): { w: number, local: number } => home(i, processes)
  await Promise.all(workers.map(async (worker, w) => {
    const count = Array.from({ length: size }, (_, i) => i).filter((i) => at(i).w === w).length
    const { nodes } = await worker.ok({ cmd: 'room-nodes', count, parley, dir: `${dir}/w${w}` }, 120_000 + 2_000 * count)
    for (const [local, node] of (nodes as Array<{ addr: string }>).entries()) addrs[local * processes + w] = node.addr
  }))
  // Each worker dials its peers' edges a few at a time; a dial whose handshake times out on a
  // loaded machine is tried again (up to DIAL_ATTEMPTS in all), after a pause.
  const edges = topology(size)
  await Promise.all(workers.map(async (worker, w) => {
    await limited(edges.filter(([from]) => at(from).w === w), DIALS_IN_FLIGHT, async ([from, to]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await worker.ok({ cmd: 'dial', node: at(from).local, addr: addrs[to] }, 60_000)
          return
        } catch (err) {
          if (attempt >= DIAL_ATTEMPTS) throw err
          await sleep(1000 * attempt)
        }
      }
    })
  }))
  await Promise.all(workers.map(async (w) => w.ok({ cmd: 'join' }, 120_000)))
  const meshed = await until(async () => {
    const states = await Promise.all(workers.map(async (w) => (await w.ok({ cmd: 'state' }, REPLY_MS)).nodes as Array<{ connections: number, subscribers: number, mesh: number }>))
    // Every peer of a small room; 98% of a room of hundreds, where a loaded machine leaves a few
    // peers a heartbeat or two behind (gossip reaches them anyway, and delivery is measured).
    const ready = states.flat().filter((s) => s.subscribers >= Math.min(s.connections, 3) && s.mesh >= Math.min(s.subscribers, 4)).length
    return ready >= (size <= 30 ? size : Math.ceil(0.98 * size))
  }, 60_000 + 600 * size)
  if (!meshed) throw new Error(`room: the ${parley ? 'Parley' : 'raw'} network of ${size} did not form its mesh`)
  // Let joins settle (presence announcements and history sync between Parley peers) before measuring.
  await sleep(2000 + 20 * size)
  return { workers, processes, emptyRss, offsets: await Promise.all(workers.map(clockOffset)), size, addrs }
}

export interface Trial {
  latencies: number[]
  delivered: number
  expected: number
  cpuMs: number
  steps: Array<[string, number]>
  /** Resident memory of all workers after the trial, less theirs before their peers were made, in bytes. */
  peersRss: number
  /** Messages no other peer received, and the errors publishes failed with. */
  unreached: number
  publishErrors: string[]
  /** After a trial that lost messages: how many peers had no connection, no topic subscriber, no mesh peer. */
  isolated?: { connections: number, subscribers: number, mesh: number }
  /** Connections closed since the network formed, counted by who closed them and with what error. */
  closes: Record<string, number>
  /** The longest event-loop stall of any worker during the trial, ms. */
  loopMaxMs: number
}

/** The network's closed connections so far, counted by closer and error (bench/workers/room-node.ts). */
async function closesOf (net: Network): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const w of net.workers) {
    for (const c of (await w.ok({ cmd: 'closes' }, REPLY_MS)).closes as Array<{ by: string, error: string }>) {
      const key = `${c.by} (${c.error})`
      counts[key] = (counts[key] ?? 0) + 1
    }
  }
  return counts
}

/** A trial waits for its messages while they still arrive: until none has arrived for this long… */
const QUIET_MS = 20_000
/** …or this long after the last publish, whichever comes first. */
const MAX_WAIT_MS = 180_000

/**
 * Waits until every peer has every message, or no copy has arrived for QUIET_MS (at most
 * MAX_WAIT_MS): on a saturated machine a worker's event loop stalls for tens of seconds and its
 * copies arrive late, which the latency counts; a fixed deadline would count them as lost.
 * Resolves with the time waited, ms.
 */
async function awaitDeliveries (net: Network, expected: number): Promise<number> {
  const start = performance.now()
  let last = -1
  let changed = start
  while (performance.now() - start < MAX_WAIT_MS) {
    const count = (await Promise.all(net.workers.map(async (w) => (await w.ok({ cmd: 'received' }, REPLY_MS)).count as number))).reduce((a, b) => a + b, 0)
    if (count >= expected) break
    if (count > last) {
      last = count
      changed = performance.now()
    } else if (performance.now() - changed > QUIET_MS) {
      break
    }
    await sleep(250)
  }
  return performance.now() - start
}

export async function trial (net: Network, count: number, rate = RATE): Promise<Trial> {
  const before = await Promise.all(net.workers.map(async (w) => (await w.ok({ cmd: 'trial-start' }, REPLY_MS)).loopMaxMs as number))
  await paced(count, rate, (seq) => {
    const { w, local } = home(seq % net.size, net.processes)
    net.workers[w].write({ cmd: 'publish', node: local, seq })
  })
  const expected = count * (net.size - 1)
  const waited = await awaitDeliveries(net, expected)
  const collected = await Promise.all(net.workers.map(async (w) => w.ok({ cmd: 'collect' }, REPLY_MS)))
  const sentAt = new Map<number, number>()
  collected.forEach((c, w) => { for (const [seq, t] of c.sent as Array<[number, number]>) sentAt.set(seq, t - net.offsets[w]) })
  const seen = new Set<string>()
  const latencies: number[] = []
  collected.forEach((c, w) => {
    for (const [node, seq, t] of c.received as Array<[number, number, number]>) {
      const key = `${w}:${node}:${seq}`
      const start = sentAt.get(seq)
      if (seen.has(key) || start === undefined) continue
      seen.add(key)
      latencies.push(t - net.offsets[w] - start)
    }
  })
  const peersRss = collected.reduce((s, c, w) => s + (c.rss as number) - net.emptyRss[w], 0)
  const reached = new Set([...seen].map((key) => key.split(':')[2]))
  let isolated: Trial['isolated']
  if (seen.size < expected) {
    const states = (await Promise.all(net.workers.map(async (w) => (await w.ok({ cmd: 'state' }, REPLY_MS)).nodes as Array<{ connections: number, subscribers: number, mesh: number }>))).flat()
    isolated = { connections: states.filter((s) => s.connections === 0).length, subscribers: states.filter((s) => s.subscribers === 0).length, mesh: states.filter((s) => s.mesh === 0).length }
  }
  const closes = await closesOf(net)
  const loopMaxMs = Math.max(...collected.map((c) => (c.loopMs as { max: number }).max))
  if (process.env.PARLEY_BENCH_ROOM_TRACE !== undefined) {
    const loops = collected.map((c) => c.loopMs as { p99: number, max: number }).map((l) => `${l.p99.toFixed(0)}/${l.max.toFixed(0)}`).join(' ')
    process.stderr.write(`room trial: ${seen.size}/${expected} delivered (waited ${(waited / 1000).toFixed(0)} s after the last publish), isolated ${JSON.stringify(isolated)}, event-loop stall p99/max per worker ${loops} ms (longest before the trial ${before.map((ms) => ms.toFixed(0)).join(' ')} ms), closes ${JSON.stringify(closes)}\n`)
  }
  return {
    isolated,
    closes,
    loopMaxMs,
    unreached: count - reached.size,
    publishErrors: collected.flatMap((c) => c.publishErrors as string[]), latencies, delivered: seen.size, expected, cpuMs: collected.reduce((s, c) => s + (c.cpuMs as number), 0), steps: collected.flatMap((c) => c.steps as Array<[string, number]>), peersRss }
}

/** What the trials' losses were made of: messages that reached no peer, publishes that failed. */
function lossOf (runs: { parley: Trial[], raw: Trial[] }): string {
  const side = (ts: Trial[]): string => {
    const errors = new Map<string, number>()
    for (const name of ts.flatMap((t) => t.publishErrors)) errors.set(name, (errors.get(name) ?? 0) + 1)
    const alone = ts.flatMap((t) => t.isolated === undefined ? [] : [`${t.isolated.connections} / ${t.isolated.subscribers} / ${t.isolated.mesh}`])
    // Closes are counted since the network formed: the last trial's count covers them all.
    const closes = Object.entries(ts.at(-1)?.closes ?? {}).map(([why, n]) => `${n} × ${why}`).join(', ')
    return `${ts.reduce((s, t) => s + t.unreached, 0)} messages reached no peer, ${[...errors].map(([n, c]) => `${c} × ${n}`).join(', ') || 'no publish failed'}${alone.length > 0 ? `, peers without a connection / a topic subscriber / a mesh peer after each lossy trial: ${alone.join('; ')}` : ''}, connections closed: ${closes || 'none'}`
  }
  return `Parley: ${side(runs.parley)}; raw: ${side(runs.raw)}`
}

function rows (size: number, count: number, runs: { parley: Trial[], raw: Trial[] }): Result[] {
  const all = (ts: Trial[]): { lat: number[], ratio: number, cpu: number[] } => ({
    lat: ts.flatMap((t) => t.latencies),
    ratio: 100 * ts.reduce((s, t) => s + t.delivered, 0) / ts.reduce((s, t) => s + t.expected, 0),
    cpu: ts.map((t) => t.cpuMs / count)
  })
  const p = all(runs.parley)
  const r = all(runs.raw)
  const lat = { parley: summary(p.lat), raw: summary(r.lat) }
  const cpu = { parley: summary(p.cpu), raw: summary(r.cpu) }
  const baseline = `raw gossipsub, default options (${size} peers)`
  const steps = new Map<string, number[]>()
  for (const [step, ms] of runs.parley.flatMap((t) => t.steps)) steps.set(step, [...(steps.get(step) ?? []), ms])
  const measured = [...steps].map(([step, ms]) => `${step} ${summary(ms).median.toFixed(2)} ms (p99 ${summary(ms).p99.toFixed(1)})`).join(', ')
  const limit = `Parley's median is ${(lat.parley.median - lat.raw.median).toFixed(1)} ms above raw gossipsub's. Steps measured in this run: ${measured}. A peer shows a message only after storing it, and the store's completions wait for CPU: every message makes all ${size} peers verify and forward it at once (${cpu.parley.median.toFixed(0)} ms CPU per message over the 3 processes) on ${cpus().length} cores, while raw gossipsub reports at delivery (bench/README.md#room)`
  const label = `${size} peers / 3 processes, ${count} × 200 B at ${RATE} msg/s`
  return [
    { bench: 'room', name: `delivery ratio, ${label}`, unit: '%', parley: { median: p.ratio, p99: p.ratio }, baseline: { name: baseline, median: r.ratio, p99: r.ratio }, ratio: p.ratio / r.ratio, target: '100%', met: p.ratio === 100, ...(p.ratio === 100 ? {} : { limit: lossOf(runs) }) },
    { bench: 'room', name: `latency to every peer, ${label}`, unit: 'ms', parley: lat.parley, baseline: { name: baseline, ...lat.raw }, ratio: lat.parley.median / lat.raw.median, target: 'p99 ≤ baseline p99', met: lat.parley.p99 <= lat.raw.p99, limit },
    { bench: 'room', name: `CPU per message, all 3 processes, ${label}`, unit: 'ms', parley: cpu.parley, baseline: { name: baseline, ...cpu.raw }, ratio: cpu.parley.median / cpu.raw.median, target: 'reported', met: true }
  ]
}

async function roomOfSize (size: number, quick: boolean): Promise<Result[]> {
  return withScope(async (scope) => {
    const nets = { raw: await network(scope, size, false), parley: await network(scope, size, true) }
    const runs = { parley: [] as Trial[], raw: [] as Trial[] }
    const count = quick ? 40 : 200
    for (let t = 0; t < (quick ? 1 : 3); t++) {
      const order: Array<'parley' | 'raw'> = t % 2 === 0 ? ['raw', 'parley'] : ['parley', 'raw']
      for (const side of order) runs[side].push(await trial(nets[side], count))
    }
    return rows(size, count, runs)
  })
}

/** A room at scale: peers, processes, rate, messages, and its targets. */
export interface ScaleCase {
  size: number
  processes: number
  rate: number
  count: number
  /** Parley's p99 must be at most this times raw gossipsub's. */
  p99Ratio: number
  /** Most CPU per message per peer, ms (undefined: reported). */
  cpuPerPeerMs?: number
}

/** The recorded scale rows (full runs only). */
export const SCALE: ScaleCase[] = [
  { size: 100, processes: 4, rate: 20, count: 200, p99Ratio: 0.5, cpuPerPeerMs: 0.5 },
  { size: 300, processes: 4, rate: 5, count: 100, p99Ratio: 1 }
]

/**
 * A room of hundreds: the raw network first, then Parley's, each alone on the machine (a whole
 * idle network of that size beside the measured one would take a share of the 2 cores), one trial
 * each. CPU is per message and per peer; memory is the workers' growth from empty, per peer.
 */
async function roomAtScale (c: ScaleCase): Promise<Result[]> {
  const one = async (parley: boolean): Promise<Trial> => withScope(async (scope) => trial(await network(scope, c.size, parley, c.processes), c.count, c.rate))
  const raw = await one(false)
  const parley = await one(true)
  const label = `${c.size} peers / ${c.processes} processes, ${c.count} × 200 B at ${c.rate} msg/s`
  const baseline = `raw gossipsub, default options (${c.size} peers)`
  const ratio = (t: Trial): number => 100 * t.delivered / t.expected
  const lat = { parley: summary(parley.latencies), raw: summary(raw.latencies) }
  const cpu = (t: Trial): number => t.cpuMs / c.count / c.size
  const mib = (t: Trial): number => t.peersRss / c.size / 2 ** 20
  const p99Met = lat.parley.p99 <= c.p99Ratio * lat.raw.p99
  const cpuMet = c.cpuPerPeerMs === undefined || cpu(parley) <= c.cpuPerPeerMs
  return [
    { bench: 'room', name: `delivery ratio, ${label}`, unit: '%', parley: { median: ratio(parley), p99: ratio(parley) }, baseline: { name: baseline, median: ratio(raw), p99: ratio(raw) }, ratio: ratio(parley) / ratio(raw), target: '100%', met: ratio(parley) === 100, ...(ratio(parley) === 100 ? {} : { limit: lossOf({ parley: [parley], raw: [raw] }) }) },
    {
      bench: 'room',
      name: `latency to every peer, ${label}`,
      unit: 'ms',
      parley: lat.parley,
      baseline: { name: baseline, ...lat.raw },
      ratio: lat.parley.p99 / lat.raw.p99,
      target: c.p99Ratio === 1 ? 'p99 ≤ baseline p99' : `p99 ≤ ${c.p99Ratio}× baseline p99`,
      met: p99Met,
      ...(p99Met ? {} : { limit: `CPU per message per peer ${cpu(parley).toFixed(2)} ms against raw gossipsub's ${cpu(raw).toFixed(2)} ms on ${cpus().length} cores (bench/README.md#a-room-of-10000)` })
    },
    {
      bench: 'room',
      name: `CPU per message per peer, ${label}`,
      unit: 'ms',
      parley: { median: cpu(parley), p99: cpu(parley) },
      baseline: { name: baseline, median: cpu(raw), p99: cpu(raw) },
      ratio: cpu(parley) / cpu(raw),
      target: c.cpuPerPeerMs === undefined ? 'reported' : `≤ ${c.cpuPerPeerMs} ms`,
      met: cpuMet,
      ...(cpuMet ? {} : { limit: 'every peer decodes, verifies, stores and forwards every message; see bench/README.md#a-room-of-10000' })
    },
    { bench: 'room', name: `resident memory per peer, ${label}`, unit: 'MiB', parley: { median: mib(parley), p99: mib(parley) }, baseline: { name: baseline, median: mib(raw), p99: mib(raw) }, ratio: mib(parley) / mib(raw), target: 'reported', met: true }
  ]
}

/**
 * Runs the room benchmark: 10 and 30 peers, then (full runs) the scale cases.
 * PARLEY_BENCH_ROOM=scale runs the scale cases alone (scale:100 the one of 100 peers),
 * PARLEY_BENCH_ROOM=small the small ones (small:30 the one of 30 peers).
 */
export async function roomBench (quick: boolean): Promise<Result[]> {
  const [only, size] = (process.env.PARLEY_BENCH_ROOM ?? '').split(':')
  const results: Result[] = []
  if (only !== 'scale') for (const n of [10, 30]) if (only !== 'small' || size === undefined || Number(size) === n) results.push(...await roomOfSize(n, quick))
  if (only === 'scale' || (!quick && only !== 'small')) {
    for (const c of SCALE) {
      if (size !== undefined && Number(size) !== c.size) continue
      try {
        results.push(...await roomAtScale(c))
      } catch (err) {
        // One case that cannot finish on the machine must not cost the rows of the others.
        const e = err as Error
        results.push({ bench: 'room', name: `${c.size} peers / ${c.processes} processes at ${c.rate} msg/s`, unit: '', target: 'runs to the end', met: false, limit: `${e.name}: ${e.message.split('\n')[0]}` })
      }
    }
  }
  return results
}
