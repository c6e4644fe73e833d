/**
 * Argument checks at every public entry of the store (noble style): each
 * throws an InvalidRecordError naming the field, before anything is read or
 * written.
 */
import { MAX_CONVERSATION_LENGTH, MAX_KV_KEY_LENGTH, MAX_TIMESTAMP } from './constants.js'
import { InvalidRecordError } from './errors.js'
import type { MessageRecord, SublevelName } from './types.js'

const ID = /^[0-9a-f]{64}$/
// The characters the key layout reserves: '\x00' separates key parts; '\xff' is kept free for range bounds.
const RESERVED = ['\x00', '\xff']
// A lone surrogate has no UTF-8 form: the database would store U+FFFD and two keys could collide.
const LONE_SURROGATE = /\p{Cs}/u

/** Names of the key-value sublevels, in the order they are created. */
export const SUBLEVEL_NAMES: readonly SublevelName[] = ['identity', 'contacts', 'rooms', 'sessions', 'outbox', 'settings', 'mailbox', 'files', 'search']

/** A conversation key: 1..MAX_CONVERSATION_LENGTH characters, none reserved, well-formed UTF-16. */
export function checkConversation (conversation: unknown): asserts conversation is string {
  if (typeof conversation !== 'string' || conversation.length < 1 || conversation.length > MAX_CONVERSATION_LENGTH) {
    throw new InvalidRecordError('conversation', `conversation must be a string of 1..${MAX_CONVERSATION_LENGTH} characters`)
  }
  if (RESERVED.some((c) => conversation.includes(c)) || LONE_SURROGATE.test(conversation)) {
    throw new InvalidRecordError('conversation', 'conversation may not contain \\x00, \\xff or a lone surrogate')
  }
}

/** A message id: 64 lower-case hex digits (BLAKE2b-256 of the envelope). */
export function checkId (id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ID.test(id)) throw new InvalidRecordError('id', 'id must be 64 lower-case hex digits')
}

/** Milliseconds since the epoch: an integer in 0..MAX_TIMESTAMP. */
export function checkTimestamp (timestamp: unknown, field = 'timestamp'): asserts timestamp is number {
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP) {
    throw new InvalidRecordError(field, `${field} must be an integer of milliseconds in 0..${MAX_TIMESTAMP}`)
  }
}

/** Stored bytes. */
export function checkValue (value: unknown, field = 'value'): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidRecordError(field, `${field} must be a Uint8Array`)
}

/** An integer count in min..max. */
export function checkLimit (limit: unknown, min: number, max: number, field = 'limit'): asserts limit is number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < min || limit > max) {
    throw new InvalidRecordError(field, `${field} must be an integer in ${min}..${max}`)
  }
}

/** A whole message record. */
export function checkRecord (record: unknown): asserts record is MessageRecord {
  if (typeof record !== 'object' || record === null) throw new InvalidRecordError('record', 'record must be an object')
  const r = record as Partial<MessageRecord>
  checkConversation(r.conversation)
  checkId(r.id)
  checkTimestamp(r.timestamp)
  checkValue(r.value)
}

/** A key of a key-value sublevel (or a prefix, which may be empty). */
export function checkKvKey (key: unknown, field = 'key', min = 1): asserts key is string {
  if (typeof key !== 'string' || key.length < min || key.length > MAX_KV_KEY_LENGTH || LONE_SURROGATE.test(key)) {
    throw new InvalidRecordError(field, `${field} must be a well-formed string of ${min}..${MAX_KV_KEY_LENGTH} characters`)
  }
}

/** One of the key-value sublevel names. */
export function checkSublevel (name: unknown): asserts name is SublevelName {
  if (!SUBLEVEL_NAMES.includes(name as SublevelName)) {
    throw new InvalidRecordError('sublevel', `sublevel must be one of ${SUBLEVEL_NAMES.join(', ')}`)
  }
}
