/**
 * When a history sync runs, for public rooms (room-upkeep.ts around room-sync.ts) and private rooms
 * (private-rooms.ts around private-sync.ts) alike:
 * - when a room is joined, with every member subscribed to its topic (a newcomer catches up with
 *   what was posted before its subscription reached the posters);
 * - when a member (re)subscribes to one of our rooms' topics (back from being offline, or joined
 *   late), at most once per ANTI_ENTROPY_INTERVAL_MS per peer and room after a sync that completed,
 *   SUBSCRIPTION_SYNC_RETRY_MS after one that did not, for at most MAX_SUBSCRIPTION_SYNCS_TRACKED
 *   connected peers (a peer's rooms are forgotten when it disconnects, so a peer that reconnects is
 *   synced with at once, and one toggling its subscription cannot make us read a window again and
 *   again);
 * - anti-entropy: every ANTI_ENTROPY_INTERVAL_MS, each joined room with one subscribed member
 *   picked at random (never a penalised one), so what a peer missed while a neighbour was away
 *   still arrives once nothing else changes;
 * - onward (onward.ts): what a sync taught us is offered to a few other members soon after.
 * Only subscribers `isMember` accepts are ever synced with.
 */
import { ANTI_ENTROPY_INTERVAL_MS } from '../constants.js'
import { OnwardSync } from './onward.js'
import type { GossipSub } from '../pubsub.js'
import type { SyncResult } from './room-sync.js'
import type { PeerId } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

/** Most connected peers whose subscription-started syncs are remembered (beyond: none until one disconnects). */
export const MAX_SUBSCRIPTION_SYNCS_TRACKED = 4096
/** After a subscription-started sync that did not complete, how soon the next subscription may retry it. */
export const SUBSCRIPTION_SYNC_RETRY_MS = 2_000

/** What {@link SyncSchedule} works with. */
export interface SyncScheduleComponents {
  libp2p: Libp2p<{ pubsub: GossipSub }>
  /** The joined rooms. */
  rooms: () => string[]
  /** The room a topic belongs to, or undefined for another topic. */
  roomOf: (topic: string) => string | undefined
  topicOf: (room: string) => string
  /** Whether a subscriber of the room's topic is one to sync with (every subscriber when absent). */
  isMember?: (room: string, peer: string) => boolean
  /**
   * Whether a peer is left alone for now (it served forged history): it is no member to pick, so a
   * penalised subscriber cannot take the anti-entropy and onward rounds an honest member should get.
   */
  isPenalised: (peer: string) => boolean
  /** Runs one sync; resolves undefined when none ran (one with that peer and room is running, say). */
  syncWith: (peer: PeerId, room: string) => Promise<SyncResult | undefined>
  /** A sync that failed. */
  onError: (error: Error) => void
}

/** See the module comment. */
export class SyncSchedule {
  readonly #c: SyncScheduleComponents
  /** Until when a subscription starts no sync, per connected peer and room. */
  readonly #subscriptionSyncs = new Map<string, Map<string, number>>()
  readonly #onward: OnwardSync
  #antiEntropy: ReturnType<typeof setInterval> | undefined

  constructor (components: SyncScheduleComponents) {
    this.#c = components
    this.#onward = new OnwardSync({ members: (room) => this.#members(room), sync: (peer, room) => { void this.syncQuietly(peer, room) } })
    components.libp2p.services.pubsub.addEventListener('subscription-change', (evt) => {
      const peer = evt.detail.peerId.toString()
      for (const { topic, subscribe } of evt.detail.subscriptions) {
        const room = subscribe ? this.#c.roomOf(topic) : undefined
        if (room !== undefined && this.#accepts(room, peer)) void this.#syncOnSubscription(peer, room)
      }
    })
    components.libp2p.addEventListener('peer:disconnect', (evt) => { this.#subscriptionSyncs.delete(evt.detail.toString()) })
  }

  #accepts (room: string, peer: string): boolean {
    return this.#c.isMember?.(room, peer) ?? true
  }

  /** The room's members subscribed to its topic (connected, by gossipsub's view), but for the penalised. */
  #members (room: string): string[] {
    return this.#c.libp2p.services.pubsub.getSubscribers(this.#c.topicOf(room)).map(String).filter((p) => this.#accepts(room, p) && !this.#c.isPenalised(p))
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

  /** A sync taught us messages of `room` that `peer` held. */
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

  /** Syncs `room` with a connected peer; a failure goes to onError and resolves undefined. */
  async syncQuietly (peer: string, room: string): Promise<SyncResult | undefined> {
    const target = this.#c.libp2p.getConnections().find((c) => c.remotePeer.toString() === peer)?.remotePeer
    if (target === undefined) return undefined
    try {
      return await this.#c.syncWith(target, room)
    } catch (error) {
      this.#c.onError(error as Error)
      return undefined
    }
  }

  /** Reconciles a room with every subscribed member; resolves with each outcome that completed. */
  async resync (room: string): Promise<SyncResult[]> {
    const results = await Promise.all(this.#members(room).map(async (p) => this.syncQuietly(p, room)))
    return results.filter((r): r is SyncResult => r !== undefined)
  }
}
