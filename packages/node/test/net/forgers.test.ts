/**
 * The forgers' cut-off (net/forgers.ts) on its own: strikes, expiry, the bound on what it
 * remembers, and the gater it adds to the runtime's. test/peer/attack-pubsub.test.ts runs it in a
 * real peer against a raw node sending forged envelopes.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { describe, expect, it } from 'vitest'
import { MAX_FORGERS_TRACKED } from '../../src/net/constants.js'
import { Forgers } from '../../src/net/forgers.js'
import type { Connection, MultiaddrConnection, PeerId } from '@libp2p/interface'

const newPeer = async (): Promise<PeerId> => peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
const CONN = {} as unknown as MultiaddrConnection

describe('Forgers', () => {
  it('cuts a peer off at its third forgery, hangs up on it once, and refuses it both ways', async () => {
    const hungUp: string[] = []
    const forgers = new Forgers()
    forgers.bind({
      getConnections: (peer) => [{ abort: (err: Error) => { hungUp.push(`${String(peer)} ${err.name}`) } } as unknown as Connection]
    })
    const peer = await newPeer()
    const other = await newPeer()
    const gater = forgers.gater()
    expect([forgers.forged(peer.toString()), forgers.forged(peer.toString())]).toEqual([false, false])
    expect(forgers.isCutOff(peer.toString())).toBe(false)
    expect(await gater.denyDialPeer?.(peer)).toBe(false)
    expect(forgers.forged(peer.toString())).toBe(true)
    expect(forgers.forged(peer.toString())).toBe(false)
    expect(hungUp).toEqual([`${peer.toString()} ForgerCutOffError`])
    expect(await gater.denyDialPeer?.(peer)).toBe(true)
    expect(await gater.denyInboundEncryptedConnection?.(peer, CONN)).toBe(true)
    expect(await gater.denyOutboundEncryptedConnection?.(peer, CONN)).toBe(true)
    expect(await gater.denyDialPeer?.(other)).toBe(false)
  })

  it('lets a cut-off peer back once the cut-off has passed, with its strikes counted afresh', async () => {
    const forgers = new Forgers({ strikes: 1, cutoffMs: 50 })
    const peer = (await newPeer()).toString()
    expect(forgers.forged(peer)).toBe(true)
    expect(forgers.isCutOff(peer)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(forgers.isCutOff(peer)).toBe(false)
    expect(forgers.forged(peer)).toBe(true)
  })

  it('remembers at most MAX_FORGERS_TRACKED peers, forgetting the oldest first', async () => {
    const forgers = new Forgers({ strikes: 1 })
    const first = (await newPeer()).toString()
    forgers.forged(first)
    // Peer ids need not be real to be counted: any string a stranger's connection names.
    for (let i = 0; i < MAX_FORGERS_TRACKED; i++) forgers.forged(`sybil-${i}`)
    expect(forgers.isCutOff(first)).toBe(false)
    expect(forgers.isCutOff(`sybil-${MAX_FORGERS_TRACKED - 1}`)).toBe(true)
  })

  it('keeps the runtime gater\'s own rules, and adds no address rule of its own', async () => {
    const peer = await newPeer()
    const denied = await newPeer()
    const inner = { denyDialMultiaddr: () => true, denyDialPeer: (p: PeerId) => p.equals(denied) }
    const gater = new Forgers().gater(inner)
    expect(await gater.denyDialMultiaddr?.(multiaddr('/ip4/127.0.0.1/tcp/1'))).toBe(true)
    expect(await gater.denyDialPeer?.(denied)).toBe(true)
    expect(await gater.denyDialPeer?.(peer)).toBe(false)
    // libp2p's browser defaults fill in what the gater leaves out (refusing private addresses).
    expect(new Forgers().gater()).not.toHaveProperty('denyDialMultiaddr')
  })
})
