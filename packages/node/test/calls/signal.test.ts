import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CallMedia, CallSignal } from '../../src/pb/call.js'
import { checkIceServers, decodeCallSignal, formatDuration, callText } from '../../src/calls/signal.js'
import { MAX_CANDIDATES_PER_SIGNAL, MAX_SDP_BYTES } from '../../src/calls/constants.js'

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0').toUpperCase()).join(':')
const SDP = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${FP}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n`
const ID = '0123456789abcdef0123456789abcdef'
const signal = (fields: Partial<CallSignal>): CallSignal => ({ callId: ID, type: CallSignal.Type.OFFER, media: CallMedia.VIDEO, sdp: '', candidates: [], reason: '', ...fields })
const encode = (fields: Partial<CallSignal>): Uint8Array => CallSignal.encode(signal(fields))
const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }

describe('call signal decoder', () => {
  it('accepts an offer, an answer, candidates, a hang-up and a decline', () => {
    expect(decodeCallSignal(encode({ sdp: SDP })).sdp).toBe(SDP)
    expect(decodeCallSignal(encode({ type: CallSignal.Type.ANSWER, sdp: SDP })).type).toBe(CallSignal.Type.ANSWER)
    expect(decodeCallSignal(encode({ type: CallSignal.Type.CANDIDATES, candidates: [candidate] })).candidates).toHaveLength(1)
    expect(decodeCallSignal(encode({ type: CallSignal.Type.HANGUP, reason: 'hangup' })).reason).toBe('hangup')
    expect(decodeCallSignal(encode({ type: CallSignal.Type.DECLINE, reason: 'busy' })).reason).toBe('busy')
  })

  it('refuses an offer without a DTLS fingerprint, an SDP over the limit and an SDP on a hang-up', () => {
    const refused = (fields: Partial<CallSignal>): string => { try { decodeCallSignal(encode(fields)); return 'accepted' } catch (err) { return (err as Error).name } }
    expect(refused({ sdp: SDP.replace(/a=fingerprint.*\r\n/, '') })).toBe('InvalidCallSignalError')
    expect(refused({ sdp: SDP + 'a=x:' + 'y'.repeat(MAX_SDP_BYTES) })).toBe('InvalidCallSignalError')
    expect(refused({ type: CallSignal.Type.HANGUP, sdp: SDP, reason: 'hangup' })).toBe('InvalidCallSignalError')
    expect(refused({ type: CallSignal.Type.DECLINE, reason: 'because' })).toBe('InvalidCallSignalError')
    expect(refused({ callId: 'ABC', sdp: SDP })).toBe('InvalidCallSignalError')
    expect(refused({ type: CallSignal.Type.CANDIDATES, candidates: [{ ...candidate, candidate: `${candidate.candidate}\r\na=evil` }] })).toBe('InvalidCallSignalError')
    expect(refused({ type: CallSignal.Type.CANDIDATES, candidates: [] })).toBe('InvalidCallSignalError')
  })

  it('refuses more candidates than a signal may carry, in the decoder', () => {
    const many = Array.from({ length: MAX_CANDIDATES_PER_SIGNAL + 1 }, () => candidate)
    expect(() => decodeCallSignal(encode({ type: CallSignal.Type.CANDIDATES, candidates: many }))).toThrow(expect.objectContaining({ name: 'InvalidCallSignalError' }))
  })

  it('turns any bytes into a checked signal or an InvalidCallSignalError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      try {
        const s = decodeCallSignal(bytes)
        expect(s.candidates.length).toBeLessThanOrEqual(MAX_CANDIDATES_PER_SIGNAL)
        expect(new TextEncoder().encode(s.sdp).length).toBeLessThanOrEqual(MAX_SDP_BYTES)
      } catch (err) {
        expect((err as Error).name).toBe('InvalidCallSignalError')
      }
    }), { numRuns: 2000 })
  })

  it('refuses mutated valid signals with a typed error only', () => {
    const valid = encode({ type: CallSignal.Type.CANDIDATES, candidates: [candidate, candidate] })
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), (at, byte) => {
      const bytes = valid.slice()
      bytes[at] = byte
      try { decodeCallSignal(bytes) } catch (err) { expect((err as Error).name).toBe('InvalidCallSignalError') }
    }), { numRuns: 1000 })
  })
})

describe('call records', () => {
  it('say how a call went', () => {
    expect(callText({ kind: 'video', outcome: 'ended', durationMs: 65_400 })).toBe('Video call · 1:05')
    expect(callText({ kind: 'audio', outcome: 'missed', durationMs: 0 })).toBe('Missed call')
    expect(callText({ kind: 'video', outcome: 'busy', durationMs: 0 })).toBe('Video call declined (busy)')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
  })

  it('take a bounded list of stun and turn servers only', () => {
    expect(checkIceServers([{ urls: 'stun:stun.example.org:3478' }])).toEqual([{ urls: ['stun:stun.example.org:3478'] }])
    expect(() => checkIceServers([{ urls: 'http://example.org' }])).toThrow(expect.objectContaining({ name: 'InvalidIceServersError' }))
    expect(() => checkIceServers(Array.from({ length: 5 }, () => ({ urls: 'stun:a' })))).toThrow(expect.objectContaining({ name: 'InvalidIceServersError' }))
  })
})
