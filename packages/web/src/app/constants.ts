/** Messages fetched per timeline page: one screenful and a half on a desktop. */
export const PAGE_SIZE = 50

/** Longest nickname, in characters; the peer enforces its own limit as well. */
export const MAX_NICKNAME_LENGTH = 64

/**
 * Shortest passphrase accepted when the user chooses to set one. Argon2id slows guessing but
 * cannot save a three-letter passphrase.
 */
export const MIN_PASSPHRASE_LENGTH = 8

/** Largest message text in UTF-8 bytes: the peer's one limit (TextTooLongError), checked early by the composer. */
export { MAX_TEXT_BYTES } from '@parley/node/browser'

/** How long "… is typing" stays after the last typing notice. */
export const TYPING_SHOWN_MS = 5_000

/** At most one typing notice per this many ms while the user types in a DM. */
export const TYPING_NOTICE_EVERY_MS = 3_000

/**
 * Newest messages a timeline shows before the reader scrolls up: live messages slide this window,
 * so a tab open in a busy room renders a bounded page, not the whole day.
 */
export const TIMELINE_WINDOW = 200

/**
 * Longest text a scanned QR code may hand the app, in characters. A QR code holds at most 2953
 * bytes (version 40, level L) and Parley's codes are far shorter (a contact card, 140 hex digits
 * of a safety number): anything longer is refused before it is parsed.
 */
export const MAX_SCANNED_CHARS = 4096

/** Longest edge, in pixels, of a camera frame handed to the QR decoder: bounds the work per frame. */
export const MAX_SCAN_EDGE = 800

/** A camera frame is decoded every this many ms while scanning (the decoder is plain JavaScript). */
export const SCAN_INTERVAL_MS = 150

/** The search box waits this long after the last keystroke before it searches. */
export const SEARCH_DEBOUNCE_MS = 150

/** Results the search panel asks for. */
export const SEARCH_RESULTS = 30

/** Pages a timeline fetches, at most, to show a search result's message. */
export const REVEAL_PAGES = 40
