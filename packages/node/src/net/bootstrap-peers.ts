/**
 * Where a peer finds its first peers: `--bootstrap` on the command line, and in the browser a
 * `?peer=<multiaddr>` link, the peer list served next to the page by a `parley` peer, or an
 * address the user typed. All go through {@link parsePeerAddress}, so a bad address fails the
 * same way whatever its source.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { MAX_BOOTSTRAP_PEERS, MAX_PEER_ADDRESS_LENGTH, PEER_PARAM, SERVED_PEERS_FILE } from './constants.js'
import { InvalidPeerAddressError, TooManyPeersError } from './errors.js'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The code of the `/p2p/<peer-id>` multiaddr component. */
const P2P_CODE = 0x01a5

/**
 * Parses one bootstrap address. It must be a multiaddr that ends in `/p2p/<peer-id>`: dialling
 * by address alone would let whoever answers there pose as the peer the link meant.
 *
 * @throws InvalidPeerAddressError when it does not parse or names no valid peer id
 */
export function parsePeerAddress (input: string): Multiaddr {
  if (typeof input !== 'string') {
    throw new TypeError('input must be a string')
  }
  const text = input.trim()
  if (text.length === 0 || text.length > MAX_PEER_ADDRESS_LENGTH) {
    throw new InvalidPeerAddressError(text, `length must be 1 to ${MAX_PEER_ADDRESS_LENGTH} characters`)
  }
  let addr: Multiaddr
  try {
    addr = multiaddr(text)
  } catch {
    throw new InvalidPeerAddressError(text)
  }
  peerIdOf(addr, text)
  return addr
}

/**
 * The peer id an address ends with, as a string.
 *
 * @throws InvalidPeerAddressError when the address does not end in a valid `/p2p/<peer-id>`
 */
export function peerIdOf (addr: Multiaddr, shown: string = addr.toString()): string {
  const last = addr.getComponents().at(-1)
  if (last?.code !== P2P_CODE || last.value == null) {
    throw new InvalidPeerAddressError(shown, 'it must end in /p2p/<peer-id>')
  }
  try {
    return peerIdFromString(last.value).toString()
  } catch {
    throw new InvalidPeerAddressError(shown, 'the peer id is not valid')
  }
}

/**
 * The bootstrap addresses of a shared link: every `peer` query parameter of `url`.
 *
 * @throws InvalidPeerAddressError for an address that does not parse
 * @throws TooManyPeersError when the link carries more than `MAX_BOOTSTRAP_PEERS` addresses
 */
export function peersFromLink (url: string | URL): Multiaddr[] {
  const values = new URL(url).searchParams.getAll(PEER_PARAM)
  return parseMany(values)
}

/**
 * The addresses a `parley` peer that served this page hands it, read from `SERVED_PEERS_FILE`
 * beside the page. A page hosted anywhere else has no such file: that is an empty list.
 *
 * @throws InvalidPeerAddressError when the file lists an address that does not parse
 */
export async function fetchServedPeers (page: string | URL, options: { signal?: AbortSignal } = {}): Promise<Multiaddr[]> {
  let body: unknown
  try {
    const response = await fetch(new URL(SERVED_PEERS_FILE, page), { signal: options.signal, cache: 'no-store' })
    if (!response.ok) {
      return []
    }
    body = await response.json()
  } catch (err) {
    if (options.signal?.aborted === true) {
      throw err
    }
    return []
  }
  const peers = (body as { peers?: unknown } | null)?.peers
  if (!Array.isArray(peers) || !peers.every(p => typeof p === 'string')) {
    throw new InvalidPeerAddressError(JSON.stringify(body) ?? '', `${SERVED_PEERS_FILE} must be { "peers": [string] }`)
  }
  return parseMany(peers)
}

function parseMany (values: readonly string[]): Multiaddr[] {
  if (values.length > MAX_BOOTSTRAP_PEERS) {
    throw new TooManyPeersError(values.length, MAX_BOOTSTRAP_PEERS)
  }
  const seen = new Set<string>()
  const out: Multiaddr[] = []
  for (const value of values) {
    const addr = parsePeerAddress(value)
    if (!seen.has(addr.toString())) {
      seen.add(addr.toString())
      out.push(addr)
    }
  }
  return out
}
