/**
 * One profile running in two places (a copy of its directory, as a restore
 * while the original still runs makes): real libp2p nodes in one process,
 * real LevelDB. The copies are linked A1 — bob — carol — A2 in #lobby; a
 * presence announcement of A1 reaches A2 over two hops and A2 warns that
 * the profile runs elsewhere too. Bob, whose own announcements reach A2 the
 * same way (the canary), warns nobody.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Peer } from '@parley/node'
import { createNodePeer } from '@parley/node/node'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'

const dirs: string[] = []
const peers: Peer[] = []

async function start (dataDir: string, nick?: string): Promise<Peer> {
  const { peer } = await createNodePeer({ dataDir, nick, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
  await peer.start()
  peers.push(peer)
  return peer
}

const dir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'parley-twin-'))
  dirs.push(d)
  return d
}
const addr = (p: Peer): string => p.addrs().find((a) => a.includes('127.0.0.1') && !a.includes('/ws')) ?? ''

afterAll(async () => {
  await Promise.allSettled(peers.map(async (p) => p.stop()))
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

describe('a profile running in two places', () => {
  it('warns the copy that sees a fresh event signed by its own key, and no one else', async () => {
    const original = await dir()
    const made = await start(original, 'alice')
    await made.stop()
    const copy = await dir()
    await cp(original, copy, { recursive: true })
    const bob = await start(await dir(), 'bob')
    const carol = await start(await dir(), 'carol')
    const a1 = await start(original)
    const a2 = await start(copy)
    expect(a2.peerId).toBe(a1.peerId)
    const warnings = new Map<Peer, unknown[]>([[a1, []], [a2, []], [bob, []], [carol, []]])
    for (const [p, list] of warnings) p.addEventListener('identity-elsewhere', (evt) => { list.push(evt.detail) })
    const bobAtA2: unknown[] = []
    a2.addEventListener('presence', (evt) => { if (evt.detail.member.peerId === bob.peerId) bobAtA2.push(evt.detail) })

    await a1.dial(addr(bob))
    await carol.dial(addr(bob))
    await a2.dial(addr(carol))
    for (const p of [a1, bob, carol, a2]) await p.rooms.join('lobby')
    const topic = '/parley/room/1/lobby'
    // The gossipsub instance's mesh (not on the GossipSub interface type).
    const mesh = (p: Peer): string[] => (p.libp2p.services.pubsub as unknown as { getMeshPeers: (t: string) => unknown[] }).getMeshPeers(topic).map(String)
    await until('the chain\'s meshes', () => mesh(bob).includes(a1.peerId) && mesh(bob).includes(carol.peerId) && mesh(carol).includes(bob.peerId) && mesh(carol).includes(a2.peerId), 30_000)

    // The canary first: bob's announcement crosses the same two hops without a warning.
    await bob.rooms.announcePresence('lobby')
    await until('bob\'s presence at A2', () => bobAtA2.length > 0, 30_000)
    expect(warnings.get(a2)).toEqual([])
    await a1.rooms.announcePresence('lobby')
    await until('A2\'s warning', () => (warnings.get(a2) ?? []).length > 0, 30_000)
    expect(warnings.get(a2)).toEqual([{ room: 'lobby', notice: expect.stringContaining('running somewhere else too') }])
    expect([warnings.get(bob), warnings.get(carol)]).toEqual([[], []])
  }, 120_000)
})
