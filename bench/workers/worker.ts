/**
 * The bench worker: a process hosting bare libp2p nodes or Parley room peers,
 * driven by the harness over NDJSON on stdin/stdout (the same shape as
 * `parley --json`: commands with an id, replies `{id, ok, ...}`, events).
 * Times it reports are on this process's clock; the harness asks `clock` to
 * translate them.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { ClassicLevel } from 'classic-level'
import { v8Memory } from '../../packages/node/dist/node/stats.js'
import { collectGarbage } from '../../packages/node/dist/stats.js'
import { sendBulk, serveBulk } from './bulk.ts'
import { EchoClient, serveEcho } from './echo.ts'
import { createRawNode, libraryMended, tcpAddr, type RawKind, type RawNode } from './raw-node.ts'
import { parleyRoomNode, rawRoomNode, type RoomNode } from './room-node.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const now = (): number => performance.timeOrigin + performance.now()
const write = (obj: Json): void => { process.stdout.write(JSON.stringify(obj) + '\n') }

const raw: RawNode[] = []
const rooms: RoomNode[] = []
let client: EchoClient | undefined
let db: ClassicLevel<string, Uint8Array> | undefined
/** Publish times by message number, and [node, number, time] of every receipt, since `trial-start`. */
let sent: Array<[number, number]> = []
let received: Array<[number, number, number]> = []
/** Names of the errors publishes failed with, since `trial-start`. */
let publishErrors: string[] = []
let steps: Array<[string, number]> = []
let cpu = process.cpuUsage()
/** How long this process's event loop stalled, since `trial-start` (a saturated machine stalls it for seconds). */
const loopDelay = monitorEventLoopDelay({ resolution: 20 })
loopDelay.enable()
/**
 * PARLEY_BENCH_TRIAL_PROF=<dir>: a CPU profile of each trial alone (trial-start to collect), written
 * as <dir>/<pid>-<n>.cpuprofile, where --cpu-prof would cover the network forming too.
 */
const TRIAL_PROF = process.env.PARLEY_BENCH_TRIAL_PROF
let profiler: Session | undefined
let profiles = 0

function addRoomNode (node: RoomNode): Json {
  const index = rooms.push(node) - 1
  node.onReceive = (seq) => { received.push([index, seq, now()]) }
  node.onStep = (step, ms) => { steps.push([step, ms]) }
  return { index, peerId: node.peerId, addr: node.addr }
}

/** A worker hosting a baseline runs libp2p's libraries as released: Parley's mends load with Parley's modules. */
function requireUnmended (): void {
  if (libraryMended()) throw new Error('a raw baseline node in a worker that loaded Parley\'s mends of libp2p\'s libraries (libp2p-runtime.ts)')
}

