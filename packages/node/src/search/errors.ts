/** Typed errors of search. Tell them apart by `err.name`. */
import { named } from '../errors.js'

/** A query that is not a string of 1..MAX_QUERY_LENGTH characters with a word in it, or a bad limit or conversation. */
export class InvalidSearchError extends named('InvalidSearchError') {}

/** A segment the stored index's meta names is missing or unreadable; the index is rebuilt from history. */
export class StoredIndexDamagedError extends named('StoredIndexDamagedError') {}
