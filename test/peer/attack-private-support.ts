/**
 * What the private-room attack tests share: in-process Parley peers (real
 * libp2p, real LevelDB) that play members and attackers, a bare gossipsub
 * relay that carries crafted bytes onto a topic, and the crafting itself
 * (room keys, sealed posts, a re-seal under a fresh nonce).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { concat, sealRoomMessage, type Identity, type RoomKeyring } from '@parley/crypto'
import type { Peer } from '@parley/node'
import { createNodePeer } from '@parley/node/node'
import { sodium } from '../../packages/crypto/src/sodium.js'
import { PrivateRoomBody, PrivateRoomState } from '../../packages/node/src/pb/private-room.js'
import { decodeRoomState, type RoomState } from '../../packages/node/src/private-rooms/room-state.js'
import { until } from '../support/poll.js'
import { rawNode, type RawNode } from '../support/raw-node.js'

export { PrivateRoomState }
export type { RawNode }

export const privateTopic = (room: string): string => `/parley/private/1/${room}`

/** In-process peers and bare relays, all stopped and removed by close(). */
export class Peers {
  readonly #dirs: string[] = []
  readonly #peers: Peer[] = []
  readonly #raws: RawNode[] = []

  /** A full Parley peer on 127.0.0.1 (sources, not dist), started; on a fresh profile unless `dataDir` is given. */
  async peer (nick: string, dataDir?: string): Promise<Peer> {
    if (dataDir === undefined) {
      dataDir = await mkdtemp(join(tmpdir(), 'parley-attack-private-'))
      this.#dirs.push(dataDir)
    }
    const { peer } = await createNodePeer({ dataDir, nick, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })
    await peer.start()
    this.#peers.push(peer)
    return peer
  }

  /**
   * A libp2p node with Parley's gossipsub settings and none of its checks,
   * subscribed to `topic` and connected to the peer at `addr`: it publishes
   * whatever it is given, so the victim's score of it says what the victim
   * thought of exactly those bytes.
   */
  async relay (topic: string, addr: string): Promise<RawNode> {
    const raw = await rawNode()
    this.#raws.push(raw)
    raw.services.pubsub.subscribe(topic)
    await raw.dial(multiaddr(addr))
    await until('the victim to be seen on the topic', () => raw.services.pubsub.getSubscribers(topic).length > 0, 20_000)
    return raw
  }

  async close (): Promise<void> {
    await Promise.allSettled([...this.#peers.map(async (p) => p.stop()), ...this.#raws.map(async (r) => r.stop())])
    await Promise.all(this.#dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  }
}

/** The room state a peer stored (what an insider holds: secret, keys, members). */
export async function storedRoom (peer: Peer, room: string): Promise<RoomState> {
  const bytes = await peer.store.kv('rooms').get(`private:${room}`)
  if (bytes === undefined) throw new Error(`${peer.peerId} stores no private room ${room}`)
  return decodeRoomState(bytes, false)
}

/** Room keys as they travel in an INVITE or REKEY, with any field chosen by the caller. */
export function roomKeys (fields: { roomId: Uint8Array, secret: Uint8Array, ownerKey: Uint8Array, name?: string, members: string[], keyring: RoomKeyring }): Uint8Array<ArrayBuffer> {
  return PrivateRoomState.encode({
    roomId: fields.roomId as Uint8Array<ArrayBuffer>,
    secret: fields.secret as Uint8Array<ArrayBuffer>,
    ownerKey: fields.ownerKey as Uint8Array<ArrayBuffer>,
    name: fields.name ?? 'plans',
    members: fields.members,
    keyring: fields.keyring.serialize() as Uint8Array<ArrayBuffer>
  })
}

/** A post sealed under the keyring's current epoch, signed by `author`, with any body fields. */
export function post (author: Identity, keyring: RoomKeyring, body: Partial<{ text: string, nick: string, sentAt: number }>): Uint8Array {
  const payload = PrivateRoomBody.encode({ text: body.text ?? 'hello', nick: body.nick ?? 'mallory', sentAt: BigInt(body.sentAt ?? Date.now()), nonce: new Uint8Array(8) })
  return sealRoomMessage(author, keyring, payload)
}

/**
 * Someone else's sealed post, opened and sealed again under a fresh nonce
 * with the epoch key (format: version 1 | epoch 4 | nonce 24 | AEAD; see
 * room-message.ts): other bytes, the same author, signature and payload.
 */
export function reseal (keyring: RoomKeyring, sealed: Uint8Array): Uint8Array {
  const epoch = new DataView(sealed.buffer, sealed.byteOffset).getUint32(1)
  const ad = concat(new TextEncoder().encode('parley/room/v1'), keyring.roomId, sealed.subarray(1, 5))
  const inner = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(29), ad, sealed.subarray(5, 29), keyring.epochKey(epoch))
  const nonce = sodium().randombytes_buf(24)
  return concat(sealed.subarray(0, 5), nonce, sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(inner, ad, null, nonce, keyring.epochKey(epoch)))
}
