/**
 * Owned room ids: `<name>~<owner key, 64 hex digits>`. The id (and so the gossipsub topic and the
 * conversation) carries the owner's whole Ed25519 key, so nobody else can create a room that
 * passes for it: a moderation log is rooted in that key. The interface shows the short form
 * `<name>~<first 8 hex digits>`; the full id is what is joined and shared.
 */
import { fromHex, toHex } from '@parley/crypto'
import { OWNER_SEPARATOR, SHORT_OWNER_DIGITS } from './constants.js'

const OWNER_HEX = /^[0-9a-f]{64}$/

/** An owned room id, split. */
export interface OwnedRoom {
  name: string
  /** The owner's Ed25519 public key. */
  owner: Uint8Array
  ownerHex: string
}

/** The id of the room `name` (already normalised, without `~`) owned by `owner`. */
export function ownedRoomId (name: string, owner: Uint8Array): string {
  if (owner.length !== 32) throw new RangeError('owner must be a 32-byte Ed25519 public key')
  return `${name}${OWNER_SEPARATOR}${toHex(owner)}`
}

/** The parts of an owned room id, or undefined for an open room (a plain name) or anything malformed. */
export function parseOwnedRoom (room: string): OwnedRoom | undefined {
  const at = room.indexOf(OWNER_SEPARATOR)
  if (at <= 0) return undefined
  const ownerHex = room.slice(at + 1)
  if (!OWNER_HEX.test(ownerHex)) return undefined
  return { name: room.slice(0, at), owner: fromHex(ownerHex), ownerHex }
}

/** How the interface shows a room: open rooms by name, owned ones as `name~3f9a07c2`. */
export function roomLabel (room: string): string {
  const owned = parseOwnedRoom(room)
  return owned === undefined ? room : `${owned.name}${OWNER_SEPARATOR}${owned.ownerHex.slice(0, SHORT_OWNER_DIGITS)}`
}

/** The joined room a label or id names: the id itself, or the one joined room whose short label it is. */
export function resolveRoomLabel (label: string, joined: readonly string[]): string {
  const bare = label.replace(/^#/, '')
  if (joined.includes(bare)) return bare
  const hits = joined.filter((r) => roomLabel(r) === bare)
  return hits.length === 1 ? hits[0] : bare
}
