/** Limits of call signalling (calls/). Every number a remote contact controls has one here. */

/** Largest SDP of an offer or answer, in UTF-8 bytes (a browser's audio+video offer is 3–6 KiB). */
export const MAX_SDP_BYTES = 16 * 1024
/** Largest ICE candidate line, in UTF-8 bytes. */
export const MAX_CANDIDATE_BYTES = 512
/** Longest `sdpMid` of a candidate. */
export const MAX_SDP_MID_LENGTH = 32
/** Highest `sdpMLineIndex` of a candidate (a call has an audio and a video section). */
export const MAX_SDP_MLINE_INDEX = 15
/** Candidates one CANDIDATES signal carries at most (the decoder's limit). */
export const MAX_CANDIDATES_PER_SIGNAL = 16
/** Candidates a contact may send for one call; more are refused (TooManyCandidatesError). */
export const MAX_CANDIDATES_PER_CALL = 64
/** An unanswered call rings this long, then it is missed (callee) or unanswered (caller). */
export const CALL_RING_TIMEOUT_MS = 45_000
/** Call offers a contact may send per minute; more are dropped unrecorded (CallRateLimitedError). */
export const CALL_OFFERS_PER_MINUTE = 5
/** Contacts whose offer rate is remembered (the least recent forgotten). */
export const MAX_RATE_CONTACTS = 1024
/** ICE servers a profile may configure (none by default: local mode, no STUN or TURN). */
export const MAX_ICE_SERVERS = 4
/** Settings key of the configured ICE servers (JSON). */
export const ICE_SERVERS_KEY = 'call-ice-servers'
/** Why a call was declined. */
export const DECLINE_REASONS = ['declined', 'busy'] as const
/** Why a call was hung up. */
export const HANGUP_REASONS = ['hangup', 'timeout', 'failed'] as const
