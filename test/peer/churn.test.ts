import { afterAll, describe, expect, it } from 'vitest'
import { ANTI_ENTROPY_INTERVAL_MS } from '../../packages/node/src/constants.js'
import { Cluster, ParleyProcess, type Json } from './harness.js'
import { until } from '../support/poll.js'

const N = 10
const ROOM = 'churn'

describe('room history under churn', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('lets every one of 10 peers, stopped and restarted at random while messages flow, end with every message', async () => {
    const base = 20_000 + Math.floor(Math.random() * 20_000)
    const dirs = await Promise.all(Array.from({ length: N }, async () => cluster.dir()))
    const ids: string[] = Array.from({ length: N }, () => '')
    const args = (i: number): string[] => {
      const out = ['--listen', `/ip4/127.0.0.1/tcp/${base + i}`]
      for (const j of [(i + N - 1) % N, (i + 1) % N]) if (ids[j] !== '') out.push('--bootstrap', `/ip4/127.0.0.1/tcp/${base + j}/p2p/${ids[j]}`)
      return out
    }
    const start = async (i: number): Promise<ParleyProcess> => {
      const p = new ParleyProcess(dirs[i], args(i))
      cluster.processes.push(p)
      await p.ready()
      ids[i] = p.peerId
      return p
    }
    const peers: Array<ParleyProcess | undefined> = []
    for (let i = 0; i < N; i++) peers.push(await start(i))
    // Second pass so every peer knows both neighbours.
    for (let i = 0; i < N; i++) {
      await (peers[i] as ParleyProcess).ok({ cmd: 'quit' })
      await (peers[i] as ParleyProcess).exited
      peers[i] = await start(i)
      await (peers[i] as ParleyProcess).ok({ cmd: 'join', room: ROOM })
    }

    const sent: string[] = []
    // A fixed number of sends, not a duration: on a loaded machine a duration sends fewer.
    for (let tick = 1; tick <= 80; tick++) {
      const live = peers.map((p, i) => [p, i] as const).filter(([p]) => p !== undefined)
      const [sender] = live[Math.floor(Math.random() * live.length)]
      const reply = await (sender as ParleyProcess).send({ cmd: 'send', room: ROOM, text: `tick ${tick}` })
      if (reply.ok === true) sent.push(reply.message.id as string)
      if (tick % 10 === 0) {
        const victim = Math.floor(Math.random() * N)
        const p = peers[victim]
        if (p !== undefined && live.length > N / 2) {
          await p.kill('SIGKILL')
          peers[victim] = undefined
          setTimeout(() => { void start(victim).then((q) => { peers[victim] = q }) }, 1000)
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await until('every peer to be back', () => peers.every((p) => p !== undefined), 20_000)
    const has = async (p: ParleyProcess): Promise<Set<string>> => {
      const out = new Set<string>()
      let before: string | null = null
      do {
        const page: Json = await p.ok({ cmd: 'history', room: ROOM, limit: 500, before })
        for (const m of page.messages as Json[]) out.add(m.id as string)
        before = page.before
      } while (before !== null)
      return out
    }
    // No one asks for a resync: what gossip lost while peers were down comes back through the syncs
    // each restart starts and the anti-entropy timer (every ANTI_ENTROPY_INTERVAL_MS, 30 s).
    await until('every peer to hold every message', async () => {
      const all = await Promise.all(peers.map(async (p) => has(p as ParleyProcess)))
      return all.every((set) => sent.every((id) => set.has(id)))
    }, 4 * ANTI_ENTROPY_INTERVAL_MS, 2_000)
    // Each peer's own syncs: a peer restarted last may hold everything already (its neighbours' syncs
    // with it, or gossip) while its own sync is still on its way, or failed and waits for the timer.
    await until('every peer to complete a sync of its own', () => peers.every((p) => (p as ParleyProcess).events.some((e) => e.event === 'sync')), 2 * ANTI_ENTROPY_INTERVAL_MS)
    expect(sent.length).toBeGreaterThan(50)
  }, 12 * ANTI_ENTROPY_INTERVAL_MS)

  it('passes on what a sync brought in, filling a gap that neither gossip nor a reconnection will', async () => {
    // X — Y — Z in a line. Z writes while alone, then meets Y: Y gets the message by sync (which
    // does not gossip it on). X has been connected to Y all along, so no reconnection syncs it: Y's
    // onward sync (or, failing that, a timer's) must bring it to X.
    const x = await cluster.start()
    const y = await cluster.start(undefined, ['--bootstrap', x.addr])
    await Promise.all([x.ok({ cmd: 'join', room: 'line' }), y.ok({ cmd: 'join', room: 'line' })])
    const zDir = await cluster.dir()
    let z = await cluster.start(zDir)
    await z.ok({ cmd: 'join', room: 'line' })
    const sent = (await z.ok({ cmd: 'send', room: 'line', text: 'written alone' })).message
    // Restarted, Z no longer holds the message in gossipsub's cache, which would otherwise offer it to Y
    // (and Y forward it to X) by gossip once they meet: only a sync can carry it now.
    await z.ok({ cmd: 'quit' })
    await z.exited
    z = await cluster.start(zDir)
    await z.ok({ cmd: 'dial', addr: y.addr })
    const holds = async (p: ParleyProcess): Promise<boolean> => ((await p.ok({ cmd: 'history', room: 'line' })).messages as Json[]).some((m) => m.id === sent.id)
    await until('Y to fetch the message from Z', async () => holds(y), 20_000)
    const syncs = (p: ParleyProcess): Json[] => p.events.filter((e) => e.event === 'sync')
    const [xBefore, yBefore] = [syncs(x).length, syncs(y).length]
    await until('X to get the message from Y', async () => holds(x), 2.5 * ANTI_ENTROPY_INTERVAL_MS)
    // X never met Z (so no join or reconnection sync brought it); a sync between X and Y after the gap did:
    // X's fetching it from Y, or Y's pushing it to X.
    expect(x.events.some((e) => e.event === 'connect' && e.peerId === z.peerId)).toBe(false)
    const fetchedByX = syncs(x).slice(xBefore).some((e) => e.peer === y.peerId && e.fetched === 1)
    const pushedByY = syncs(y).slice(yBefore).some((e) => e.peer === x.peerId && e.pushed === 1)
    expect(fetchedByX || pushedByY).toBe(true)
  }, 4 * ANTI_ENTROPY_INTERVAL_MS)
})
