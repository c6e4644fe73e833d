/**
 * Warns when this profile runs somewhere else at the same time (a backup
 * restored in a second place while the first still runs, or a profile
 * moved without stopping the old copy): a room event signed by our own key,
 * fresh, that gossip brought in. Gossipsub never hands a node its own
 * publications (emitSelf off, and its seen cache drops echoes), and only the
 * holder of the key can sign a new event, so such an event was made by
 * another running copy.
 *
 * What counts: an event whose sentAt is after this peer was built and within
 * TWIN_FRESH_MS of now. The freshness bound is below gossipsub's seen-cache
 * time, so a replay of one of our own events by someone else is either
 * dropped as seen or too old. Each copy announces presence in its rooms every
 * PRESENCE_INTERVAL_MS (a second per member in a room of more than 60), so two
 * copies in a common room with a path of two hops or more between them find
 * each other within about that time. (Two copies
 * that share their only neighbour do not: that neighbour never forwards a
 * message back to the PeerId it came from.)
 *
 * The topic validator has already checked each event's signature before the
 * `message` event fires; this only decodes the envelope and compares keys.
 */
import { constantTimeEqual } from '@parley/crypto'
import { roomTopic } from '../constants.js'
import { Envelope, RoomEvent } from '../pb/room.js'
import type { GossipSub } from '../pubsub.js'

/** How fresh an event signed by our key must be to count (below gossipsub's 2-minute seen cache). */
export const TWIN_FRESH_MS = 60_000
/** At most one warning per this long. */
export const TWIN_WARN_INTERVAL_MS = 10 * 60_000
const TOPIC_PREFIX = roomTopic('')

/** What the peer is told: the room where the other copy spoke, and the sentence to show. */
export interface TwinSighting {
  room: string
  notice: string
}

/** Starts watching `pubsub` for events signed by `publicKey` that this process did not make. */
export function watchForTwin (pubsub: GossipSub, publicKey: Uint8Array, warn: (sighting: TwinSighting) => void, now: () => number = Date.now): void {
  const builtAt = now()
  let warnedAt = -Infinity
  pubsub.addEventListener('message', (evt) => {
    const msg = evt.detail
    if (!msg.topic.startsWith(TOPIC_PREFIX)) return
    let sentAt: number
    try {
      const envelope = Envelope.decode(msg.data)
      if (envelope.author.length !== publicKey.length || !constantTimeEqual(envelope.author, publicKey)) return
      sentAt = Number(RoomEvent.decode(envelope.payload).sentAt)
    } catch {
      return
    }
    const t = now()
    if (sentAt <= builtAt || Math.abs(t - sentAt) > TWIN_FRESH_MS || t - warnedAt < TWIN_WARN_INTERVAL_MS) return
    warnedAt = t
    const room = msg.topic.slice(TOPIC_PREFIX.length)
    warn({ room, notice: `Your profile is running somewhere else too (seen in #${room}). A profile must run in one place at a time: stop the other copy.` })
  })
}
