/**
 * Reaching peers on a Node host, with the same machinery the browser runs: the bootstrap keeper
 * (dials bootstrap peers at start, redials them after they restart) and the contact dialler
 * (`peer.reach`), in-process on 127.0.0.1 with real LevelDB.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { until } from '../support/poll.js'
import { peerPool } from '../support/in-process.js'
import type { Peer } from '@parley/node'

const pool = peerPool('reach')
const { start, stop } = pool

const connected = (a: Peer, b: string): boolean => a.peers().some((p) => p.peerId === b)

afterAll(pool.close)

describe('reaching peers on Node', () => {
  it('is connected to its bootstrap peer when start() returns, and finds it again after it restarts', async () => {
    const dataDir = await pool.dir()
    let a = await start({ dataDir })
    const address = a.addrs().find((x) => x.includes('/tcp/')) ?? ''
    const b = await start({ bootstrap: [address] })
    expect(connected(b, a.peerId)).toBe(true)

    const port = multiaddr(address).getComponents().find((c) => c.name === 'tcp')?.value
    await stop(a)
    await until('b to notice a is gone', () => !connected(b, a.peerId), 20_000)
    a = await start({ dataDir, listen: [`/ip4/127.0.0.1/tcp/${port}`] })
    await until('b to redial a by itself', () => connected(b, a.peerId), 30_000)
  })

  it('refuses a bootstrap address that names no peer, with InvalidPeerAddressError', async () => {
    const error = await start({ bootstrap: ['/ip4/127.0.0.1/tcp/1'] }).then(() => undefined, (err: Error) => err)
    expect(error?.name).toBe('InvalidPeerAddressError')
    const a = await start()
    expect(() => { a.keep('/ip4/127.0.0.1/tcp/1') }).toThrow(expect.objectContaining({ name: 'InvalidPeerAddressError' }))
  })

  it('reaches a contact directly with peer.reach, from an address it knows', async () => {
    const a = await start()
    const b = await start()
    expect(a.isDirect(b.peerId)).toBe(false)
    await a.libp2p.peerStore.merge(peerIdFromString(b.peerId), { multiaddrs: b.libp2p.getMultiaddrs() })
    a.reach(b.peerId)
    await until('a direct connection from a to b', () => a.isDirect(b.peerId), 20_000)
  })
})
