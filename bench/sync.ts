/**
 * sync: two peers in this process, each holding N messages of a room that
 * differ by 1% (half missing on each side); one reconciles with the other
 * over /parley/sync/1.0.0 on 127.0.0.1. Reports bytes exchanged ÷ the size
 * of the missing envelopes, and the time it takes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready } from '@parley/crypto'
import { openEvent, RoomEvent, sealEvent } from '../packages/node/dist/envelope.js'
import { createNodePeer } from '@parley/node/node'
import type { Result } from './lib/report.ts'

const ROOM = 'sync-bench'

interface Built { envelope: Uint8Array, id: string }

function build (n: number): Built[] {
  const author = generateIdentity()
  const base = Date.now() - n
  return Array.from({ length: n }, (_, i) => {
    const sealed = sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, nick: 'bench', text: `message ${i} `.padEnd(200, '.') }, base + i)
    return { envelope: sealed.bytes, id: sealed.id }
  })
}

/** Runs the sync benchmark. */
export async function syncBench (quick: boolean): Promise<Result[]> {
  await ready()
  const n = quick ? 20_000 : 100_000
  const all = build(n)
  const differ = Math.floor(n / 100)
  const onlyA = new Set(all.slice(0, differ / 2).map((m) => m.id))
  const onlyB = new Set(all.slice(differ / 2, differ).map((m) => m.id))
  const dirs = [await mkdtemp(join(tmpdir(), 'parley-sync-a-')), await mkdtemp(join(tmpdir(), 'parley-sync-b-'))]
  const make = async (dir: string): Promise<Awaited<ReturnType<typeof createNodePeer>>['peer']> =>
    (await createNodePeer({ dataDir: dir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })).peer
  const [a, b] = [await make(dirs[0]), await make(dirs[1])]
  try {
    for (const [peer, skip] of [[a, onlyB], [b, onlyA]] as const) {
      await peer.start()
      await peer.rooms.join(ROOM)
      for (const m of all) if (!skip.has(m.id)) await peer.rooms.receive(ROOM, openEvent(m.envelope, ROOM))
    }
    const missingBytes = all.filter((m) => onlyA.has(m.id) || onlyB.has(m.id)).reduce((s, m) => s + m.envelope.length, 0)
    await a.dial(b.addrs()[0])
    const start = performance.now()
    const target = a.libp2p.getConnections()[0].remotePeer
    const result = await a.sync.syncWith(target, ROOM)
    const ms = performance.now() - start
    if (result === undefined) throw new Error('sync did not run')
    const aCount = (await a.store.history.count(`room:${ROOM}`))
    const bCount = (await b.store.history.count(`room:${ROOM}`))
    const converged = aCount === n && bCount === n
    const ratio = result.bytes / missingBytes
    return [
      { bench: 'sync', name: `bytes exchanged ÷ missing messages (${n.toLocaleString('en')} each, 1% differ${converged ? '' : ', NOT converged'})`, unit: '×', parley: { median: ratio, p99: ratio }, target: '≤ 1.5', met: converged && ratio <= 1.5 },
      { bench: 'sync', name: `reconcile ${n.toLocaleString('en')}-message histories (${result.fetched} fetched, ${result.pushed} pushed)`, unit: 'ms', parley: { median: ms, p99: ms }, target: 'reported', met: converged }
    ]
  } finally {
    await a.stop().catch(() => {})
    await b.stop().catch(() => {})
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  }
}
