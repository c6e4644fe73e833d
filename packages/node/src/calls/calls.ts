/**
 * One-to-one calls between contacts: the signalling state machine both hosts share. The media
 * (an RTCPeerConnection per call) lives with the host that has one (the web app's call engine),
 * which drives this through start/accept/decline/hangup/sendCandidates and follows its `signal`
 * events; a host without media (the terminal) still rings, and records the call as missed.
 *
 * Signals are CALL DMs (signal.ts): they come through the DM inbox only from contacts, bound to
 * the session of the contact they are with. Each is checked against the one live call: its id,
 * and the contact that call is with (an answer from anyone else is refused,
 * ForeignCallSignalError). Offers are rate limited per contact, candidates bounded per call, and
 * an unanswered call ends after the ring timeout. Each host records how the call went in its own
 * history (record.ts), so both timelines show it.
 */
import { randomBytes, toHex } from '@parley/crypto'
import { TypedEventEmitter } from 'main-event'
import { BoundedMap } from '../bounded.js'
import { CallMedia, CallSignal, type IceCandidate } from '../pb/call.js'
import { CALL_OFFERS_PER_MINUTE, CALL_RING_TIMEOUT_MS, MAX_CANDIDATES_PER_CALL, MAX_RATE_CONTACTS } from './constants.js'
import {
  CallBusyError, CallRateLimitedError, ForeignCallSignalError, TooManyCandidatesError, UnexpectedCallSignalError, UnknownCallError
} from './errors.js'
import { checkCallSignal, decodeCallSignal, kindOf, mediaOf, type CallKind, type CallOutcome } from './signal.js'
import type { FinishedCall } from './record.js'

/** What a call event says (the peer's `call` event; `--json` writes it as `{"event":"call",…}`). */
export interface CallEvent {
  id: string
  /** The contact. */
  peer: string
  kind: CallKind
  direction: 'incoming' | 'outgoing'
  state: 'ringing' | 'answered' | 'ended' | 'missed' | 'declined'
  /** declined: "declined" or "busy"; ended: "hangup", "timeout" or "failed". */
  reason?: string
  /** ended: from answer to hang-up. */
  durationMs?: number
}

/** Signals the media engine acts on. */
export type CallSignalEvent =
  | { id: string, peer: string, type: 'offer', sdp: string }
  | { id: string, peer: string, type: 'answer', sdp: string }
  | { id: string, peer: string, type: 'candidates', candidates: IceCandidate[] }

/** The live call as the UI sees it. */
export interface LiveCall {
  id: string
  peer: string
  kind: CallKind
  direction: 'incoming' | 'outgoing'
  state: 'ringing' | 'answered'
  /** When it was answered (ms since the epoch). */
  answeredAt?: number
}

export interface CallsComponents {
  isContact: (peer: string) => boolean
  /** Sends a signal to a contact (a CALL DM, through the outbox). */
  send: (peer: string, signal: CallSignal) => Promise<void>
  /** Records a finished call in the contact's conversation. */
  record: (peer: string, call: FinishedCall & { nick: string }) => Promise<void>
  onCall: (event: CallEvent) => void
  onError: (error: Error) => void
}

interface Live extends LiveCall {
  startedAt: number
  /** The contact's nick as its offer said (incoming calls). */
  nick: string
  candidates: number
  timer?: ReturnType<typeof setTimeout>
}

export class Calls extends TypedEventEmitter<{ signal: CustomEvent<CallSignalEvent> }> {
  readonly #c: CallsComponents
  #live: Live | undefined
  /** Sends in order: the offer before its candidates, candidates before the hang-up. */
  #sending: Promise<void> = Promise.resolve()
  readonly #offers = new BoundedMap<string, number[]>(MAX_RATE_CONTACTS)
  /** How long an unanswered call rings (CALL_RING_TIMEOUT_MS unless changed, e.g. by tests). */
  ringTimeoutMs = CALL_RING_TIMEOUT_MS

  constructor (components: CallsComponents) {
    super()
    this.#c = components
  }

