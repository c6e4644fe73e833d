/**
 * Keeping every joined room's history whole, around the sync protocol (room-sync.ts):
 * - a room counts as possibly incomplete (a `gap` event) from a join or a start until a sync
 *   with a member completes (`gap-filled`);
 * - a peer that (re)subscribes to one of our rooms is synced with, at most once per
 *   anti-entropy interval per peer and room;
 * - anti-entropy: every ANTI_ENTROPY_INTERVAL_MS, each room is reconciled with one member
 *   picked at random, so what a peer missed while a neighbour was away still arrives once
 *   nothing else changes;
 * - onward sync (onward.ts): what a sync taught us is offered to a few other members;
 * - gap markers a repair left (store/gaps.ts) lose what a sync brought back (`gap-refilled`).
 */
import { ANTI_ENTROPY_INTERVAL_MS, roomTopic } from '../constants.js'
import { readGaps, refillGaps, type GapSpan, type ProfileStore } from '../store/index.js'
import { OnwardSync } from './onward.js'
import type { Libp2p } from 'libp2p'
import type { GossipSub } from '../pubsub.js'
import type { RoomSync, SyncResult } from './room-sync.js'
import type { PeerEvents } from '../types.js'

/** Most connected peers whose subscription-started syncs are remembered (beyond: none until one disconnects). */
export const MAX_SUBSCRIPTION_SYNCS_TRACKED = 4096
/** After a subscription-started sync that did not complete, how soon the next subscription may retry it. */
export const SUBSCRIPTION_SYNC_RETRY_MS = 2_000

/** What {@link RoomUpkeep} works with. */
export interface RoomUpkeepComponents {
  libp2p: Libp2p<{ pubsub: GossipSub }>
  store: ProfileStore
  /** The joined rooms. */
  rooms: () => string[]
  /** The sync protocol (built after this, since its callbacks call back here). */
  sync: () => RoomSync
  emit: <K extends 'sync' | 'gap' | 'gap-filled' | 'gap-refilled' | 'error'>(type: K, detail: PeerEvents[K]['detail']) => void
}

/** See the module comment. */
export class RoomUpkeep {
  readonly #c: RoomUpkeepComponents
  /** Rooms whose history may be incomplete until a sync with a member completes. */
  readonly #incomplete = new Set<string>()
  /** Until when a subscription starts no sync, per connected peer and room. */
  readonly #subscriptionSyncs = new Map<string, Map<string, number>>()
  /** Offers what a sync brought in to a few other members of the room. */
  readonly #onward: OnwardSync
  /** The gap refills, one after another. */
  #refills: Promise<void> = Promise.resolve()
  #antiEntropy: ReturnType<typeof setInterval> | undefined

  constructor (components: RoomUpkeepComponents) {
    this.#c = components
    const pubsub = components.libp2p.services.pubsub
    this.#onward = new OnwardSync({
      members: (room) => this.#members(room),
      sync: (peer, room) => { void this.syncQuietly(peer, room) }
    })
    // A peer that (re)subscribes to one of our rooms may hold what we missed, or lack what we hold.
    pubsub.addEventListener('subscription-change', (evt) => {
      for (const { topic, subscribe } of evt.detail.subscriptions) {
        const room = this.#c.rooms().find((r) => roomTopic(r) === topic)
        if (subscribe && room !== undefined) void this.#syncOnSubscription(evt.detail.peerId.toString(), room)
      }
    })
    components.libp2p.addEventListener('peer:disconnect', (evt) => { this.#subscriptionSyncs.delete(evt.detail.toString()) })
  }

  #members (room: string): string[] {
    return this.#c.libp2p.services.pubsub.getSubscribers(roomTopic(room)).map((p) => p.toString())
  }

  /** Every joined room counts as incomplete until synced; anti-entropy starts. */
  start (): void {
    for (const room of this.#c.rooms()) this.markIncomplete(room)
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

  /** A room just joined: incomplete until synced, and synced with every member we know. */
  joined (room: string): void {
    this.markIncomplete(room)
    for (const peer of this.#members(room)) void this.syncQuietly(peer, room)
  }

  /** A sync completed (RoomSync's onSync). */
  synced (result: SyncResult): void {
    this.#c.emit('sync', result)
    if (this.#incomplete.delete(result.room)) this.#c.emit('gap-filled', { room: result.room, fetched: result.fetched })
    if (result.fetched > 0) void this.#refill(`room:${result.room}`)
  }

  /** A sync taught us messages of `room` that `peer` held (RoomSync's onLearned). */
  learned (room: string, peer: string): void {
    this.#onward.learned(room, peer)
  }

  /**
   * Syncs `room` with a peer that just subscribed to it, unless a sync with that peer and room
   * started less than ANTI_ENTROPY_INTERVAL_MS ago after one that completed (a failed one may be
   * retried by the next subscription after SUBSCRIPTION_SYNC_RETRY_MS), so a peer toggling its
   * subscription cannot make us read the room's window again and again. A peer that reconnects
   * is synced with at once: its rooms are forgotten when it disconnects.
   */
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

  /** Syncs `room` with a connected peer; a failure is an `error` event and resolves undefined. */
  async syncQuietly (peer: string, room: string): Promise<SyncResult | undefined> {
    const target = this.#c.libp2p.getConnections().find((c) => c.remotePeer.toString() === peer)?.remotePeer
    if (target === undefined) return undefined
    try {
      return await this.#c.sync().syncWith(target, room)
    } catch (error) {
      this.#c.emit('error', { error: error as Error })
      return undefined
    }
  }

  /** Reconciles a room's history with every peer subscribed to it; resolves with each outcome. */
  async resync (room: string): Promise<SyncResult[]> {
    const results = await Promise.all(this.#members(room).map(async (p) => this.syncQuietly(p, room)))
    return results.filter((r): r is SyncResult => r !== undefined)
  }

  markIncomplete (room: string): void {
    if (this.#incomplete.has(room)) return
    this.#incomplete.add(room)
    this.#c.emit('gap', { room })
  }

  /** True while a room's history may have a gap. */
  isIncomplete (room: string): boolean {
    return this.#incomplete.has(room)
  }

  /** Where a conversation's history is known to have lost messages (a repair's gap markers), oldest first. */
  async gaps (conversation: string): Promise<GapSpan[]> {
    return readGaps(this.#c.store, conversation)
  }

  /** Drops from the conversation's gap markers what a sync brought back; one refill at a time, so two syncs finishing together do not count the same messages back twice. */
  async #refill (conversation: string): Promise<void> {
    this.#refills = this.#refills.then(async () => {
      const { spans, refilled } = await refillGaps(this.#c.store, conversation)
      if (refilled > 0) this.#c.emit('gap-refilled', { conversation, refilled, missing: spans.reduce((n, s) => n + s.missing, 0) })
    }).catch((error: Error) => { this.#c.emit('error', { error }) })
    await this.#refills
  }
}
