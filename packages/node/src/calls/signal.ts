/**
 * Call signals: the checks every signal passes on both hosts before anything looks at it, and
 * the words a recorded call shows.
 *
 * Wire: a DmPayload of kind CALL whose `data` is a CallSignal (pb/call.proto), sealed by the
 * contacts' Double Ratchet session like any DM. OFFER and ANSWER carry the whole SDP, and with it
 * the DTLS certificate fingerprint of the sender's media (RFC 8122 `a=fingerprint`), which the
 * browser checks during the DTLS handshake (RFC 5763 §5): media from anyone but the holder of
 * the session's key fails there.
 */
import { CallMedia, CallRecord, CallSignal } from '../pb/call.js'
import {
  DECLINE_REASONS, HANGUP_REASONS, MAX_CANDIDATE_BYTES, MAX_CANDIDATES_PER_SIGNAL, MAX_ICE_SERVERS, MAX_SDP_BYTES, MAX_SDP_MID_LENGTH, MAX_SDP_MLINE_INDEX
} from './constants.js'
import { InvalidCallSignalError, InvalidIceServersError } from './errors.js'

/** Audio only, or audio and video. */
export type CallKind = 'audio' | 'video'
/** How a recorded call went. */
export type CallOutcome = 'ended' | 'missed' | 'declined' | 'busy' | 'unanswered'

/** A recorded call as a DM's view carries it. */
export interface CallInfo {
  kind: CallKind
  outcome: CallOutcome
  /** From answer to hang-up (ended calls). */
  durationMs: number
}

const CALL_ID = /^[0-9a-f]{32}$/
/** RFC 8122 §5: `a=fingerprint:<hash-func> <hex pairs>`; browsers use sha-256 (32 bytes). */
const FINGERPRINT = /^a=fingerprint:sha-256 (?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}\r?$/m
const utf8 = new TextEncoder()

export const kindOf = (media: CallMedia): CallKind => media === CallMedia.VIDEO ? 'video' : 'audio'
export const mediaOf = (kind: CallKind): CallMedia => kind === 'video' ? CallMedia.VIDEO : CallMedia.AUDIO

/** Decodes and checks a call signal (InvalidCallSignalError); the decoder's repeated field is bounded. */
export function decodeCallSignal (bytes: Uint8Array): CallSignal {
  let signal: CallSignal
  try {
    signal = CallSignal.decode(bytes, { limits: { candidates: MAX_CANDIDATES_PER_SIGNAL } })
  } catch (err) {
    throw new InvalidCallSignalError(`call signal does not decode: ${(err as Error).message}`)
  }
  checkCallSignal(signal)
  return signal
}

/** Checks a signal's id, fields and limits for its type (InvalidCallSignalError). */
export function checkCallSignal (s: CallSignal): void {
  if (!CALL_ID.test(s.callId)) throw new InvalidCallSignalError('a call id is 32 lowercase hex digits')
  if (s.media !== CallMedia.AUDIO && s.media !== CallMedia.VIDEO) throw new InvalidCallSignalError('unknown call media')
  const described = s.type === CallSignal.Type.OFFER || s.type === CallSignal.Type.ANSWER
  if (described) checkSdp(s.sdp)
  else if (s.sdp !== '') throw new InvalidCallSignalError('only an offer or answer carries an SDP')
  if (s.type === CallSignal.Type.CANDIDATES) {
    if (s.candidates.length === 0 || s.candidates.length > MAX_CANDIDATES_PER_SIGNAL) throw new InvalidCallSignalError(`1 to ${MAX_CANDIDATES_PER_SIGNAL} candidates per signal`)
    for (const c of s.candidates) checkCandidate(c.candidate, c.sdpMid, c.sdpMLineIndex)
  } else if (s.candidates.length > 0) {
    throw new InvalidCallSignalError('only a CANDIDATES signal carries candidates')
  }
  const reasons: readonly string[] = s.type === CallSignal.Type.DECLINE ? DECLINE_REASONS : s.type === CallSignal.Type.HANGUP ? HANGUP_REASONS : ['']
  if (!reasons.includes(s.reason)) throw new InvalidCallSignalError(`reason must be one of ${reasons.map((r) => `"${r}"`).join(', ')}`)
  if (!Object.values(CallSignal.Type).includes(s.type)) throw new InvalidCallSignalError('unknown signal type')
}

