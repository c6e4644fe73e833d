/**
 * Who has been seen in each room recently: every verified event of a room
 * (texts, edits, reactions, presence announcements) counts as a sighting of
 * its author, with the nick it carried. Nicks are self-chosen and never
 * trusted; the fingerprint is what tells two "alice"s apart.
 */
import { shortFingerprint } from '@parley/crypto'
import { PRESENCE_WINDOW_MS } from './constants.js'
import type { Member } from './types.js'

/** Members are remembered per room until this many, then those gone quiet are forgotten. */
const PRUNE_MEMBERS_AT = 1024

/** Recent members of each room. */
export class RoomMembers {
  readonly #rooms = new Map<string, Map<string, Member>>()

  /**
   * Records that `publicKey` (as `peerId`) sent an event at `at` in `room`.
   * Returns the member when it is new or its nick changed (a presence event
   * is due), otherwise undefined.
   */
  seen (room: string, peerId: string, nick: string, publicKey: Uint8Array, at: number, now = Date.now()): Member | undefined {
    // Events from before the window (history sync) say nothing about who is here now.
    if (at < now - PRESENCE_WINDOW_MS) return undefined
    let members = this.#rooms.get(room)
    if (members === undefined) this.#rooms.set(room, members = new Map<string, Member>())
    const lastSeen = Math.min(at, now)
    const before = members.get(peerId)
    // An event older than the last one seen neither makes a member look absent nor brings back an old nick.
    if (before !== undefined && before.lastSeen > lastSeen) return undefined
    if (before === undefined && members.size >= PRUNE_MEMBERS_AT) forgetAbsent(members, now)
    const member = { peerId, nick, fingerprint: shortFingerprint(publicKey), lastSeen }
    members.set(peerId, member)
    return before === undefined || before.nick !== nick ? member : undefined
  }

  /** Members seen within the presence window, most recent first. */
  list (room: string, now = Date.now()): Member[] {
    const cutoff = now - PRESENCE_WINDOW_MS
    return [...(this.#rooms.get(room)?.values() ?? [])].filter((m) => m.lastSeen >= cutoff).sort((a, b) => b.lastSeen - a.lastSeen)
  }

  /** Forgets a room (when it is left). */
  forget (room: string): void {
    this.#rooms.delete(room)
  }
}

function forgetAbsent (members: Map<string, Member>, now: number): void {
  for (const [peerId, m] of members) {
    if (m.lastSeen < now - PRESENCE_WINDOW_MS) members.delete(peerId)
  }
}
