/**
 * Keeping every joined room's history whole, around the sync protocol (room-sync.ts):
 * - when syncs run (on a join, a member's subscription, anti-entropy, onward): sync-schedule.ts;
 * - a room counts as possibly incomplete (a `gap` event) from a join or a start until a sync
 *   with a member completes (`gap-filled`);
 * - gap markers a repair left (store/gaps.ts) lose what a sync brought back (`gap-refilled`).
 */
import { roomTopic } from '../constants.js'
import { readGaps, refillGaps, type GapSpan, type ProfileStore } from '../store/index.js'
import { SyncSchedule } from './sync-schedule.js'
import type { Libp2p } from 'libp2p'
import type { GossipSub } from '../pubsub.js'
import type { RoomSync, SyncResult } from './room-sync.js'
import type { PeerEvents } from '../types.js'

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
  readonly #schedule: SyncSchedule
  /** The gap refills, one after another. */
  #refills: Promise<void> = Promise.resolve()

  constructor (components: RoomUpkeepComponents) {
    this.#c = components
    this.#schedule = new SyncSchedule({
      libp2p: components.libp2p,
      rooms: components.rooms,
      roomOf: (topic) => this.#c.rooms().find((r) => roomTopic(r) === topic),
      topicOf: roomTopic,
      isPenalised: (peer) => this.#c.sync().isPenalised(peer),
      syncWith: async (peer, room) => this.#c.sync().syncWith(peer, room),
      onError: (error) => { this.#c.emit('error', { error }) }
    })
  }

  /** Every joined room counts as incomplete until synced; anti-entropy starts. */
  start (): void {
    for (const room of this.#c.rooms()) this.markIncomplete(room)
    this.#schedule.start()
  }

  stop (): void {
    this.#schedule.stop()
  }

  /** A room just joined: incomplete until synced, and synced with every member we know. */
  joined (room: string): void {
    this.markIncomplete(room)
    this.#schedule.joined(room)
  }

  /** A sync completed (RoomSync's onSync). */
  synced (result: SyncResult): void {
    this.#c.emit('sync', result)
    if (this.#incomplete.delete(result.room)) this.#c.emit('gap-filled', { room: result.room, fetched: result.fetched })
    if (result.fetched > 0) void this.#refill(`room:${result.room}`)
  }

  /** A sync taught us messages of `room` that `peer` held (RoomSync's onLearned). */
  learned (room: string, peer: string): void {
    this.#schedule.learned(room, peer)
  }

  /** Reconciles a room's history with every peer subscribed to it; resolves with each outcome. */
  async resync (room: string): Promise<SyncResult[]> {
    return this.#schedule.resync(room)
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
