/** Limits and labels of Parley's X3DH + Double Ratchet sessions. */

/** Most message keys skipped in one chain before a message is refused (Double Ratchet rev 1 §3.2 MAX_SKIP). */
export const MAX_SKIP = 1000
/** Most skipped message keys a session stores in all; the oldest are evicted beyond it. */
export const MAX_SKIPPED_KEYS_TOTAL = 2000
/** Remote ratchet keys remembered, so a message of an old chain is recognised as a replay. */
export const MAX_PREVIOUS_RATCHET_KEYS = 16
/** Largest encrypted message (DM frame limit, 64 KiB). */
export const MAX_MESSAGE_LENGTH = 64 * 1024
/**
 * Largest plaintext Session.encrypt takes: MAX_MESSAGE_LENGTH less the most a
 * message adds (version, type, X3DH header 72, ratchet header 40, AEAD tag 16).
 */
export const MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - (2 + 72 + 40 + 16)
/** Largest serialised session state. */
export const MAX_SESSION_STATE_LENGTH = 256 * 1024
/** Most one-time prekeys a bundle may carry. */
export const MAX_BUNDLE_ONE_TIME_PREKEYS = 100
/** Most one-time prekey secrets a prekey store holds. */
export const MAX_ONE_TIME_PREKEYS = 1000
/** Largest encoded prekey bundle: its fixed fields and MAX_BUNDLE_ONE_TIME_PREKEYS one-time prekeys. */
export const MAX_BUNDLE_LENGTH = 1 + 32 + 4 + 32 + 64 + 2 + MAX_BUNDLE_ONE_TIME_PREKEYS * (4 + 32)
/** Largest serialised prekey secrets: their fixed fields and MAX_ONE_TIME_PREKEYS one-time key pairs. */
export const MAX_PREKEY_SECRETS_LENGTH = 1 + 32 + 4 + 32 + 32 + 64 + 8 + 1 + (4 + 32 + 32 + 8) + 4 + 4 + MAX_ONE_TIME_PREKEYS * (4 + 1 + 32 + 32)

/** HKDF info of X3DH's SK (X3DH §2.1 asks for an application-specific string). */
export const X3DH_INFO = new TextEncoder().encode('Parley X3DH v1')
/** HKDF info of KDF_RK (Double Ratchet rev 1 §5.2 asks for an application-specific string). */
export const ROOT_KDF_INFO = new TextEncoder().encode('Parley ratchet root v1')

/** Format version of encoded prekey bundles. */
export const BUNDLE_VERSION = 1
/** Format version of session messages. */
export const MESSAGE_VERSION = 1
/** Format version of serialised session state. */
export const SESSION_STATE_VERSION = 1
/** Format version of serialised prekey secrets. */
export const PREKEY_SECRETS_VERSION = 2

/** Message type of an ordinary ratchet message. */
export const MESSAGE_TYPE_NORMAL = 1
/** Message type of a prekey message: it also carries the X3DH header. */
export const MESSAGE_TYPE_PREKEY = 2

/** "No one-time prekey" in a prekey message. */
export const NO_ONE_TIME_PREKEY = 0xffffffff
