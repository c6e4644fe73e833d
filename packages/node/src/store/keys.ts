/**
 * Key layout of the history sublevels. Keys are UTF-8 strings; `\x00`
 * separates their parts. Conversations may not contain `\x00`, and `\x00`
 * sorts before every other byte, so one conversation's keys form one
 * contiguous range `[conversation \x00, conversation \x01)` that never
 * interleaves with another's ('room:a' and 'room:ab' stay apart).
 *
 * - `messages`:    `<conversation> \x00 <timestamp> \x00 <id>` → the record's value bytes
 * - `message-ids`: `<conversation> \x00 <id>`                  → `<timestamp>`
 *
 * `<timestamp>` is TIMESTAMP_DIGITS lower-case hex digits, zero-padded, so
 * byte order is numeric order; `<id>` is 64 hex digits and breaks ties.
 * Message keys therefore sort by conversation, then time, then id: the latest
 * page of a conversation is one reverse range read, and a record decodes from
 * its key with two slices and one parseInt.
 */
import { fromHex, toHex } from '@parley/crypto'
import { MAX_CONVERSATION_LENGTH, TIMESTAMP_DIGITS } from './constants.js'
import { InvalidCursorError } from './errors.js'

const SEP = '\x00'
const END = '\x01'
const ID_DIGITS = 64
const KEY_TAIL = new RegExp(`^[0-9a-f]{${TIMESTAMP_DIGITS}}\\x00[0-9a-f]{${ID_DIGITS}}$`)
const HEX_PAIRS = /^(?:[0-9a-f]{2})+$/
// A cursor is a hex-encoded message key; at most 3 UTF-8 bytes per UTF-16 code unit of the conversation.
const MAX_CURSOR_LENGTH = 2 * (3 * MAX_CONVERSATION_LENGTH + 2 + TIMESTAMP_DIGITS + ID_DIGITS)
const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** Fixed-width hex of a timestamp (already checked to be in 0..MAX_TIMESTAMP). */
export function encodeTimestamp (timestamp: number): string {
  return timestamp.toString(16).padStart(TIMESTAMP_DIGITS, '0')
}

/** The inverse of encodeTimestamp. */
export function decodeTimestamp (encoded: string): number {
  return parseInt(encoded, 16)
}

/** Key of a message in the `messages` sublevel. */
export function messageKey (conversation: string, timestamp: number, id: string): string {
  return conversation + SEP + encodeTimestamp(timestamp) + SEP + id
}

/** Key of a message's entry in the `message-ids` sublevel. */
export function idKey (conversation: string, id: string): string {
  return conversation + SEP + id
}

/** Lower bound of a conversation's keys (in either sublevel). */
export function conversationStart (conversation: string): string {
  return conversation + SEP
}

/** Exclusive upper bound of a conversation's keys (in either sublevel). */
export function conversationEnd (conversation: string): string {
  return conversation + END
}

/** Bound that sorts before every message of `conversation` at or after `timestamp`, and after every earlier one. */
export function timeBound (conversation: string, timestamp: number): string {
  return conversation + SEP + encodeTimestamp(timestamp)
}

/**
 * Where the timestamp starts in a message key of `conversation`; the id
 * starts TIMESTAMP_DIGITS + 1 later. Computed once per page, not per record.
 */
export function tailOffset (conversation: string): number {
  return conversation.length + SEP.length
}

/** Timestamp of a message key whose tail starts at `offset`. */
export function keyTimestamp (key: string, offset: number): number {
  return decodeTimestamp(key.slice(offset, offset + TIMESTAMP_DIGITS))
}

/** Id of a message key whose tail starts at `offset`. */
export function keyId (key: string, offset: number): string {
  return key.slice(offset + TIMESTAMP_DIGITS + SEP.length)
}

/** The opaque cursor of a message key: its UTF-8 bytes in hex, so it is plain ASCII and safe in any transport. */
export function encodeCursor (key: string): string {
  return toHex(utf8.encode(key))
}

/**
 * The message key a cursor stands for. Throws InvalidCursorError unless the
 * cursor is hex of a well-formed message key of `conversation`.
 */
export function decodeCursor (conversation: string, cursor: unknown): string {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !HEX_PAIRS.test(cursor)) {
    throw new InvalidCursorError('cursor is not one this store handed out')
  }
  let key: string
  try {
    key = strictUtf8.decode(fromHex(cursor))
  } catch {
    throw new InvalidCursorError('cursor is not one this store handed out')
  }
  const start = conversationStart(conversation)
  if (!key.startsWith(start)) throw new InvalidCursorError('cursor belongs to another conversation')
  if (!KEY_TAIL.test(key.slice(start.length))) throw new InvalidCursorError('cursor is not one this store handed out')
  return key
}
