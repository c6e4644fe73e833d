/** Limits and defaults of files (see files.ts). */
import { FILE_CHUNK_BYTES, FILE_CHUNK_OVERHEAD, MAX_PROOF_STEPS, TREE_HASH_LENGTH } from '@parley/crypto'

/** The chunk protocol: request (root, indexes), answer chunk + proof per index. */
export const BLOB_PROTOCOL = '/parley/blob/1.0.0'
/** Default largest file a peer sends or fetches: 256 MiB (set per peer with FilesInit.maxFileBytes). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
/** Default disk (or IndexedDB) space for blobs: 2 GiB; files not kept are evicted least recently used first. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 * 1024 * 1024
/** Largest inline thumbnail of an image. */
export const MAX_THUMBNAIL_BYTES = 16 * 1024
/** Longest file name (characters) and MIME type. */
export const MAX_FILE_NAME_LENGTH = 255
export const MAX_FILE_TYPE_LENGTH = 127
/** Most chunk indexes in one request. */
export const MAX_INDEXES_PER_REQUEST = 16
/** Largest encoded request: a root and MAX_INDEXES_PER_REQUEST varints, with room for tags. */
export const MAX_REQUEST_BYTES = 256
/**
 * Most pieces a fetched chunk is kept in (the frames it arrived in, about 64 KiB each: 5 for a full
 * chunk); a chunk sent in more, smaller frames is joined into one buffer before it is hashed.
 */
export const MAX_CHUNK_PARTS = 64
/** Largest encoded reply: a full sealed chunk and a full proof, with room for tags. */
export const MAX_REPLY_BYTES = FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD + MAX_PROOF_STEPS * (TREE_HASH_LENGTH + 2) + 64
/** How long one request may take, end to end. */
export const BLOB_TIMEOUT_MS = 30_000
/** Inbound blob streams open at once per connection (libp2p refuses more). */
export const MAX_INBOUND_BLOB_STREAMS = 8
/** Default chunks a peer may fetch from us per second (256 chunks: 64 MiB/s), each peer on its own. */
export const DEFAULT_SERVE_CHUNKS_PER_SECOND = 256
/** Peers whose serving rate we track at once (beyond: the table starts afresh). */
export const MAX_RATE_ENTRIES = 10_000
/**
 * Chunks asked per request while fetching, and requests in flight per holder: 3 MiB in flight from
 * a holder. A holder sends what was asked at once, so this is also what waits, received, to be
 * verified: kept small, those frames are gone before they live through two of the scavenges
 * files/reclaim.ts asks for, and are not promoted to the old generation (8 chunks a request
 * measured more full collections, and no faster).
 */
export const FETCH_BATCH = 4
export const FETCH_REQUESTS_PER_HOLDER = 3
/** Most holders a fetch uses at once. */
export const MAX_HOLDERS = 8
/** How long a holder that served a bad chunk is not asked again (and its connection refused to re-open for files). */
export const BAN_MS = 60 * 60 * 1000
/**
 * Most banned holders remembered (files/bans.ts); past it the ban closest to its end is forgotten.
 * Only a peer with thousands of identities that each served a bad chunk reaches it, and forgetting
 * one costs one more bad chunk from it (verified, refused, banned again).
 */
export const MAX_BANNED_HOLDERS = 4096
/** Failures (timeouts, closed streams) after which a fetch stops asking a holder. */
export const MAX_HOLDER_FAILURES = 3
/** Most file records listed at once. */
export const MAX_LISTED_FILES = 1000
/** Most file roots in one "I hold it" announcement (a room presence or a private-room body). */
export const MAX_HOLD_ROOTS = 8
/** Announced holders kept per file (the latest first; the fetcher asks them before other members). */
export const MAX_ANNOUNCED_HOLDERS = 16
/** Default largest file fetched on its own from a contact when auto-download is on: 16 MiB. */
export const DEFAULT_AUTO_DOWNLOAD_BYTES = 16 * 1024 * 1024
/** Gossipsub behaviour penalty for a holder that served a bad chunk (3 puts it below the graylist threshold, pubsub.ts). */
export const LIAR_PENALTY = 3
/** Files waiting to be auto-downloaded at once (beyond: left for the user to save). */
export const MAX_AUTO_DOWNLOAD_QUEUE = 64
/** The 'settings' key of the auto-download setting. */
export const AUTO_DOWNLOAD_KEY = 'files:auto-download'
