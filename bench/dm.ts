/**
 * dm: two `parley --json` processes on 127.0.0.1 exchange 1 KiB DMs (Double
 * Ratchet, stored on both sides, delivery receipts), against two worker
 * processes echoing the same 1 KiB payloads over a raw libp2p stream (TCP +
 * Noise + yamux). Paced latency trials at 100 msg/s and pipelined bursts
 * alternate between the two pairs. Every time is taken on the harness's
 * clock as it writes a command or reads an event line, so both sides carry
 * the same NDJSON overhead.
 */
import { readdir, readFile } from 'node:fs/promises'
import { withScope, type Scope } from './lib/scope.ts'
import { summary } from './lib/stats.ts'
import { paced, until } from './lib/time.ts'
import { now, type Json, type NdjsonProcess } from './lib/child.ts'
import { DM_FRAMES_PER_SECOND, DM_WINDOW_FRAMES } from '../packages/node/dist/dm/constants.js'
import type { Result } from './lib/report.ts'

const TEXT = 'x'.repeat(1024)
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ on Linux). */
const USER_HZ = 100

/**
 * CPU milliseconds a process has used so far, all its threads (a diagnostic: CPU per DM moves less
 * with the machine's load than the rates do). Each thread's schedstat counts nanoseconds on a CPU;
 * /proc/<pid>/stat's utime and stime (10 ms ticks, too coarse for a 300-DM burst) when it is absent.
 */