function checkSdp (sdp: string): void {
  if (utf8.encode(sdp).length > MAX_SDP_BYTES) throw new InvalidCallSignalError(`SDP exceeds ${MAX_SDP_BYTES} bytes`)
  if (!sdp.startsWith('v=0')) throw new InvalidCallSignalError('SDP must start with v=0')
  if (!FINGERPRINT.test(sdp)) throw new InvalidCallSignalError('SDP carries no sha-256 DTLS fingerprint')
}

function checkCandidate (candidate: string, sdpMid: string, index: number): void {
  if (utf8.encode(candidate).length > MAX_CANDIDATE_BYTES) throw new InvalidCallSignalError(`candidate exceeds ${MAX_CANDIDATE_BYTES} bytes`)
  // One SDP attribute line: no line breaks (nothing can be smuggled into the description).
  if (!candidate.startsWith('candidate:') || /[\r\n\0]/.test(candidate)) throw new InvalidCallSignalError('not an ICE candidate line')
  if (sdpMid.length > MAX_SDP_MID_LENGTH || /[^A-Za-z0-9_-]/.test(sdpMid)) throw new InvalidCallSignalError('invalid sdpMid')
  if (index > MAX_SDP_MLINE_INDEX) throw new InvalidCallSignalError(`sdpMLineIndex above ${MAX_SDP_MLINE_INDEX}`)
}

const OUTCOMES: Record<CallRecord.Outcome, CallOutcome> = {
  [CallRecord.Outcome.ENDED]: 'ended',
  [CallRecord.Outcome.MISSED]: 'missed',
  [CallRecord.Outcome.DECLINED]: 'declined',
  [CallRecord.Outcome.BUSY]: 'busy',
  [CallRecord.Outcome.UNANSWERED]: 'unanswered'
}

/** A stored call record's view; undefined for bytes that are not one. */
export function callInfo (bytes: Uint8Array): CallInfo | undefined {
  try {
    const r = CallRecord.decode(bytes)
    const outcome = OUTCOMES[r.outcome]
    return outcome === undefined ? undefined : { kind: kindOf(r.media), outcome, durationMs: Number(r.durationMs) }
  } catch {
    return undefined
  }
}

/** m:ss (h:mm:ss from an hour). */
export function formatDuration (ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** What the timeline shows for a call: "Video call · 1:05", "Missed call", "Video call declined (busy)". */
export function callText (info: CallInfo): string {
  const name = info.kind === 'video' ? 'Video call' : 'Call'
  switch (info.outcome) {
    case 'ended': return `${name} · ${formatDuration(info.durationMs)}`
    case 'missed': return `Missed ${name.toLowerCase()}`
    case 'declined': return `${name} declined`
    case 'busy': return `${name} declined (busy)`
    case 'unanswered': return `${name} · no answer`
  }
}

/** An ICE server as RTCPeerConnection takes it. */
export interface IceServer {
  urls: string[]
  username?: string
  credential?: string
}

/** Checks a configured ICE server list (InvalidIceServersError). */
export function checkIceServers (servers: unknown): IceServer[] {
  if (!Array.isArray(servers) || servers.length > MAX_ICE_SERVERS) throw new InvalidIceServersError(`at most ${MAX_ICE_SERVERS} ICE servers`)
  return servers.map((s: unknown) => {
    const { urls, username, credential } = (s ?? {}) as Record<string, unknown>
    const list = typeof urls === 'string' ? [urls] : urls
    if (!Array.isArray(list) || list.length === 0 || list.length > 4 || !list.every((u) => typeof u === 'string' && /^(stun|turns?):[^\s]{1,200}$/.test(u))) {
      throw new InvalidIceServersError('each ICE server has 1 to 4 stun:, turn: or turns: URLs')
    }
    if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) {
      throw new InvalidIceServersError('an ICE server\'s username and credential are strings')
    }
    return { urls: list as string[], ...(username === undefined ? {} : { username }), ...(credential === undefined ? {} : { credential }) }
  })
}
