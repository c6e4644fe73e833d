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

/** Peer i lives in worker i % 3 as that worker's node ⌊i / 3⌋. */
export const home = (i: number): { w: number, local: number } => ({ w: i % PROCESSES, local: Math.floor(i / PROCESSES) })

async function clockOffset (worker: NdjsonProcess): Promise<number> {
  let best = { rtt: Infinity, offset: 0 }
  for (let i = 0; i < 7; i++) {
    const t1 = now()
    const reply = await worker.ok({ cmd: 'clock' })
    const t2 = now()
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: (reply.now as number) - (t1 + t2) / 2 }
  }
  return best.offset
}

/** Starts a network of `size` peers over 3 workers, connected and meshed. */
export async function network (scope: Scope, size: number, parley: boolean): Promise<Network> {
  const workers = await Promise.all(Array.from({ length: PROCESSES }, async () => scope.worker()))
  const dir = await scope.dir(parley ? 'room-parley' : 'room-raw')
  const addrs: string[] = []
  await Promise.all(workers.map(async (worker, w) => {
    const count = Array.from({ length: size }, (_, i) => i).filter((i) => home(i).w === w).length
    const { nodes } = await worker.ok({ cmd: 'room-nodes', count, parley, dir: `${dir}/w${w}` }, 120_000)
    for (const [local, node] of (nodes as Array<{ addr: string }>).entries()) addrs[local * PROCESSES + w] = node.addr
  }))
  await Promise.all(topology(size).map(async ([from, to]) => workers[home(from).w].ok({ cmd: 'dial', node: home(from).local, addr: addrs[to] })))
  await Promise.all(workers.map(async (w) => w.ok({ cmd: 'join' })))
  const meshed = await until(async () => {
    const states = await Promise.all(workers.map(async (w) => (await w.ok({ cmd: 'state' })).nodes as Array<{ connections: number, subscribers: number, mesh: number }>))
    return states.flat().every((s) => s.subscribers >= Math.min(s.connections, 3) && s.mesh >= Math.min(s.subscribers, 4))
  }, 60_000)
  if (!meshed) throw new Error(`room: the ${parley ? 'Parley' : 'raw'} network of ${size} did not form its mesh in 60 s`)
  // Let joins settle (presence announcements and history sync between Parley peers) before measuring.
  await sleep(2000)
  return { workers, offsets: await Promise.all(workers.map(clockOffset)), size, addrs }
}

export interface Trial { latencies: number[], delivered: number, expected: number, cpuMs: number, steps: Array<[string, number]> }

export async function trial (net: Network, count: number): Promise<Trial> {
  await Promise.all(net.workers.map(async (w) => w.ok({ cmd: 'trial-start' })))
  await paced(count, RATE, (seq) => {
    const { w, local } = home(seq % net.size)
    net.workers[w].write({ cmd: 'publish', node: local, seq })
  })
  const expected = count * (net.size - 1)
  await until(async () => (await Promise.all(net.workers.map(async (w) => (await w.ok({ cmd: 'received' })).count as number))).reduce((a, b) => a + b, 0) >= expected, 5000)
  const collected = await Promise.all(net.workers.map(async (w) => w.ok({ cmd: 'collect' })))
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
  return { latencies, delivered: seen.size, expected, cpuMs: collected.reduce((s, c) => s + (c.cpuMs as number), 0), steps: collected.flatMap((c) => c.steps as Array<[string, number]>) }
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
    { bench: 'room', name: `delivery ratio, ${label}`, unit: '%', parley: { median: p.ratio, p99: p.ratio }, baseline: { name: baseline, median: r.ratio, p99: r.ratio }, ratio: p.ratio / r.ratio, target: '100%', met: p.ratio === 100 },
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

/** Runs the room benchmark. */
export async function roomBench (quick: boolean): Promise<Result[]> {
  return [...await roomOfSize(10, quick), ...await roomOfSize(30, quick)]
}
