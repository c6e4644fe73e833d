/**
 * Who a moderation command names: a petname, a PeerId, or a nick that exactly one member seen in
 * the room has, through the one name resolver (name-resolver.ts). Appointing or removing a
 * moderator grants or takes trust, so it takes a petname or PeerId only.
 */
import { shortFingerprint } from '@parley/crypto'
import { resolvePeerName, type NameUse } from '../name-resolver.js'
import { keyOfPeerId } from './keys.js'
import type { Peer } from '../peer.js'
import type { ModActionName } from './communities.js'

/** The PeerId `name` means for `action` in `room`, or the resolver's typed refusal. */
export function resolveMember (peer: Peer, room: string, name: string, action: ModActionName, nicks: ReadonlyMap<string, string> = new Map()): string {
  const use: NameUse = action === 'add-mod' || action === 'remove-mod' ? 'trust' : 'message'
  const seen = new Map(nicks)
  for (const m of peer.rooms.members(room)) seen.set(m.peerId, m.nick)
  return resolvePeerName(name, use, {
    contacts: peer.contacts.list(),
    nicks: seen,
    fingerprintOf: (id) => shortFingerprint(keyOfPeerId(id)),
    isPeerId: (id) => {
      try {
        keyOfPeerId(id)
        return true
      } catch {
        return false
      }
    }
  })
}
