import { ready } from '@parley/crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { Calls, type CallEvent } from '../../src/calls/calls.js'
import { CALL_OFFERS_PER_MINUTE, MAX_CANDIDATES_PER_CALL } from '../../src/calls/constants.js'
import { CallMedia, CallSignal } from '../../src/pb/call.js'
import { until } from '../../../../test/support/poll.js'
import type { FinishedCall } from '../../src/calls/record.js'

const FP = Array(32).fill('AB').join(':')
const SDP = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 ${FP}\r\n`
const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }

/** A host's calls, whose signals go straight to the other hosts' `receive` (the DM layer's job in a peer). */
interface Host { name: string, calls: Calls, events: CallEvent[], records: FinishedCall[], errors: string[] }

function hosts (...names: string[]): Record<string, Host> {
  const all: Record<string, Host> = {}
  for (const name of names) {
    const host: Host = { name, events: [], records: [], errors: [], calls: undefined as unknown as Calls }
    host.calls = new Calls({
      isContact: () => true,
      send: async (peer, signal) => { await all[peer].calls.receive(name, { data: CallSignal.encode(signal), sentAt: BigInt(Date.now()), nick: name }) },
      record: async (_peer, call) => { host.records.push(call); await Promise.resolve() },
      onCall: (event) => { host.events.push(event) },
      onError: (error) => { host.errors.push(error.name) }
    })
    all[name] = host
  }
  return all
}

describe('Calls', () => {
  beforeAll(async () => { await ready() })

  it('an answered call ends with its duration on both sides', async () => {
    const { alice, bob } = hosts('alice', 'bob')
    const id = await alice.calls.start('bob', 'video', SDP)
    expect(bob.calls.current()).toMatchObject({ id, peer: 'alice', direction: 'incoming', state: 'ringing' })
    await bob.calls.accept(id, SDP)
    expect(alice.calls.current()?.state).toBe('answered')
    await alice.calls.hangup(id)
    expect(alice.records.map((r) => r.outcome)).toEqual(['ended'])
    expect(bob.records.map((r) => r.outcome)).toEqual(['ended'])
    expect(bob.events.map((e) => e.state)).toEqual(['ringing', 'answered', 'ended'])
    expect(bob.calls.current()).toBeUndefined()
  })

  it('a second call while busy is declined with "busy"', async () => {
    const { alice, bob, carol } = hosts('alice', 'bob', 'carol')
    await alice.calls.start('bob', 'audio', SDP)
    await carol.calls.start('bob', 'video', SDP)
    expect(carol.records.map((r) => r.outcome)).toEqual(['busy'])
    expect(carol.events.at(-1)).toMatchObject({ state: 'declined', reason: 'busy' })
    expect(bob.records.map((r) => r.outcome)).toEqual(['missed'])
    expect(bob.calls.current()?.peer).toBe('alice')
  })

  it('an answer from someone other than the called contact is refused, and the call rings on', async () => {
    const { alice, bob, carol } = hosts('alice', 'bob', 'carol')
    const id = await alice.calls.start('bob', 'video', SDP)
    await alice.calls.receive('carol', { data: CallSignal.encode({ callId: id, type: CallSignal.Type.ANSWER, media: CallMedia.VIDEO, sdp: SDP, candidates: [], reason: '' }), sentAt: BigInt(Date.now()), nick: 'carol' })
    expect(alice.errors).toEqual(['ForeignCallSignalError'])
    expect(alice.calls.current()?.state).toBe('ringing')
    await bob.calls.accept(id, SDP)
    expect(alice.calls.current()?.state).toBe('answered')
    expect(carol.records).toEqual([])
  })

  it('an unanswered call times out: unanswered for the caller, missed for the callee', async () => {
    const { alice, bob } = hosts('alice', 'bob')
    alice.calls.ringTimeoutMs = 200
    bob.calls.ringTimeoutMs = 60_000
    await alice.calls.start('bob', 'audio', SDP)
    await until('the caller to give up', () => alice.records.length === 1, 5_000)
    await until('the callee to record it', () => bob.records.length === 1, 5_000)
    expect(alice.records[0].outcome).toBe('unanswered')
    expect(bob.records[0].outcome).toBe('missed')
  })

  it('an offer that waited past its ringing time (an outbox, a mailbox) is recorded missed without ringing', async () => {
    const { bob } = hosts('alice', 'bob')
    const offer = CallSignal.encode({ callId: 'ab'.repeat(16), type: CallSignal.Type.OFFER, media: CallMedia.AUDIO, sdp: SDP, candidates: [], reason: '' })
    await bob.calls.receive('alice', { data: offer, sentAt: BigInt(Date.now() - bob.calls.ringTimeoutMs - 1000), nick: 'alice' })
    expect(bob.events.map((e) => e.state)).toEqual(['missed'])
    expect(bob.records.map((r) => r.outcome)).toEqual(['missed'])
    expect(bob.calls.current()).toBeUndefined()
  })

  it('more candidates than a call may have are refused', async () => {
    const { alice, bob } = hosts('alice', 'bob')
    const id = await alice.calls.start('bob', 'video', SDP)
    for (let i = 0; i < MAX_CANDIDATES_PER_CALL / 16 + 1; i++) await alice.calls.sendCandidates(id, Array(16).fill(candidate))
    expect(bob.errors).toEqual(['TooManyCandidatesError'])
  })

  it('offers beyond the rate are dropped unrecorded', async () => {
    const { alice, bob } = hosts('alice', 'bob')
    for (let i = 0; i < CALL_OFFERS_PER_MINUTE + 2; i++) {
      const id = await alice.calls.start('bob', 'audio', SDP)
      await alice.calls.hangup(id)
    }
    expect(bob.records).toHaveLength(CALL_OFFERS_PER_MINUTE)
    expect(bob.errors.filter((e) => e === 'CallRateLimitedError')).toHaveLength(2)
  })

  it('a call is started while another is live: CallBusyError', async () => {
    const { alice } = hosts('alice', 'bob')
    await alice.calls.start('bob', 'audio', SDP)
    await expect(alice.calls.start('bob', 'audio', SDP)).rejects.toMatchObject({ name: 'CallBusyError' })
  })
})