const HANDLERS: Record<string, (cmd: Json) => Promise<Json> | Json> = {
  clock: () => ({ now: now() }),
  'raw-node': async (cmd) => {
    requireUnmended()
    const node = await createRawNode(cmd.kind as RawKind)
    if (cmd.echo === true) await serveEcho(node, (n) => { write({ event: 'echo-recv', n }) })
    if (cmd.bulk === true) await serveBulk(node)
    raw.push(node)
    return { peerId: node.peerId.toString(), addr: tcpAddr(node) }
  },
  'room-nodes': async (cmd) => {
    if (cmd.parley !== true) requireUnmended()
    const made: Json[] = []
    for (let i = 0; i < Number(cmd.count); i++) {
      made.push(addRoomNode(cmd.parley === true ? await parleyRoomNode(join(String(cmd.dir), `node-${rooms.length}`)) : await rawRoomNode()))
    }
    return { nodes: made }
  },
  dial: async (cmd) => { await rooms[Number(cmd.node)].dial(String(cmd.addr)); return {} },
  join: async () => { await Promise.all(rooms.map(async (r) => { await r.join() })); return {} },
  state: () => ({ nodes: rooms.map((r) => r.state()) }),
  publish: async (cmd) => {
    sent.push([Number(cmd.seq), now()])
    try {
      await rooms[Number(cmd.node)].publish(Number(cmd.seq))
    } catch (err) {
      // The harness does not wait for publish replies: a failure is counted for collect.
      publishErrors.push((err as Error).name)
      throw err
    }
    return {}
  },
  received: () => ({ count: received.length }),
  closes: () => ({ closes: rooms.flatMap((r) => r.closes()) }),
  'peer-view': (cmd) => ({ views: rooms.map((r) => r.view(String(cmd.peer))) }),
  'trial-start': async () => {
    if (TRIAL_PROF !== undefined) {
      profiler = new Session()
      profiler.connect()
      await profiler.post('Profiler.enable')
      await profiler.post('Profiler.start')
    }
    sent = []; received = []; steps = []; publishErrors = []; cpu = process.cpuUsage()
    // The longest stall before this trial (the network forming, the trials before), then a fresh count.
    const loopMaxMs = loopDelay.max / 1e6
    loopDelay.reset()
    return { loopMaxMs }
  },
  collect: async () => {
    const used = process.cpuUsage(cpu)
    if (profiler !== undefined) {
      const { profile } = await profiler.post('Profiler.stop')
      profiler.disconnect()
      profiler = undefined
      await writeFile(join(String(TRIAL_PROF), `${process.pid}-${profiles++}.cpuprofile`), JSON.stringify(profile))
    }
    const loopMs = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 }
    return { sent, received, steps, publishErrors, cpuMs: (used.user + used.system) / 1000, rss: process.memoryUsage().rss, loopMs }
  },
  memory: () => ({ rss: process.memoryUsage().rss }),
  'echo-open': async (cmd) => {
    client = new EchoClient(raw[0], String(cmd.addr))
    await client.open((n) => { write({ event: 'echo', n }) })
    return {}
  },
  'bulk-send': async (cmd) => ({ ms: await sendBulk(raw[0], String(cmd.addr), Number(cmd.bytes)) }),
  'echo-send': async () => ({ n: await requireClient().send() }),
  'echo-fresh': async () => { await requireClient().fresh(); return {} },
  'echo-burst': async (cmd) => ({ ms: await requireClient().burst(Number(cmd.count)) }),
  'db-latest': async (cmd) => {
    db ??= new ClassicLevel<string, Uint8Array>(String(cmd.path), { keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.open()
    const page = await db.iterator({ gt: String(cmd.gt), lt: String(cmd.lt), reverse: true, limit: 51 }).all()
    return { read: page.length }
  },
  'raw-publish': async (cmd) => {
    await raw[0].services.pubsub?.publish(String(cmd.topic), new Uint8Array(Number(cmd.bytes)).fill(Number(cmd.seq) & 0xff))
    return {}
  },
  /** The same figures as `parley --json` `stats` (after a GC when asked and `--expose-gc` is set). */
  stats: async (cmd) => {
    const gc = (globalThis as { gc?: () => void }).gc
    if (cmd.gc === true && gc !== undefined) await collectGarbage(gc)
    const connections = raw.flatMap((n) => n.getConnections())
    return { ...process.memoryUsage(), connections: connections.length, openStreams: connections.reduce((n, c) => n + c.streams.length, 0), fds: (await readdir('/proc/self/fd')).length, v8: v8Memory(), gc: cmd.gc === true && gc !== undefined }
  },
  subscribe: (cmd) => {
    const pubsub = raw[0].services.pubsub
    for (const topic of cmd.topics as string[]) pubsub?.subscribe(topic)
    // With `report`, every message of those topics is an event line, as `parley --json` writes one per message.
    if (cmd.report === true) pubsub?.addEventListener('message', (evt) => { write({ event: 'raw-message', topic: evt.detail.topic, bytes: evt.detail.data.byteLength }) })
    return {}
  }
}

function requireClient (): EchoClient {
  if (client === undefined) throw new Error('echo-open first')
  return client
}

async function stopAll (): Promise<void> {
  await client?.close()
  await Promise.all([...raw.map(async (n) => n.stop()), ...rooms.map(async (r) => r.stop())].map(async (p) => p.catch(() => {})))
  await db?.close()
}

write({ event: 'ready', pid: process.pid })
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue
  const cmd = JSON.parse(line) as Json
  if (cmd.cmd === 'quit') break
  const handler = HANDLERS[String(cmd.cmd)]
  const id: unknown = cmd.id
  // Commands run concurrently: one process stands for several peers, and one peer's slow publish must not hold back another's.
  Promise.resolve()
    .then(async () => {
      if (handler === undefined) throw new Error(`unknown command ${String(cmd.cmd)}`)
      write({ id, ok: true, ...(await handler(cmd)) })
    })
    .catch((err: Error) => { write({ id, ok: false, error: { name: err.name, message: err.message } }) })
}
await stopAll()
process.exit(0)
