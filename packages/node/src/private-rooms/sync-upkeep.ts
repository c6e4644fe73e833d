/**
 * When private rooms sync (sync/private-sync.ts), on the public rooms' schedule (sync/room-upkeep.ts):
 * - on accepting an invite, with every member subscribed to the room's topic (a newcomer catches up
 *   with what was posted before its subscription reached the posters);
 * - when a member (re)subscribes to one of our rooms' topics (a member back from being offline, or
 *   one that joined late), at most once per ANTI_ENTROPY_INTERVAL_MS per peer and room after a sync
 *   that completed, SUBSCRIPTION_SYNC_RETRY_MS after one that did not, for at most
 *   MAX_SUBSCRIPTION_SYNCS_TRACKED connected peers;
 * - every ANTI_ENTROPY_INTERVAL_MS, each joined room with one subscribed member picked at random;
 * - onward (sync/onward.ts): what a sync taught us is offered to a few other members soon after.
 * Only peers our member list names are ever synced with; a subscriber that is not a member is ignored.
 */
import { ANTI_ENTROPY_INTERVAL_MS } from '../constants.js'
import { OnwardSync } from '../sync/onward.js'
import { MAX_SUBSCRIPTION_SYNCS_TRACKED, SUBSCRIPTION_SYNC_RETRY_MS } from '../sync/room-upkeep.js'
import type { GossipSub } from '../pubsub.js'
import { PrivateSyncRefusedError, type PrivateSync } from '../sync/private-sync.js'
import type { SyncResult } from '../sync/room-sync.js'
import type { Libp2p } from 'libp2p'

/** What {@link PrivateSyncUpkeep} works with. */
export interface PrivateSyncUpkeepComponents {
  libp2p: Libp2p<{ pubsub: GossipSub }>
  sync: PrivateSync
  /** The private rooms we joined (room ids in hex). */
  rooms: () => string[]
  /** The room id of a private room's topic, or undefined for another topic. */
  roomOf: (topic: string) => string | undefined
  topicOf: (room: string) => string
  isMember: (room: string, peer: string) => boolean
  onError: (error: Error) => void
}

/** See the module comment. */
export class PrivateSyncUpkeep {
  readonly #c: PrivateSyncUpkeepComponents
  /** Until when a subscription starts no sync, per connected peer and room. */
  readonly #subscriptionSyncs = new Map<string, Map<string, number>>()
  readonly #onward: OnwardSync
  #antiEntropy: ReturnType<typeof setInterval> | undefined

  constructor (components: PrivateSyncUpkeepComponents) {
    this.#c = components
    this.#onward = new OnwardSync({ members: (room) => this.#members(room), sync: (peer, room) => { void this.syncQuietly(peer, room) } })
    components.libp2p.services.pubsub.addEventListener('subscription-change', (evt) => {
      const peer = evt.detail.peerId.toString()
      for (const { topic, subscribe } of evt.detail.subscriptions) {
        const room = this.#c.roomOf(topic)
        if (subscribe && room !== undefined && this.#c.isMember(room, peer)) void this.#syncOnSubscription(peer, room)
      }
    })
    components.libp2p.addEventListener('peer:disconnect', (evt) => { this.#subscriptionSyncs.delete(evt.detail.toString()) })
  }

  /** The room's members subscribed to its topic (connected, by gossipsub's view). */
  #members (room: string): string[] {
    return this.#c.libp2p.services.pubsub.getSubscribers(this.#c.topicOf(room)).map(String).filter((p) => this.#c.isMember(room, p))
  }

  start (): void {
    this.#antiEntropy = setInterval(() => {
      for (const room of this.#c.rooms()) {
        const members = this.#members(room)
        const pick = members[Math.floor(Math.random() * members.length)]
        if (pick !== undefined) void this.syncQuietly(pick, room)
      }
    }, ANTI_ENTROPY_INTERVAL_MS)
  }

  stop (): void {
    clearInterval(this.#antiEntropy)
    this.#onward.stop()
  }

  /** A room just joined: synced with every subscribed member. */
  joined (room: string): void {
    for (const peer of this.#members(room)) void this.syncQuietly(peer, room)
  }

  /** A sync taught us posts of `room` that `peer` held. */
  learned (room: string, peer: string): void {
    this.#onward.learned(room, peer)
  }

  async #syncOnSubscription (peer: string, room: string): Promise<void> {
    const now = Date.now()
    let rooms = this.#subscriptionSyncs.get(peer)
    if ((rooms?.get(room) ?? 0) > now) return
    if (rooms === undefined) {
      if (this.#subscriptionSyncs.size >= MAX_SUBSCRIPTION_SYNCS_TRACKED) return
      rooms = new Map()
      this.#subscriptionSyncs.set(peer, rooms)
    }
    rooms.set(room, now + ANTI_ENTROPY_INTERVAL_MS)
    const result = await this.syncQuietly(peer, room)
    if (result === undefined) this.#subscriptionSyncs.get(peer)?.set(room, Date.now() + SUBSCRIPTION_SYNC_RETRY_MS)
  }

  /** Syncs `room` with a connected member; a failure is reported to onError (a refusal is not) and resolves undefined. */
  async syncQuietly (peer: string, room: string): Promise<SyncResult | undefined> {
    const target = this.#c.libp2p.getConnections().find((c) => c.remotePeer.toString() === peer)?.remotePeer
    if (target === undefined) return undefined
    try {
      return await this.#c.sync.syncWith(target, room)
    } catch (error) {
      // Not an error of ours: we were removed, or the peer has not heard of our membership yet.
      if ((error as Error).name !== PrivateSyncRefusedError.name) this.#c.onError(error as Error)
      return undefined
    }
  }

  /** Reconciles a room with every subscribed member; resolves with each outcome that completed. */
  async resync (room: string): Promise<SyncResult[]> {
    const results = await Promise.all(this.#members(room).map(async (p) => this.syncQuietly(p, room)))
    return results.filter((r): r is SyncResult => r !== undefined)
  }
}
