/** Limits and tuning of the search index. */

/**
 * Most documents in one index segment; the newest segment takes additions until full. A snapshot
 * serialises the segments that changed (MiniSearch's toJSON costs about as much per document as
 * adding it), so the newest segment's size bounds what each snapshot costs.
 */
export const SEGMENT_DOCS = 20_000

/** How long changed messages wait before they are logged and indexed together (off the delivery path). */
export const FLUSH_MS = 200

/**
 * Documents indexed before the flush lets other waiting work run: a flush after a burst holds
 * thousands, and indexing them at one go (about 20–50 µs each) would hold a delivery back by tens
 * of milliseconds.
 */
export const INDEX_CHUNK = 32

/**
 * Logged changes after which the loaded index writes its changed segments and clears the log: as
 * many as a segment holds, so a message costs about one serialisation of itself; a load replays
 * at most this many changes from history.
 */
export const SNAPSHOT_CHANGES = 20_000

/** Logged changes after which an index that is not in memory (never searched, or dropped when idle) is cleared, so its log cannot grow without bound; the next search rebuilds it from history. */
export const MAX_LOG_CHANGES = 50_000

/**
 * How long a loaded index stays in memory after the last search: then its changed segments are
 * written and it is dropped, and the next search loads it again (replaying the log). In memory the
 * index costs about 1.5 KB per message (MiniSearch's term tree and document table; 20,000 short
 * messages: 28 MiB of heap), against ~190 bytes a message stored: a peer that runs for days would
 * otherwise hold it for every message it keeps, from its first search on. Loading it again costs
 * 18.5 s at 1,000,000 messages (bench/search.ts; about a tenth of that at 100,000), once per
 * search session.
 */
export const SEARCH_IDLE_MS = 30 * 60 * 1000

/** Changes held in memory between flushes before their values are dropped (they are read back from history). */
export const MAX_PENDING_VALUES = 10_000

/** Longest query, in UTF-16 code units. */
export const MAX_QUERY_LENGTH = 200

/** Most results one search returns; and the default. */
export const MAX_SEARCH_LIMIT = 100
export const DEFAULT_SEARCH_LIMIT = 20

/** Characters of context on each side of the first match in a result's snippet. */
export const SNIPPET_CONTEXT = 60

/** Version of the stored index; another version is rebuilt from history (2: file names indexed). */
export const SEARCH_INDEX_VERSION = 2