async function cpuMs (pid: number): Promise<number> {
  try {
    const threads = await readdir(`/proc/${pid}/task`)
    const ns = await Promise.all(threads.map(async (t) => Number((await readFile(`/proc/${pid}/task/${t}/schedstat`, 'utf8')).split(' ')[0])))
    if (ns.every(Number.isFinite)) return ns.reduce((a, b) => a + b, 0) / 1e6
  } catch {
    // A thread that ended between the listing and the read, or no schedstat: the coarse count below.
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 1000 / USER_HZ
}

/** Runs a burst of `count` messages and adds the CPU each process spent on it, per message, to `into`. */
async function measuredBurst (pids: Record<string, number>, into: Map<string, number[]>, count: number, burst: () => Promise<number>): Promise<number> {
  const before = await Promise.all(Object.values(pids).map(cpuMs))
  const harness = process.cpuUsage()
  const rate = await burst()
  const after = await Promise.all(Object.values(pids).map(cpuMs))
  const spent = process.cpuUsage(harness)
  const add = (name: string, ms: number): void => { into.set(name, [...(into.get(name) ?? []), ms / count]) }
  Object.keys(pids).forEach((name, i) => { add(name, after[i] - before[i]) })
  add('harness', (spent.user + spent.system) / 1000)
  return rate
}

const RATE = 100
const TARGET = 'p50 ≤ raw p50 + 1 ms; p99 ≤ 5 ms'

/** Send times, arrival at the recipient, and return to the sender, by message key. */
class Timings {
  readonly sent = new Map<string, number>()
  readonly arrived = new Map<string, number>()
  readonly returned = new Map<string, number>()
  /** When the sender answered the command (Parley: the DM is in its outbox and history, sealed or not). */
  readonly stored = new Map<string, number>()
  expected = 0

  reset (): void {
    this.sent.clear()
    this.arrived.clear()
    this.returned.clear()
    this.stored.clear()
    this.expected = 0
  }

  complete (): boolean {
    return this.sent.size === this.expected && [...this.sent.keys()].every((k) => this.returned.has(k))
  }

  /** Milliseconds from send (or `from`) to `to` for every message that got there. */
  delays (to: Map<string, number>, from: Map<string, number> = this.sent): number[] {
    const out: number[] = []
    for (const [k, t] of from) {
      const at = to.get(k)
      if (at !== undefined) out.push(at - t)
    }
    return out
  }

  lost (): number {
    return this.expected - this.delays(this.returned).length
  }
}

/** Round trips (harness clock) of single payloads each on a new raw stream, paced at RATE. */
async function freshStreamTrips (client: NdjsonProcess, count: number): Promise<number[]> {
  const trips: number[] = []
  await paced(count, RATE, async () => {
    const start = now()
    await client.ok({ cmd: 'echo-fresh' })
    trips.push(now() - start)
  })
  return trips
}

/** One side of the comparison: sends a message now; bursts `count` messages pipelined. */
interface Pair {
  timings: Timings
  /** Round trips of payloads on a stream opened for each (raw side only). */
  freshTrips?: (count: number) => Promise<number[]>
  send: () => void
  /** Messages per second of a pipelined burst. */
  burst: (count: number) => Promise<number>
  /** Error names the sending process reported (Parley side: its stderr). */
  errors: Set<string>
  /** The processes of the pair, by role (for the CPU diagnostic). */
  pids: Record<string, number>
}

async function parleyPair (scope: Scope): Promise<Pair> {
  const a = await scope.parley(await scope.dir('dm-a'), ['--nick', 'alice'])
  const b = await scope.parley(await scope.dir('dm-b'), ['--nick', 'bob', '--bootstrap', a.addr])
  await a.proc.waitFor((e) => e.event === 'connect' && e.peerId === b.peerId, 30_000, 'the two peers to connect')
  // Contacts both ways: a DM from a non-contact goes to a message request (MAX_REQUEST_MESSAGES held, then refused).
  await b.proc.ok({ cmd: 'contact-add', peer: a.peerId })
  const timings = new Timings()
  const commands = new Map<number, number>()
  const errors = new Set<string>()
  a.proc.child.stderr.on('data', (d: Buffer) => { for (const m of d.toString().matchAll(/(\w+Error)/g)) errors.add(m[1]) })
  a.proc.onLine = (line: Json, at: number) => {
    const sentAt = commands.get(line.id as number)
    if (sentAt !== undefined && line.ok === true) {
      commands.delete(line.id as number)
      timings.sent.set((line.message as Json).id as string, sentAt)
      timings.stored.set((line.message as Json).id as string, at)
    } else if (line.event === 'dm-receipt' && line.status === 'delivered') {
      timings.returned.set(line.id as string, at)
    }
  }
  b.proc.onLine = (line: Json, at: number) => { if (line.event === 'dm') timings.arrived.set(line.id as string, at) }
  const send = (): void => {
    timings.expected++
    const at = now()
    commands.set(a.proc.write({ cmd: 'dm', to: b.peerId, text: TEXT }), at)
  }
  return {
    timings,
    send,
    errors,
    pids: { sender: a.proc.pid, recipient: b.proc.pid },
    burst: async (count) => {
      timings.reset()
      for (let i = 0; i < count; i++) send()
      if (!await until(() => timings.complete(), 120_000)) throw new Error(`burst: ${timings.lost()} of ${count} DMs without a receipt after 120 s; sender stderr: ${a.proc.stderr.slice(-600)}; recipient stderr: ${b.proc.stderr.slice(-600)}`)
      return count / ((Math.max(...timings.returned.values()) - Math.min(...timings.sent.values())) / 1000)
    }
  }
}

async function rawPair (scope: Scope): Promise<Pair> {
  const server = await scope.worker()
  const client = await scope.worker()
  const addr = (await server.ok({ cmd: 'raw-node', kind: 'echo', echo: true })).addr as string
  await client.ok({ cmd: 'raw-node', kind: 'echo' })
  await client.ok({ cmd: 'echo-open', addr })
  const timings = new Timings()
  // Payloads are numbered by their order on the stream, at both ends, from the first one sent.
  let next = 0
  client.onLine = (line: Json, at: number) => { if (line.event === 'echo') timings.returned.set(String(line.n), at) }
  server.onLine = (line: Json, at: number) => { if (line.event === 'echo-recv') timings.arrived.set(String(line.n), at) }
  return {
    timings,
    send: () => {
      timings.expected++
      timings.sent.set(String(next++), now())
      client.write({ cmd: 'echo-send' })
    },
    errors: new Set(),
    pids: { sender: client.pid, echo: server.pid },
    burst: async (count) => count / ((await burstMs(client, count)) / 1000),
    freshTrips: async (count) => freshStreamTrips(client, count)
  }
}

async function burstMs (client: NdjsonProcess, count: number): Promise<number> {
  return (await client.ok({ cmd: 'echo-burst', count }, 120_000)).ms as number
}

/** Sends `count` messages at RATE and waits for their receipts (or 15 s). */
async function pacedTrial (pair: Pair, count: number): Promise<void> {
  pair.timings.reset()
  await paced(count, RATE, () => { pair.send() })
  await until(() => pair.timings.complete(), 15_000)
}

interface Samples { oneWay: number[], roundTrip: number[], rate: number[], lost: number, steps: Map<string, number[]>, cpu: Map<string, number[]> }

/** Parley's one way in steps, on the harness clock: the sender's answer says its write landed. */
function steps (t: Timings, into: Map<string, number[]>): void {
  const add = (name: string, values: number[]): void => { into.set(name, [...(into.get(name) ?? []), ...values]) }
  add('send → stored at the sender (command answered)', t.delays(t.stored))
  add('stored at the sender → stored and shown at the recipient', t.delays(t.arrived, t.stored))
  add('shown at the recipient → receipt at the sender', t.delays(t.returned, t.arrived))
}

const latencyRow = (name: string, baseline: string, parley: number[], raw: number[], lost: number, limit: string): Result => {
  const p = summary(parley)
  const r = summary(raw)
  return {
    limit,
    bench: 'dm',
    name: `${name}${lost > 0 ? ` (${lost} without receipt)` : ''}`,
    unit: 'ms',
    parley: p,
    baseline: { name: baseline, ...r },
    ratio: p.median / r.median,
    target: TARGET,
    met: lost === 0 && p.median <= r.median + 1 && p.p99 <= 5
  }
}

/** Runs the dm benchmark. */
export async function dmBench (quick: boolean): Promise<Result[]> {
  return withScope(async (scope) => {
    const pairs = { parley: await parleyPair(scope), raw: await rawPair(scope) }
    const samples: Record<'parley' | 'raw', Samples> = {
      parley: { oneWay: [], roundTrip: [], rate: [], lost: 0, steps: new Map(), cpu: new Map() },
      raw: { oneWay: [], roundTrip: [], rate: [], lost: 0, steps: new Map(), cpu: new Map() }
    }
    // Warm-up: session start (X3DH), stream set-up and JIT, not measured.
    for (const pair of Object.values(pairs)) await pacedTrial(pair, 20)
    const trials = quick ? 2 : 4
    const perTrial = quick ? 100 : 300
    for (let t = 0; t < trials; t++) {
      const order: Array<'parley' | 'raw'> = t % 2 === 0 ? ['raw', 'parley'] : ['parley', 'raw']
      for (const side of order) {
        const pair = pairs[side]
        await pacedTrial(pair, perTrial)
        samples[side].oneWay.push(...pair.timings.delays(pair.timings.arrived))
        samples[side].roundTrip.push(...pair.timings.delays(pair.timings.returned))
        samples[side].lost += pair.timings.lost()
        if (side === 'parley') steps(pair.timings, samples[side].steps)
        const count = side === 'raw' ? (quick ? 2000 : 5000) : (quick ? 300 : 1000)
        samples[side].rate.push(await measuredBurst(pair.pids, samples[side].cpu, count, async () => pair.burst(count)))
      }
    }
    const p = samples.parley
    const r = samples.raw
    const rate = { parley: summary(p.rate), raw: summary(r.rate) }
    const fresh = summary(await pairs.raw.freshTrips?.(quick ? 50 : 200) ?? [])
    const ms = (n: number): string => `${n.toFixed(2)} ms`
    const cpu = (m: Map<string, number[]>): string => [...m].map(([name, values]) => `${name} ${summary(values).median.toFixed(3)}`).join(', ')
    const cpuNote = `CPU per message in the bursts (ms, median of the trials): Parley ${cpu(p.cpu)}; raw ${cpu(r.cpu)}`
    const measured = [...p.steps].map(([name, values]) => `${name} ${ms(summary(values).median)} (p99 ${ms(summary(values).p99)})`).join(', ')
    const latencyLimit = `steps measured in this run (the stdout line of the sender's answer races its frame): ${measured}. A DM waits on 2 LevelDB batches in sequence (the sender's outbox + history write, which carries the session state when the DM is the next frame to leave, and the recipient's batch) and a Double Ratchet step each side, across two processes on 2 shared cores; the receipt is emitted on the recipient's acknowledgement, the sender's own delivered mark follows in one batch per ack; the DM stream stays open between messages (a raw payload on a stream of its own round-trips in ${ms(fresh.median)}, p99 ${ms(fresh.p99)}, against ${ms(summary(r.roundTrip).median)} on an open stream) (bench/README.md#dm)`
    return [
      latencyRow('delivery at 100 msg/s: send → stored and shown at the recipient', 'raw stream: send → read by the echo peer', p.oneWay, r.oneWay, p.lost, latencyLimit),
      latencyRow('round trip at 100 msg/s: send → delivery receipt', 'raw stream: send → echo back', p.roundTrip, r.roundTrip, p.lost, latencyLimit),
      {
        limit: `a window of ${DM_WINDOW_FRAMES} frames in flight per contact, acknowledged cumulatively; each side stores what arrives together in one LevelDB batch (group commit), and a recipient reads a contact's frames at up to ${DM_FRAMES_PER_SECOND} work units/s (DM_FRAMES_PER_SECOND, back-pressure, nothing refused); what is left is CPU per DM on 2 shared cores: JSON command and event lines, protobuf and a ratchet step each side, the LevelDB batches. ${cpuNote}${pairs.parley.errors.size > 0 ? `. The sender reported ${[...pairs.parley.errors].join(', ')} in this run` : ''} (bench/README.md#dm)`,
        bench: 'dm',
        name: 'sustained DMs/s (pipelined, every one receipted)',
        unit: 'msg/s',
        parley: rate.parley,
        baseline: { name: 'raw stream pipelined echo', ...rate.raw },
        ratio: rate.parley.median / rate.raw.median,
        target: '≥ 0.25× baseline',
        met: rate.parley.median >= 0.25 * rate.raw.median
      }
    ]
  })
}
