/**
 * One message model for every conversation kind: the text, nick and reaction
 * limits (each with its typed error), and the rules by which edits and
 * reactions change a stored message. Public rooms (room-messages.ts) and
 * direct messages (dm/dm-model.ts) both apply them:
 * - only the author edits or deletes (checked by the caller, who knows the author);
 * - the edit shown is the one with the latest (sentAt, id), whatever order edits arrive in;
 * - a reaction is kept once per reactor and reaction, and at most MAX_REACTIONS_PER_MESSAGE.
 */
import { MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_REACTIONS_PER_MESSAGE, MAX_TEXT_BYTES } from './constants.js'
import { InvalidInputError, TextTooLongError, TooManyReactionsError } from './errors.js'

const utf8 = new TextEncoder()

/** Throws InvalidInputError for an empty or non-string text, TextTooLongError above MAX_TEXT_BYTES. */
export function checkText (text: unknown): asserts text is string {
  if (typeof text !== 'string' || text.length === 0) throw new InvalidInputError('text must be a non-empty string')
  if (utf8.encode(text).length > MAX_TEXT_BYTES) throw new TextTooLongError(`text exceeds ${MAX_TEXT_BYTES} bytes`)
}

/** Throws InvalidInputError unless `nick` has 1..MAX_NICK_LENGTH characters and is not blank. */
export function checkNick (nick: unknown): asserts nick is string {
  if (typeof nick !== 'string' || nick.trim().length === 0 || nick.length > MAX_NICK_LENGTH) {
    throw new InvalidInputError(`nick must be 1..${MAX_NICK_LENGTH} characters`)
  }
}

/** Throws InvalidInputError unless `reaction` has 1..MAX_REACTION_LENGTH characters. */
export function checkReaction (reaction: unknown): asserts reaction is string {
  if (typeof reaction !== 'string' || reaction.length === 0 || reaction.length > MAX_REACTION_LENGTH) {
    throw new InvalidInputError(`reaction must be 1..${MAX_REACTION_LENGTH} characters`)
  }
}

/** The edit currently shown on a message: its send time and id (none yet: `shown` false). */
export interface ShownEdit {
  shown: boolean
  sentAt: bigint
  id: string
}

/** Whether an edit (sentAt, id) replaces the one shown: the latest (sentAt, id) wins. */
export function editWins (current: ShownEdit, sentAt: bigint, id: string): boolean {
  return !current.shown || sentAt > current.sentAt || (sentAt === current.sentAt && id > current.id)
}

/** A reaction as kept on a message. */
export interface KeptReaction {
  from: string
  reaction: string
}

/**
 * Whether a reaction may be added to `existing`: false for one already there
 * (same reactor, same reaction), TooManyReactionsError-worthy when full
 * (returned as 'full' so receivers can drop it quietly and senders can throw).
 */
export function reactionFits (existing: KeptReaction[], from: string, reaction: string): 'ok' | 'duplicate' | 'full' {
  if (existing.some((r) => r.from === from && r.reaction === reaction)) return 'duplicate'
  if (existing.length >= MAX_REACTIONS_PER_MESSAGE) return 'full'
  return 'ok'
}

/** Throws TooManyReactionsError when a message already carries MAX_REACTIONS_PER_MESSAGE reactions. */
export function checkRoomForReaction (count: number, id: string): void {
  if (count >= MAX_REACTIONS_PER_MESSAGE) throw new TooManyReactionsError(`message ${id} already has ${MAX_REACTIONS_PER_MESSAGE} reactions`)
}
