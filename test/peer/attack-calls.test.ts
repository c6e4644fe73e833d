/**
 * Call signalling under attack, against a real peer (libp2p on 127.0.0.1, LevelDB): a contact
 * that floods call offers rings once and is refused past CALL_OFFERS_PER_MINUTE, a flood of ICE
 * candidates is cut at MAX_CANDIDATES_PER_CALL, a stranger's offer never rings, and an honest
 * contact's call still gets through afterwards. The hostile peers are real Parley peers sending
 * CALL DMs by hand (what a modified client can do). Each refusal is waited for as its typed error;
 * a stranger's ignored offer is checked after a canary DM sent behind it.
 */
import { DmPayload, type Peer } from '@parley/node'
import { randomBytes, toHex } from '@parley/crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { CallMedia, CallSignal, type IceCandidate } from '../../packages/node/src/pb/call.js'
import { CALL_OFFERS_PER_MINUTE, MAX_CANDIDATES_PER_CALL, MAX_CANDIDATES_PER_SIGNAL } from '../../packages/node/src/calls/constants.js'
import { peerPool } from '../support/in-process.js'
import { until } from '../support/poll.js'

const pool = peerPool('attack-calls')
afterAll(async () => { await pool.close() })

const SDP = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}\r\n`
const callId = (): string => toHex(randomBytes(16))
const signal = (id: string, type: CallSignal.Type, fields: Partial<CallSignal> = {}): CallSignal =>
  ({ callId: id, type, media: CallMedia.AUDIO, sdp: '', candidates: [], reason: '', ...fields })
const candidates = (n: number): IceCandidate[] =>
  Array.from({ length: n }, (_, i) => ({ candidate: `candidate:${i} 1 udp 2122260223 127.0.0.1 ${40000 + i} typ host`, sdpMid: '0', sdpMLineIndex: 0 }))

async function sendSignal (from: Peer, to: Peer, s: CallSignal): Promise<void> {
  await from.dms.send(to.peerId, { kind: DmPayload.Kind.CALL, data: CallSignal.encode(s) })
}

/** A stranger's text DM, waited for as its message request: what the stranger sent before it was applied. */
async function requestCanary (from: Peer, to: Peer, text: string): Promise<void> {
  await from.dms.send(to.peerId, { kind: DmPayload.Kind.TEXT, text })
  await until(`request "${text}"`, async () => (await to.dms.requests()).some((r) => r.peer === from.peerId), 30_000)
}

describe('call signalling from hostile peers', () => {
  it('refuses a contact\'s offers past the limit and candidates past the call\'s cap, ignores a stranger\'s offer, and still takes an honest call', async () => {
    const [victim, mallory, stranger, honest] = [await pool.start({ nick: 'victim' }), await pool.start({ nick: 'mallory' }), await pool.start({ nick: 'stranger' }), await pool.start({ nick: 'honest' })]
    const errors: string[] = []
    const calls: Array<{ id: string, peer: string, state: string, reason?: string }> = []
    victim.addEventListener('error', (e) => { errors.push(e.detail.error.name) })
    victim.addEventListener('call', (e) => { calls.push(e.detail) })
    for (const p of [mallory, honest]) {
      await victim.contacts.add(p.peerId)
      await p.contacts.add(victim.peerId)
    }
    const addr = victim.addrs().find((x) => x.includes('127.0.0.1')) ?? ''
    for (const p of [mallory, stranger, honest]) await p.dial(addr)

    // Offers: the first rings, the next ones are declined busy (one live call) and recorded
    // missed, and every one past CALL_OFFERS_PER_MINUTE in a minute is refused unlooked at.
    // (Call signals are applied beside the DM stream, so each outcome is waited for, not a canary.)
    const offers = Array.from({ length: CALL_OFFERS_PER_MINUTE + 3 }, callId)
    for (const id of offers) await sendSignal(mallory, victim, signal(id, CallSignal.Type.OFFER, { sdp: SDP }))
    const refusedOffers = (): number => errors.filter((n) => n === 'CallRateLimitedError').length
    const fromMallory = (): typeof calls => calls.filter((c) => c.peer === mallory.peerId)
    await until('every offer handled or refused', () => fromMallory().length + refusedOffers() >= offers.length, 30_000)
    expect(fromMallory().map((c) => c.id)).toEqual(offers.slice(0, CALL_OFFERS_PER_MINUTE))
    expect(fromMallory()[0]).toMatchObject({ id: offers[0], state: 'ringing' })
    expect(fromMallory().slice(1).map((c) => [c.state, c.reason])).toEqual(offers.slice(1, CALL_OFFERS_PER_MINUTE).map(() => ['missed', 'busy']))
    expect(refusedOffers()).toBe(3)

    // Candidates for the ringing call reach the media side up to the call's cap; one more is refused.
    const live = offers[0]
    let passed = 0
    victim.calls.addEventListener('signal', (e) => { if (e.detail.type === 'candidates') passed += e.detail.candidates.length })
    for (let sent = 0; sent < MAX_CANDIDATES_PER_CALL; sent += MAX_CANDIDATES_PER_SIGNAL) {
      await sendSignal(mallory, victim, signal(live, CallSignal.Type.CANDIDATES, { candidates: candidates(MAX_CANDIDATES_PER_SIGNAL) }))
    }
    await until('the allowed candidates', () => passed === MAX_CANDIDATES_PER_CALL, 30_000)
    await sendSignal(mallory, victim, signal(live, CallSignal.Type.CANDIDATES, { candidates: candidates(1) }))
    await until('one candidate too many refused', () => errors.includes('TooManyCandidatesError'), 30_000)
    expect(passed).toBe(MAX_CANDIDATES_PER_CALL)

    // A stranger's offer is not a call: no ring, no record; its text canary becomes a message request.
    await sendSignal(stranger, victim, signal(callId(), CallSignal.Type.OFFER, { sdp: SDP }))
    await requestCanary(stranger, victim, 'stranger canary')
    expect(calls.filter((c) => c.peer === stranger.peerId)).toEqual([])

    // Mallory's call ends with its hang-up; an honest contact's call then rings.
    await sendSignal(mallory, victim, signal(live, CallSignal.Type.HANGUP, { reason: 'hangup' }))
    await until('mallory\'s call to end', () => calls.some((c) => c.id === live && c.state === 'missed'), 30_000)
    const honestCall = callId()
    await sendSignal(honest, victim, signal(honestCall, CallSignal.Type.OFFER, { sdp: SDP }))
    await until('the honest call to ring', () => calls.some((c) => c.id === honestCall && c.peer === honest.peerId && c.state === 'ringing'), 30_000)
  }, 120_000)
})
