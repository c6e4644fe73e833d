/**
 * The mentions a message carries: PeerIds of the members it calls, in its signed body (room
 * RoomEvent.mentions, PrivateRoomBody.mentions, DmPayload.mentions). The text keeps `@nick` for
 * display; only a carried key notifies, so a member using someone else's nick calls no one.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { named } from '../errors.js'

/** Most mentions one message carries (a decoder limit and a send check). */
export const MAX_MENTIONS = 32
/** Longest PeerId string accepted in a mention (an Ed25519 PeerId is 52 characters). */
const MAX_MENTION_LENGTH = 64

/** A message carries more than MAX_MENTIONS mentions. */
export class TooManyMentionsError extends named('TooManyMentionsError') {}
/** A mention that is not an Ed25519 PeerId in its one spelling, or one named twice. */
export class InvalidMentionError extends named('InvalidMentionError') {}

/** Decoder limits for a body carrying `mentions`. */
export const MENTION_LIMITS = { mentions: MAX_MENTIONS } as const

/**
 * Throws TooManyMentionsError beyond MAX_MENTIONS, InvalidMentionError for anything but distinct
 * Ed25519 PeerIds (each in canonical base58 form, so one person has one spelling).
 */
export function checkMentions (mentions: unknown): asserts mentions is string[] {
  if (!Array.isArray(mentions)) throw new InvalidMentionError('mentions must be a list of PeerIds')
  if (mentions.length > MAX_MENTIONS) throw new TooManyMentionsError(`a message mentions at most ${MAX_MENTIONS} members, not ${mentions.length}`)
  const seen = new Set<string>()
  for (const m of mentions as unknown[]) {
    if (typeof m !== 'string' || m.length === 0 || m.length > MAX_MENTION_LENGTH) throw new InvalidMentionError('a mention must be a PeerId')
    let canonical: string
    try {
      const id = peerIdFromString(m)
      if (id.type !== 'Ed25519') throw new Error('not Ed25519')
      canonical = id.toString()
    } catch {
      throw new InvalidMentionError(`not an Ed25519 PeerId: ${m.slice(0, MAX_MENTION_LENGTH)}`)
    }
    if (canonical !== m) throw new InvalidMentionError(`not the canonical spelling of a PeerId: ${m}`)
    if (seen.has(m)) throw new InvalidMentionError(`${m} is mentioned twice`)
    seen.add(m)
  }
}
