/**
 * Peer start and memory, with the history benchmark's database:
 * - start: open the profile (N messages, 30 rooms joined) and start the peer,
 *   against creating and starting a bare libp2p node with the same services,
 *   and (reported) against that node started while a bare classic-level
 *   database of the same size opens, rotating in this process;
 * - memory: peak RSS of a `parley --json` process holding those 30 rooms
 *   (their latest pages read) with the N messages in its database, against a worker process running a bare node with the
 *   same services subscribed to 30 topics, with the bare classic-level
 *   database of N keys open and its latest page read.
 */
import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { ready } from '@parley/crypto'
import { loadOrCreateIdentity } from '@parley/node'
import { createNodePeer, openNodeProfileStore } from '@parley/node/node'
import { withScope } from './lib/scope.ts'
import { createRawNode } from './workers/raw-node.ts'
import { median, summary } from './lib/stats.ts'
import { sleep } from './lib/time.ts'
import type { Result } from './lib/report.ts'

/**
 * The rooms the measured peer joins. None is the history benchmark's conversation (`room:bench`):
 * its N records are store-level filler, not room messages a peer can decode, so they lie in the
 * peer's database (what opening it costs) without being read as a room's history.
 */
export const ROOMS = Array.from({ length: 30 }, (_, i) => `start-${i}`)

/** One start: the whole, and its two calls (createNodePeer opens the profile with libp2p starting beside it; start() restores). */
interface Start { ms: number, create: number, restore: number }

async function startParley (dataDir: string, joinRooms = false): Promise<Start> {
  const start = performance.now()
  const { peer } = await createNodePeer({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  const created = performance.now()
  await peer.start()
  const end = performance.now()
  if (joinRooms) for (const room of ROOMS) await peer.rooms.join(room)
  await peer.stop()
  return { ms: end - start, create: created - start, restore: end - created }
}

/**
 * The bare node: the "full" raw node (bench/workers/raw-node.ts) with the circuit relay transport
 * added, which createNodePeer also always has (it listens on no relay address here, as the
 * measured peer has no bootstrap peers to reserve a slot on).
 */
async function startBare (): Promise<number> {
  const start = performance.now()
  const node = await createRawNode('full', { relayTransport: true })
  const ms = performance.now() - start
  await node.stop()
  return ms
}

/**
 * The bare node started beside the open of a bare classic-level database of the same size (the
 * history benchmark's bare database): what any libp2p application that keeps its data in LevelDB
 * pays before it is up. LevelDB writes and syncs a new MANIFEST and CURRENT at every open (three
 * fsyncs), which no start order can take off the path: this row shows how much of the peer's start
 * that open is, beside the row against the bare node alone (whose target is unchanged).
 */
async function startBareWithDb (path: string): Promise<number> {
  const start = performance.now()
  const db = new ClassicLevel<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
  const [node] = await Promise.all([createRawNode('full', { relayTransport: true }), db.open()])
  const ms = performance.now() - start
  await Promise.all([node.stop(), db.close()])
  return ms
}

/** The latest-page key range of the bare database (see history.ts for the key shape). */
export interface BareRange { path: string, gt: string, lt: string }

/** Runs the start and memory measurements on a copy of the history store in `storeDir`. */
export async function peerStartAndMemory (n: number, storeDir: string, bare: BareRange, quick: boolean, openMs: number): Promise<Result[]> {
  return withScope(async (scope) => {
    const dataDir = join(await scope.dir('peer-start'), 'profile')
    // `storeDir` is a profile directory (openNodeProfileStore keeps its database in <dir>/db) whose
    // history has no identity: the copy gets one, so the peer starts on those N messages.
    await cp(storeDir, dataDir, { recursive: true })
    await ready()
    const store = await openNodeProfileStore(dataDir)
    await loadOrCreateIdentity(store)
    await store.close()
    // Creates the identity and joins the rooms once, so every measured start restores them.
    await startParley(dataDir, true)
    await startBare()
    await startBareWithDb(bare.path)
    const starts: Start[] = []
    const raw: number[] = []
    const rawWithDb: number[] = []
    const trials: Array<() => Promise<void>> = [
      async () => { raw.push(await startBare()) },
      async () => { starts.push(await startParley(dataDir)) },
      async () => { rawWithDb.push(await startBareWithDb(bare.path)) }
    ]
    // Many rounds, rotating which goes first: a start is a few milliseconds and the machine is shared.
    for (let t = 0; t < (quick ? 15 : 40); t++) {
      for (let i = 0; i < trials.length; i++) await trials[(t + i) % trials.length]()
    }
    const parley = starts.map((s) => s.ms)
    const create = median(starts.map((s) => s.create))
    const restore = median(starts.map((s) => s.restore))
    const peer = await scope.parley(dataDir)
    for (const room of ROOMS) await peer.proc.ok({ cmd: 'history', room, limit: 50 })
    const worker = await scope.worker()
    await worker.ok({ cmd: 'raw-node', kind: 'full' })
    await worker.ok({ cmd: 'subscribe', topics: ROOMS.map((r) => `/parley/room/1/${r}`) })
    await worker.ok({ cmd: 'db-latest', ...bare })
    // Both idle a little (heartbeats, DHT start-up) before the peak is read.
    await sleep(3000)
    const rss = { parley: await peer.proc.peakRssMiB(), raw: await worker.peakRssMiB() }
    const s = { parley: summary(parley), raw: summary(raw), rawWithDb: summary(rawWithDb) }
    const label = `${n.toLocaleString('en')} messages, 30 rooms`
    return [
      {
        bench: 'history',
        name: `open the database and start the peer (${label})`,
        unit: 'ms',
        parley: s.parley,
        baseline: { name: 'create + start a bare libp2p node with the same services and transports', ...s.raw },
        ratio: s.parley.median / s.raw.median,
        target: '≤ 1.2× baseline',
        met: s.parley.median <= 1.2 * s.raw.median,
        limit: `createNodePeer ${create.toFixed(2)} ms (median), peer.start ${restore.toFixed(2)} ms. libp2p is built and started while the profile opens (keyed by the identity file), and the store's and the check's first reads wait for the open in one round; opening the LevelDB profile alone takes ${openMs.toFixed(2)} ms in this run ("open the profile store": LevelDB writes a new MANIFEST and CURRENT and syncs three times at every open), against the 20% margin of ${(0.2 * s.raw.median).toFixed(2)} ms over the bare node; the bare node started beside a bare LevelDB open of the same size takes ${s.rawWithDb.median.toFixed(2)} ms (next row). The restore (contacts, then 30 rooms, private rooms, address book, handlers and the DMs' state side by side, then the DM handler) follows the open (bench/README.md#history)`
      },
      {
        bench: 'history',
        name: `open the database and start the peer, against a bare node and a bare LevelDB opened side by side (${label})`,
        unit: 'ms',
        parley: s.parley,
        baseline: { name: 'create + start the same bare node while a bare classic-level database of the same size opens', ...s.rawWithDb },
        ratio: s.parley.median / s.rawWithDb.median,
        target: 'reported',
        met: true
      },
      {
        bench: 'history',
        name: `peak RSS of a parley --json process (${label})`,
        unit: 'MiB',
        parley: { median: rss.parley, p99: rss.parley },
        baseline: { name: 'worker process: bare node, same services, 30 topics, bare DB open', median: rss.raw, p99: rss.raw },
        ratio: rss.parley / rss.raw,
        target: 'reported',
        met: true
      }
    ]
  })
}
