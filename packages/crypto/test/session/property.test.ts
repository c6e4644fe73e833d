import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_SKIP, ready, Session, toHex } from '../../src/index.js'
import { startPair, str, text } from './fixtures.js'

beforeAll(ready)

type Side = 0 | 1

type Step =
  | { kind: 'send', from: Side }
  | { kind: 'deliver', to: Side, pick: number, drop: boolean }
  | { kind: 'replay', to: Side, pick: number }
  | { kind: 'tamper', to: Side, pick: number, at: number, xor: number }
  | { kind: 'restore', who: Side }

const side = fc.constantFrom<Side>(0, 1)

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('send' as const), from: side }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      to: side,
      pick: fc.nat(),
      drop: fc.integer({ min: 0, max: 9 }).map((n) => n < 2)
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), to: side, pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('tamper' as const), to: side, pick: fc.nat(), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) })
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), who: side }) }
)

/** Messages are picked among the oldest REORDER_WINDOW in flight, so reorders stay far inside MAX_SKIP. */
const REORDER_WINDOW = 50
const REFUSED = /^(DuplicateMessageError|MessageAuthenticationError|MalformedMessageError|TooManySkippedMessagesError|SessionMismatchError)$/

/** Runs `fn`, expects a typed refusal, and expects the session's state not to have moved. */
function expectRefusedUnchanged (session: Session, fn: () => unknown): void {
  const before = toHex(session.serialize())
  expect(fn).toThrow(expect.objectContaining({ name: expect.stringMatching(REFUSED) }))
  expect(toHex(session.serialize())).toBe(before)
}

describe('double ratchet property', () => {
  it('a random interleaving with drops, reorders, replays, tampering and restores decrypts what it should and refuses what it should', () => {
    expect(REORDER_WINDOW).toBeLessThan(MAX_SKIP)
    fc.assert(fc.property(fc.array(step, { minLength: 2500, maxLength: 4000 }), (steps) => {
      const pair = startPair()
      const sessions: Session[] = [pair.a, pair.b]
      // In flight towards each side: [ciphertext, plaintext].
      const inFlight: Array<Array<[Uint8Array, string]>> = [[], []]
      const delivered: Uint8Array[][] = [[], []]
      let counter = 0
      for (const s of steps) {
        if (s.kind === 'send') {
          const plain = `m${counter++}`
          inFlight[1 - s.from].push([sessions[s.from].encrypt(text(plain)), plain])
        } else if (s.kind === 'restore') {
          sessions[s.who] = Session.deserialize(sessions[s.who].serialize())
        } else if (s.kind === 'replay') {
          const old = delivered[s.to]
          // Recent chains are recognised as replays; chains older than MAX_PREVIOUS_RATCHET_KEYS
          // are forgotten and fail authentication instead. Either way nothing is decrypted twice.
          if (old.length > 0) expectRefusedUnchanged(sessions[s.to], () => sessions[s.to].decrypt(old[s.pick % old.length]))
        } else if (s.kind === 'tamper') {
          const queue = inFlight[s.to]
          if (queue.length === 0) continue
          const bad = queue[s.pick % queue.length][0].slice()
          bad[s.at % bad.length] ^= s.xor
          expectRefusedUnchanged(sessions[s.to], () => sessions[s.to].decrypt(bad))
        } else if (inFlight[s.to].length > 0) {
          const queue = inFlight[s.to]
          const [ciphertext, plain] = queue.splice(s.pick % Math.min(queue.length, REORDER_WINDOW), 1)[0]
          if (s.drop) continue
          expect(str(sessions[s.to].decrypt(ciphertext))).toBe(plain)
          delivered[s.to].push(ciphertext)
        }
      }
      // Everything still in flight arrives in the end.
      for (const to of [0, 1] as const) {
        for (const [ciphertext, plain] of inFlight[to]) expect(str(sessions[to].decrypt(ciphertext))).toBe(plain)
      }
    }), { numRuns: 8, endOnFailure: true })
  })
})
