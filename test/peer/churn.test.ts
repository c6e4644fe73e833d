import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, eventually, ParleyProcess, type Json } from './harness.js'

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
    const end = Date.now() + 12_000
    let tick = 0
    while (Date.now() < end) {
      tick++
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
    await eventually(() => peers.every((p) => p !== undefined), 20_000, 'every peer to be back')
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
    await eventually(async () => {
      const all = await Promise.all(peers.map(async (p) => has(p as ParleyProcess)))
      if (all.every((set) => sent.every((id) => set.has(id)))) return true
      // The anti-entropy timer runs every 30 s; ask for it now to keep the test short.
      await Promise.all(peers.map(async (p) => (p as ParleyProcess).send({ cmd: 'resync', room: ROOM })))
      return false
    }, 60_000, 'every peer to hold every message')
    expect(sent.length).toBeGreaterThan(50)
  })
})
