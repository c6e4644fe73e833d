/**
 * Key layout of the history sublevels. Keys are strings; `\x00` separates
 * parts (conversation names may not contain it) and sorts before every other
 * character, so one conversation's keys never interleave with another's.
 *
 * - messages: `<conversation> \0 <timestamp, 13 hex digits> \0 <id>` → value
 *   (lexicographic order = conversation, then time, then id: the latest page
 *   is one reverse range read)
 * - ids:      `<conversation> \0 <id>` → `<timestamp, 13 hex digits>`
 */
import { fromHex, toHex } from '@parley/crypto'
import { InvalidCursorError, InvalidRecordError } from './errors.js'

const SEP = '\x00'
const TS_DIGITS = 13
/** Largest timestamp the key layout holds (16^13 − 1 ms, far past year 10000). */
export const MAX_TIMESTAMP = 16 ** TS_DIGITS - 1

export const encodeTimestamp = (ts: number): string => ts.toString(16).padStart(TS_DIGITS, '0')

export function messageKey (conversation: string, timestamp: number, id: string): string {
  return conversation + SEP + encodeTimestamp(timestamp) + SEP + id
}

export function idKey (conversation: string, id: string): string {
  return conversation + SEP + id
}

/** Bounds of all message keys of a conversation. */
export function conversationRange (conversation: string): { gt: string, lt: string } {
  return { gt: conversation + SEP, lt: conversation + '\x01' }
}

/** Parses a message key back into its timestamp and id. */
export function parseMessageKey (conversation: string, key: string): { timestamp: number, id: string } {
  const rest = key.slice(conversation.length + 1)
  return { timestamp: parseInt(rest.slice(0, TS_DIGITS), 16), id: rest.slice(TS_DIGITS + 1) }
}

/** A cursor is the key of the oldest message of a page, hex-encoded so it is plain ASCII. */
export function encodeCursor (key: string): string {
  return toHex(new TextEncoder().encode(key))
}

export function decodeCursor (conversation: string, cursor: string): string {
  if (typeof cursor !== 'string' || !/^([0-9a-f]{2}){1,600}$/.test(cursor)) throw new InvalidCursorError('cursor is not one this store handed out')
  const key = new TextDecoder().decode(fromHex(cursor))
  const { gt, lt } = conversationRange(conversation)
  if (!(key > gt && key < lt)) throw new InvalidCursorError('cursor belongs to another conversation')
  return key
}

const FORBIDDEN = ['\x00', '\x01', '\xff']
const ID = /^[0-9a-f]{64}$/

export function checkConversation (conversation: unknown): asserts conversation is string {
  if (typeof conversation !== 'string' || conversation.length < 1 || conversation.length > 200 || FORBIDDEN.some((c) => conversation.includes(c))) {
    throw new InvalidRecordError('conversation must be 1..200 characters without \\x00, \\x01 or \\xff')
  }
}

export function checkId (id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID.test(id)) throw new InvalidRecordError('id must be 64 lower-case hex digits')
}

export function checkTimestamp (timestamp: unknown): asserts timestamp is number {
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new InvalidRecordError('timestamp must be a non-negative integer of milliseconds')
  }
}
