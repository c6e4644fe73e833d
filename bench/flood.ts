/**
 * flood: the room benchmark's 10 Parley peers over 3 worker processes, with
 * an eleventh peer in a process of its own (workers/flooder.ts) connected to
 * all of them, publishing well-formed room envelopes with bad signatures as
 * fast as it can while the honest peers post their paced messages. Each
 * flood trial has a fresh flooder (a new key, no score carried over) and is
 * compared with a trial of the same network without it, alternating. It
 * reports honest delivery and latency with and without the flood, the
 * flooder's score and mesh membership at every honest peer afterwards, and
 * the CPU the flood costs the honest processes.
 */
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import { until } from './lib/time.ts'
import { network, RATE, trial, type Network, type Trial } from './room.ts'
import { ROOM } from './workers/room-node.ts'
import { FORGERIES_BEFORE_CUTOFF } from '../packages/node/dist/net/constants.js'
import type { NdjsonProcess } from './lib/child.ts'
import type { Result } from './lib/report.ts'

const FLOODER = fileURLToPath(new URL('./workers/flooder.ts', import.meta.url))
const SIZE = 10

interface FloodTrial extends Trial {
  /** Forged copies the flooder sent to honest peers over `ms`. */
  copies: number
  /** The flooder's dials back once hung up on. */
  dials: number
  ms: number
  flooderCpuMs: number
  /** Each honest peer's view of the flooder once the trial is over. */
  views: Array<{ score: number, inMesh: boolean }>
}

async function flooder (scope: Scope): Promise<NdjsonProcess> {
  const proc = scope.spawn(FLOODER, [])
  await proc.waitFor((e) => e.event === 'ready', 60_000, 'flooder ready')
  return proc
}

async function floodTrial (net: Network, attacker: NdjsonProcess, count: number): Promise<FloodTrial> {
  const peerId = String((await attacker.ok({ cmd: 'start', room: ROOM, addrs: net.addrs }, 60_000)).peerId)
  if (!await until(async () => (await attacker.ok({ cmd: 'state' })).subscribers >= SIZE, 30_000)) throw new Error('flood: the flooder did not see the room\'s peers')
  // The flood starts a little before the honest messages and outlasts them.
  const ms = Math.ceil(count / RATE * 1000) + 2000
  const flood = attacker.ok({ cmd: 'flood', ms }, ms + 60_000)
  await new Promise((resolve) => setTimeout(resolve, 500))
  const honest = await trial(net, count)
  const flooded = await flood
  const views = (await Promise.all(net.workers.map(async (w) => (await w.ok({ cmd: 'peer-view', peer: peerId })).views as FloodTrial['views']))).flat()
  return { ...honest, copies: Number(flooded.copies), dials: Number(flooded.dials), ms, flooderCpuMs: Number(flooded.cpuMs), views }
}

function rows (count: number, runs: { flood: FloodTrial[], calm: Trial[] }): Result[] {
  const ratio = (ts: Trial[]): number => 100 * ts.reduce((s, t) => s + t.delivered, 0) / ts.reduce((s, t) => s + t.expected, 0)
  const lat = { flood: summary(runs.flood.flatMap((t) => t.latencies)), calm: summary(runs.calm.flatMap((t) => t.latencies)) }
  const cpu = { flood: summary(runs.flood.map((t) => t.cpuMs / count)), calm: summary(runs.calm.map((t) => t.cpuMs / count)) }
  const copies = summary(runs.flood.map((t) => t.copies))
  const dials = summary(runs.flood.map((t) => t.dials))
  const views = runs.flood.flatMap((t) => t.views)
  const scores = views.map((v) => v.score)
  const negative = scores.filter((s) => s < 0).length
  const meshed = views.filter((v) => v.inMesh).length
  const label = `${SIZE} peers / 3 processes, ${count} × 200 B at ${RATE} msg/s, a flooder forging as fast as it can (${copies.median.toFixed(0)} forged copies sent before it was cut off, ${dials.median.toFixed(0)} dials back)`
  const baseline = `the same network without the flood (${SIZE} peers)`
  const flood = ratio(runs.flood)
  const calm = ratio(runs.calm)
  return [
    { bench: 'flood', name: `honest delivery ratio under flood, ${label}`, unit: '%', parley: { median: flood, p99: flood }, baseline: { name: baseline, median: calm, p99: calm }, ratio: flood / calm, target: '≥ 99%', met: flood >= 99 },
    {
      bench: 'flood',
      name: `honest latency to every peer under flood, ${label}`,
      unit: 'ms',
      parley: lat.flood,
      baseline: { name: baseline, ...lat.calm },
      ratio: lat.flood.median / lat.calm.median,
      target: 'p99 ≤ 2 × baseline p99',
      met: lat.flood.p99 <= 2 * lat.calm.p99,
      limit: `The honest processes spent ${cpu.flood.median.toFixed(1)} ms CPU per honest message under the flood against ${cpu.calm.median.toFixed(1)} ms without; each honest peer hangs up on the flooder after its ${FORGERIES_BEFORE_CUTOFF}th forgery and refuses its dials back (a Noise handshake each), on ${cpus().length} cores shared with the flooder (itself ${summary(runs.flood.map((t) => t.flooderCpuMs / t.ms * 100)).median.toFixed(0)}% of a core)`
    },
    {
      bench: 'flood',
      name: `the flooder's score at each honest peer after the flood (${negative} of ${views.length} negative, in ${meshed} meshes)`,
      unit: '',
      parley: { median: summary(scores).median, p99: Math.max(...scores) },
      target: 'negative at every peer, pruned from every mesh',
      met: negative === views.length && meshed === 0,
      limit: negative === views.length && meshed === 0 ? undefined : `scores ${scores.map((s) => s.toFixed(0)).join(', ')}; still in ${meshed} meshes`
    },
    { bench: 'flood', name: `CPU of the 3 honest processes per honest message, ${label}`, unit: 'ms', parley: cpu.flood, baseline: { name: baseline, ...cpu.calm }, ratio: cpu.flood.median / cpu.calm.median, target: 'reported', met: true }
  ]
}

/** Runs the flood benchmark. */
export async function floodBench (quick: boolean): Promise<Result[]> {
  return withScope(async (scope) => {
    const net = await network(scope, SIZE, true)
    const attacker = await flooder(scope)
    const count = quick ? 40 : 200
    const runs = { flood: [] as FloodTrial[], calm: [] as Trial[] }
    for (let t = 0; t < (quick ? 1 : 3); t++) {
      // Calm first in the first round, so the first flood does not leave the network busy for it.
      if (t % 2 === 0) {
        runs.calm.push(await trial(net, count))
        runs.flood.push(await floodTrial(net, attacker, count))
      } else {
        runs.flood.push(await floodTrial(net, attacker, count))
        runs.calm.push(await trial(net, count))
      }
    }
    return rows(count, runs)
  })
}
