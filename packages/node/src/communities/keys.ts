/** PeerIds and the Ed25519 keys they are, both ways, with small caches (these run per message). */
import { peerIdFromString } from '@libp2p/peer-id'
import { fromHex } from '@parley/crypto'
import { peerIdOfKey } from '../room-messages.js'
import { InvalidPeerIdError } from '../dm/errors.js'

const MAX_CACHED = 4096
const toKey = new Map<string, Uint8Array>()
const toPeer = new Map<string, string>()

function remember<V> (cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
  cache.set(key, value)
  return value
}

/** The Ed25519 public key a PeerId is (InvalidPeerIdError for anything else). */
export function keyOfPeerId (peerId: string): Uint8Array {
  const cached = toKey.get(peerId)
  if (cached !== undefined) return cached
  let key: Uint8Array | undefined
  try {
    const id = peerIdFromString(peerId)
    key = id.type === 'Ed25519' ? id.publicKey.raw : undefined
  } catch {
    key = undefined
  }
  if (key?.length !== 32) throw new InvalidPeerIdError(`not a Parley PeerId: ${peerId.slice(0, 80)}`)
  return remember(toKey, peerId, key)
}

/** The PeerId of a key given in hex. */
export function peerIdOfKeyHex (hex: string): string {
  return toPeer.get(hex) ?? remember(toPeer, hex, peerIdOfKey(fromHex(hex)))
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Lower-case hex of a key, in plain JS: this runs on every message, where a call into libsodium costs more than the rest of the check. */
export function keyHex (key: Uint8Array): string {
  let out = ''
  for (const byte of key) out += HEX[byte]
  return out
}
