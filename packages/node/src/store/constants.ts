/** Limits of the profile store. Each has a typed error: exceeding one is an InvalidRecordError naming the field. */

/** Largest page `HistoryStore.page` returns. */
export const MAX_PAGE_SIZE = 500

/** Longest conversation key, in UTF-16 code units ('dm:' plus a peer id fits with room to spare). */
export const MAX_CONVERSATION_LENGTH = 200

/** Longest key of a key-value sublevel, in UTF-16 code units. */
export const MAX_KV_KEY_LENGTH = 1024

/** Hex digits of an encoded timestamp; fixed width so that string order is numeric order. */
export const TIMESTAMP_DIGITS = 13

/** Largest timestamp the key layout holds: 16^13 − 1 ms, about the year 144,683. Still a safe integer. */
export const MAX_TIMESTAMP = 16 ** TIMESTAMP_DIGITS - 1

/** Entries fetched per read when streaming a range or a key-value listing. */
export const READ_BATCH = 256
