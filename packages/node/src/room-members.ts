/**
 * Who has been seen in each room recently: every verified event of a room
 * (texts, edits, reactions, presence announcements) counts as a sighting of
 * its author, with the nick it carried. Nicks are self-chosen and never
 * trusted; the fingerprint is what tells two "alice"s apart.
 *
 * Anyone can make fresh keys and announce them, so the table is bounded: at
 * most {@link MAX_MEMBERS_PER_ROOM} per room and {@link MAX_MEMBERS_TOTAL}
 * over all rooms; past either, the member seen least recently (by when its
 * last event arrived here, which a sender cannot forge) is forgotten.
 */
import { PRESENCE_INTERVAL_MS, PRESENCE_MS_PER_MEMBER, PRESENCE_WINDOW_INTERVALS } from './constants.js'
import { namesOfKey } from './room-messages.js'
import type { Member } from './types.js'

/** Most members remembered per room. */
export const MAX_MEMBERS_PER_ROOM = 1024
/** Most members remembered over all rooms. */
export const MAX_MEMBERS_TOTAL = 8192

/** Options of {@link RoomMembers}. */
export interface RoomMembersInit {
  maxPerRoom?: number
  maxTotal?: number
}

/** Recent members of each room. */
export class RoomMembers {
  /** Per room, members in the order their last event arrived (least recent first). */
  readonly #rooms = new Map<string, Map<string, Member>>()
  /** Every (room, peer) in the order their last event arrived, for the total cap. */
  readonly #order = new Map<string, { room: string, peerId: string }>()
  /** Per room, its presence interval as last worked out (PRESENCE_INTERVAL_MS until then). */
  readonly #intervals = new Map<string, number>()
  readonly #maxPerRoom: number
  readonly #maxTotal: number

  constructor (init: RoomMembersInit = {}) {
    this.#maxPerRoom = init.maxPerRoom ?? MAX_MEMBERS_PER_ROOM
    this.#maxTotal = init.maxTotal ?? MAX_MEMBERS_TOTAL
    if (!Number.isSafeInteger(this.#maxPerRoom) || this.#maxPerRoom < 1) throw new RangeError(`maxPerRoom must be a positive integer, got ${this.#maxPerRoom}`)
    if (!Number.isSafeInteger(this.#maxTotal) || this.#maxTotal < 1) throw new RangeError(`maxTotal must be a positive integer, got ${this.#maxTotal}`)
  }

  /**
   * Records that `publicKey` (as `peerId`) sent an event at `at` in `room`.
   * Returns the member when it is new or its nick changed (a presence event
   * is due), otherwise undefined.
   */
  seen (room: string, peerId: string, nick: string, publicKey: Uint8Array, at: number, now = Date.now()): Member | undefined {
    // Events from before the window (history sync) say nothing about who is here now.
    if (at < now - this.window(room)) return undefined
    let members = this.#rooms.get(room)
    if (members === undefined) this.#rooms.set(room, members = new Map<string, Member>())
    const lastSeen = Math.min(at, now)
    const before = members.get(peerId)
    // An event older than the last one seen neither makes a member look absent nor brings back an old nick.
    if (before !== undefined && before.lastSeen > lastSeen) return undefined
    const member = { peerId, nick, fingerprint: namesOfKey(publicKey).fingerprint, lastSeen }
    const key = `${room}\x00${peerId}`
    // Delete then set: Map order is insertion order, so this moves the member to the most recent end.
    members.delete(peerId)
    members.set(peerId, member)
    this.#order.delete(key)
    this.#order.set(key, { room, peerId })
    if (members.size > this.#maxPerRoom) this.#drop(room, members.keys().next().value as string)
    if (this.#order.size > this.#maxTotal) {
      const oldest = this.#order.values().next().value as { room: string, peerId: string }
      this.#drop(oldest.room, oldest.peerId)
    }
    return before === undefined || before.nick !== nick ? member : undefined
  }

  #drop (room: string, peerId: string): void {
    this.#order.delete(`${room}\x00${peerId}`)
    const members = this.#rooms.get(room)
    members?.delete(peerId)
    if (members?.size === 0) this.#rooms.delete(room)
  }

  /** Members remembered in a room, at most {@link MAX_MEMBERS_PER_ROOM}, whatever their age. */
  size (room: string): number {
    return this.#rooms.get(room)?.size ?? 0
  }

  /** How often a member announces itself in `room` (PRESENCE_INTERVAL_MS, longer in a large room). */
  interval (room: string): number {
    return this.#intervals.get(room) ?? PRESENCE_INTERVAL_MS
  }

  /** How long after its last event a member of `room` counts as present: PRESENCE_WINDOW_INTERVALS intervals. */
  window (room: string): number {
    return PRESENCE_WINDOW_INTERVALS * this.interval(room)
  }

  /**
   * Works out `room`'s presence interval from the members present now (us among them: our own
   * events count as sightings too):
   * PRESENCE_MS_PER_MEMBER each, never under PRESENCE_INTERVAL_MS. A room that grows lengthens it
   * at once; one that shrinks shortens it as its quiet members leave the window. Every member
   * counts alike, so the members of one room arrive at about the same interval.
   */
  updateInterval (room: string, now = Date.now()): number {
    const interval = Math.max(PRESENCE_INTERVAL_MS, this.list(room, now).length * PRESENCE_MS_PER_MEMBER)
    if (interval === PRESENCE_INTERVAL_MS) this.#intervals.delete(room)
    else this.#intervals.set(room, interval)
    return interval
  }

  /** Members seen within the presence window, most recent first. */
  list (room: string, now = Date.now()): Member[] {
    const cutoff = now - this.window(room)
    return [...(this.#rooms.get(room)?.values() ?? [])].filter((m) => m.lastSeen >= cutoff).sort((a, b) => b.lastSeen - a.lastSeen)
  }

  /** Forgets a room (when it is left). */
  forget (room: string): void {
    for (const peerId of this.#rooms.get(room)?.keys() ?? []) this.#order.delete(`${room}\x00${peerId}`)
    this.#rooms.delete(room)
    this.#intervals.delete(room)
  }
}