  /** The live call, if any. */
  current (): LiveCall | undefined {
    if (this.#live === undefined) return undefined
    const { id, peer, kind, direction, state, answeredAt } = this.#live
    return { id, peer, kind, direction, state, ...(answeredAt === undefined ? {} : { answeredAt }) }
  }

  stop (): void {
    clearTimeout(this.#live?.timer)
    this.#live = undefined
  }

  /** Calls a contact with an offer's SDP; resolves with the call's id (CallBusyError during another call). */
  async start (peer: string, kind: CallKind, sdp: string): Promise<string> {
    if (!this.#c.isContact(peer)) throw new UnknownCallError('calls go to contacts only')
    if (this.#live !== undefined) throw new CallBusyError('a call is already live')
    const signal = this.#signal(toHex(randomBytes(16)), CallSignal.Type.OFFER, { media: mediaOf(kind), sdp })
    checkCallSignal(signal)
    const live: Live = { id: signal.callId, peer, kind, direction: 'outgoing', state: 'ringing', startedAt: Date.now(), nick: '', candidates: 0 }
    this.#live = live
    live.timer = setTimeout(() => {
      this.#finish(live, 'unanswered', { type: CallSignal.Type.HANGUP, reason: 'timeout' }).catch((error: Error) => { this.#c.onError(error) })
    }, this.ringTimeoutMs)
    this.#emit(live, 'ringing')
    try {
      await this.#send(peer, signal)
    } catch (err) {
      // Not even queued (e.g. the profile closed): there is no call to ring out.
      await this.#finish(live, 'unanswered', undefined)
      throw err
    }
    return live.id
  }

  /** Answers the ringing incoming call with an answer's SDP. */
  async accept (id: string, sdp: string): Promise<void> {
    const live = this.#own(id)
    if (live.direction !== 'incoming' || live.state !== 'ringing') throw new UnexpectedCallSignalError('only a ringing incoming call can be accepted')
    const signal = this.#signal(id, CallSignal.Type.ANSWER, { media: mediaOf(live.kind), sdp })
    checkCallSignal(signal)
    this.#answered(live)
    await this.#send(live.peer, signal)
  }

  /** Declines the ringing incoming call. */
  async decline (id: string): Promise<void> {
    const live = this.#own(id)
    if (live.direction !== 'incoming' || live.state !== 'ringing') throw new UnexpectedCallSignalError('only a ringing incoming call can be declined')
    await this.#finish(live, 'declined', { type: CallSignal.Type.DECLINE, reason: 'declined' })
  }

  /** Hangs up (or cancels) the live call; `failed` when its media gave up. */
  async hangup (id: string, reason: 'hangup' | 'failed' = 'hangup'): Promise<void> {
    const live = this.#own(id)
    if (live.direction === 'incoming' && live.state === 'ringing') return this.decline(id)
    // A call whose media failed after the answer still happened: it is recorded ended, with its duration.
    const outcome = live.state === 'answered' ? 'ended' : 'unanswered'
    await this.#finish(live, outcome, { type: CallSignal.Type.HANGUP, reason })
  }

  /** Trickles our ICE candidates to the contact (MAX_CANDIDATES_PER_SIGNAL a signal). */
  async sendCandidates (id: string, candidates: IceCandidate[]): Promise<void> {
    const live = this.#own(id)
    const signal = this.#signal(id, CallSignal.Type.CANDIDATES, { candidates })
    checkCallSignal(signal)
    await this.#send(live.peer, signal)
  }

  /** A CALL DM from a contact (already decrypted and checked by the inbox): never throws. */
  async receive (peer: string, payload: { data: Uint8Array, sentAt: bigint, nick: string }): Promise<void> {
    try {
      const signal = decodeCallSignal(payload.data)
      if (signal.type === CallSignal.Type.OFFER) await this.#offer(peer, signal, Number(payload.sentAt), payload.nick)
      else await this.#fromCallee(peer, signal)
    } catch (err) {
      this.#c.onError(err as Error)
    }
  }

  async #offer (peer: string, signal: CallSignal, sentAt: number, nick: string): Promise<void> {
    if (!this.#allowOffer(peer)) throw new CallRateLimitedError(`more than ${CALL_OFFERS_PER_MINUTE} call offers a minute from ${peer}`)
    const live = this.#live
    if (live?.id === signal.callId) return
    const kind = kindOf(signal.media)
    const call: Live = { id: signal.callId, peer, kind, direction: 'incoming', state: 'ringing', startedAt: Date.now(), nick, candidates: 0 }
    if (live !== undefined) {
      // One live call: a second one is declined as busy, and recorded missed here.
      await this.#send(peer, this.#signal(call.id, CallSignal.Type.DECLINE, { reason: 'busy' }))
      await this.#record(call, 'missed', 0, 'busy')
      return
    }
    // An offer that waited in an outbox or a mailbox past its ringing time is only recorded.
    if (Date.now() - sentAt > this.ringTimeoutMs) {
      await this.#record(call, 'missed', 0)
      return
    }
    this.#live = call
    call.timer = setTimeout(() => { this.#finish(call, 'missed', undefined).catch((error: Error) => { this.#c.onError(error) }) }, this.ringTimeoutMs)
    this.#emit(call, 'ringing')
    this.dispatchEvent(new CustomEvent('signal', { detail: { id: call.id, peer, type: 'offer', sdp: signal.sdp } }))
  }

  /** An answer, candidates, hang-up or decline: only for the live call, only from its contact. */
  async #fromCallee (peer: string, signal: CallSignal): Promise<void> {
    const live = this.#live
    if (live?.id !== signal.callId) {
      // Late signals of a call that already ended are expected (an outbox flushed late).
      if (signal.type === CallSignal.Type.ANSWER) throw new UnknownCallError(`an answer to call ${signal.callId}, which is not live`)
      return
    }
    if (live.peer !== peer) throw new ForeignCallSignalError(`a signal for the call with ${live.peer} came from ${peer}`)
    switch (signal.type) {
      case CallSignal.Type.ANSWER:
        if (live.direction !== 'outgoing' || live.state !== 'ringing') throw new UnexpectedCallSignalError('an answer to a call that is not ringing out')
        this.#answered(live)
        this.dispatchEvent(new CustomEvent('signal', { detail: { id: live.id, peer, type: 'answer', sdp: signal.sdp } }))
        return
      case CallSignal.Type.CANDIDATES:
        live.candidates += signal.candidates.length
        if (live.candidates > MAX_CANDIDATES_PER_CALL) throw new TooManyCandidatesError(`more than ${MAX_CANDIDATES_PER_CALL} candidates for call ${live.id}`)
        this.dispatchEvent(new CustomEvent('signal', { detail: { id: live.id, peer, type: 'candidates', candidates: signal.candidates } }))
        return
      case CallSignal.Type.DECLINE:
        if (live.direction !== 'outgoing' || live.state !== 'ringing') throw new UnexpectedCallSignalError('a decline of a call that is not ringing out')
        await this.#finish(live, signal.reason === 'busy' ? 'busy' : 'declined', undefined)
        return
      case CallSignal.Type.HANGUP: {
        const outcome = live.state === 'answered' ? 'ended' : live.direction === 'incoming' ? 'missed' : 'declined'
        await this.#finish(live, outcome, undefined, signal.reason)
      }
    }
  }

  #own (id: string): Live {
    const live = this.#live
    if (live?.id !== id) throw new UnknownCallError(`call ${id} is not live`)
    return live
  }

  #answered (live: Live): void {
    clearTimeout(live.timer)
    live.state = 'answered'
    live.answeredAt = Date.now()
    this.#emit(live, 'answered')
  }

  /** Ends the live call: tells the contact (when `tell`), records it and says so. */
  async #finish (live: Live, outcome: CallOutcome, tell: { type: CallSignal.Type, reason: string } | undefined, reason?: string): Promise<void> {
    if (this.#live !== live) return
    clearTimeout(live.timer)
    this.#live = undefined
    const durationMs = outcome === 'ended' ? Date.now() - (live.answeredAt ?? Date.now()) : 0
    try {
      if (tell !== undefined) await this.#send(live.peer, this.#signal(live.id, tell.type, { reason: tell.reason }))
    } finally {
      await this.#record(live, outcome, durationMs, reason ?? tell?.reason)
    }
  }

  async #record (call: Live, outcome: CallOutcome, durationMs: number, reason?: string): Promise<void> {
    const state = outcome === 'ended' || outcome === 'unanswered' ? 'ended' : outcome === 'busy' ? 'declined' : outcome
    const why = outcome === 'busy' ? 'busy' : outcome === 'unanswered' ? 'timeout' : reason
    this.#emit(call, state, { ...(why === undefined ? {} : { reason: why }), ...(state === 'ended' ? { durationMs } : {}) })
    try {
      await this.#c.record(call.peer, { id: call.id, kind: call.kind, outgoing: call.direction === 'outgoing', startedAt: call.startedAt, outcome, durationMs, nick: call.nick })
    } catch (err) {
      this.#c.onError(err as Error)
    }
  }

  #emit (call: Live, state: CallEvent['state'], extra: Partial<CallEvent> = {}): void {
    this.#c.onCall({ id: call.id, peer: call.peer, kind: call.kind, direction: call.direction, state, ...extra })
  }

  #signal (callId: string, type: CallSignal.Type, fields: Partial<CallSignal>): CallSignal {
    return { callId, type, media: CallMedia.AUDIO, sdp: '', candidates: [], reason: '', ...fields }
  }

  async #send (peer: string, signal: CallSignal): Promise<void> {
    const sent = this.#sending.then(async () => { await this.#c.send(peer, signal) })
    this.#sending = sent.catch(() => {})
    await sent
  }

  #allowOffer (peer: string): boolean {
    const now = Date.now()
    const recent = (this.#offers.get(peer) ?? []).filter((t) => now - t < 60_000)
    if (recent.length >= CALL_OFFERS_PER_MINUTE) return false
    this.#offers.set(peer, [...recent, now])
    return true
  }
}
