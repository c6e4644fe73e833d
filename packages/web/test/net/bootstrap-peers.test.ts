import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_BOOTSTRAP_PEERS, MAX_PEER_ADDRESS_LENGTH, parsePeerAddress, peerIdOf, peersFromLink } from '@parley/node/browser'

let id: string
let addr: string

beforeAll(async () => {
  id = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  addr = `/ip4/127.0.0.1/tcp/4001/ws/p2p/${id}`
})

function nameOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return (err as Error).name
  }
  return 'no error'
}

describe('parsePeerAddress', () => {
  it('parses an address that ends in a peer id', () => {
    const ma = parsePeerAddress(`  ${addr} `)
    expect(ma.toString()).toBe(addr)
    expect(peerIdOf(ma)).toBe(id)
  })

  it('accepts a relayed address and names the peer at its end', async () => {
    const target = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    const relayed = parsePeerAddress(`${addr}/p2p-circuit/webrtc/p2p/${target}`)
    expect(peerIdOf(relayed)).toBe(target)
  })

  it('refuses an address without a peer id', () => {
    expect(nameOf(() => parsePeerAddress('/ip4/127.0.0.1/tcp/4001/ws'))).toBe('InvalidPeerAddressError')
  })

  it('refuses a peer id that is not valid', () => {
    expect(nameOf(() => parsePeerAddress('/ip4/127.0.0.1/tcp/4001/ws/p2p/QmNotAPeerId'))).toBe('InvalidPeerAddressError')
  })

  it('refuses empty and overlong input', () => {
    expect(nameOf(() => parsePeerAddress(''))).toBe('InvalidPeerAddressError')
    expect(nameOf(() => parsePeerAddress(addr + '/'.repeat(MAX_PEER_ADDRESS_LENGTH)))).toBe('InvalidPeerAddressError')
  })

  it('throws a TypeError for a non-string', () => {
    expect(() => parsePeerAddress(undefined as unknown as string)).toThrow(TypeError)
  })

  it('answers garbage with InvalidPeerAddressError and nothing else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (input) => {
      const outcome = nameOf(() => parsePeerAddress(input))
      expect(outcome).toBe('InvalidPeerAddressError')
    }))
  })
})

describe('peersFromLink', () => {
  it('reads every peer parameter of a link, without duplicates', () => {
    const url = new URL('http://127.0.0.1:8080/?room=lobby')
    url.searchParams.append('peer', addr)
    url.searchParams.append('peer', ` ${addr}`)
    const link = url.toString()
    expect(new URL(link).searchParams.get('room')).toBe('lobby')
    expect(peersFromLink(link).map(String)).toEqual([addr])
  })

  it('is empty for a link without peers', () => {
    expect(peersFromLink('https://parley.example/')).toEqual([])
  })

  it('refuses a link with a bad address', () => {
    expect(nameOf(() => peersFromLink('https://parley.example/?peer=%2Fip4%2Fnope'))).toBe('InvalidPeerAddressError')
  })

  it('refuses a link with too many addresses', () => {
    const url = new URL('https://parley.example/')
    for (let i = 0; i <= MAX_BOOTSTRAP_PEERS; i++) {
      url.searchParams.append('peer', addr)
    }
    expect(nameOf(() => peersFromLink(url))).toBe('TooManyPeersError')
  })
})
