import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, eventually, type Json, type ParleyProcess } from './harness.js'

describe('a three-member private room', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  /** Sends into the room until every peer in `to` shows one of the copies (the mesh forms over a few heartbeats). */
  async function deliver (from: ParleyProcess, room: string, text: string, to: ParleyProcess[]): Promise<void> {
    const sent: string[] = []
    await eventually(async () => {
      if (sent.length < 20) sent.push((await from.ok({ cmd: 'private-send', room, text })).message.id)
      return to.every((p) => p.events.some((e) => e.event === 'private-message' && sent.includes(e.id)))
    }, 30_000, `"${text}" to reach every member`)
  }

  it('reaches every member; after a removal the removed member, still subscribed to the topic, reads nothing new while the others chat on', async () => {
    const a = await cluster.start(undefined, ['--nick', 'owner'])
    const b = await cluster.start(undefined, ['--bootstrap', a.addr])
    const c = await cluster.start(undefined, ['--bootstrap', a.addr, '--bootstrap', b.addr])
    await eventually(async () => ((await a.ok({ cmd: 'peers' })).peers as Json[]).length >= 2, 20_000, 'connections')
    const room = (await a.ok({ cmd: 'private-create', name: 'plans' })).room as string
    {
      for (const p of [b, c]) {
        await a.ok({ cmd: 'invite', room, peer: p.peerId })
        const invite = await p.waitFor((e) => e.event === 'invite' && e.room === room)
        expect(invite).toMatchObject({ name: 'plans', from: a.peerId })
        await p.ok({ cmd: 'accept', room })
      }
      await deliver(a, room, 'secret plan one', [b, c])
      await deliver(b, room, 'agreed', [a, c])
      const fromB = c.events.find((e) => e.event === 'private-message' && e.text === 'agreed') as Json
      expect(fromB.from).toBe(b.peerId)

      await a.ok({ cmd: 'remove-member', room, peer: c.peerId })
      await eventually(async () => ((await b.ok({ cmd: 'private-rooms' })).rooms as Json[]).some((r) => r.room === room && r.epoch === 1), 20_000, 'B to get the new epoch')
      await deliver(a, room, 'after removal', [b])
      await deliver(b, room, 'still chatting', [a])
      await new Promise((resolve) => setTimeout(resolve, 1000))
      expect(c.events.some((e) => e.event === 'private-message' && (e.text === 'after removal' || e.text === 'still chatting'))).toBe(false)
      const cHistory = ((await c.ok({ cmd: 'private-history', room })).messages as Json[]).map((m) => m.text)
      expect(cHistory).not.toContain('after removal')
    }
  })
})
