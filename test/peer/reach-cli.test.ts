/**
 * Contact cards between `parley --json` processes: C prints its card, A adds C from it with
 * `connect` (they share only a headless relay B), and DMs go both ways. A bad card is refused
 * with a typed error and the peer keeps running.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster } from './harness.js'

describe('contact cards over --json', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('adds a contact from its card and exchanges DMs with it through a shared relay', async () => {
    const b = await cluster.start(undefined, ['--headless', '--nick', 'relay'])
    const a = await cluster.start(undefined, ['--nick', 'alice', '--bootstrap', b.addr])
    const c = await cluster.start(undefined, ['--nick', 'carol', '--bootstrap', b.addr])
    const { card } = await c.ok({ cmd: 'card' })
    expect(card).toMatch(/^parley:card\//)

    const added = await a.ok({ cmd: 'connect', card })
    expect(added).toMatchObject({ connected: true, nick: 'carol', contact: { peerId: c.peerId, petname: 'carol' } })
    await c.ok({ cmd: 'connect', card: (await a.ok({ cmd: 'card' })).card, petname: 'al' })

    const sent = (await a.ok({ cmd: 'dm', to: c.peerId, text: 'hi carol' })).message
    await c.waitFor((e) => e.event === 'dm' && e.id === sent.id, 30_000, 'the DM at c')
    const reply = (await c.ok({ cmd: 'dm', to: a.peerId, text: 'hi alice' })).message
    await a.waitFor((e) => e.event === 'dm' && e.id === reply.id, 30_000, 'the reply at a')
    expect((await c.ok({ cmd: 'contacts' })).contacts).toEqual([expect.objectContaining({ peerId: a.peerId, petname: 'al' })])
  })

  it('refuses a damaged or foreign card with a typed error and keeps running', async () => {
    const a = await cluster.start()
    const { card } = await a.ok({ cmd: 'card' })
    const damaged = await a.send({ cmd: 'connect', card: `${card.slice(0, -8)}AAAAAAAA` })
    expect(damaged.error?.name).toMatch(/^InvalidContactCardError$/)
    expect((await a.send({ cmd: 'connect', card: card as string })).error?.name).toBe('InvalidPeerIdError')
    expect((await a.send({ cmd: 'connect', card: 'https://example.org' })).error?.name).toBe('InvalidPeerAddressError')
    expect((await a.ok({ cmd: 'whoami' })).peerId).toBe(a.peerId)
  })
})
