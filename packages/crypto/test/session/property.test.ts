import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ready, Session } from '../../src/index.js'
import { startPair, str, text } from './fixtures.js'

beforeAll(ready)

type Step =
  | { kind: 'send', from: 0 | 1 }
  | { kind: 'deliver', to: 0 | 1, pick: number, drop: boolean, replay: boolean }
  | { kind: 'restore', who: 0 | 1 }

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), from: fc.constantFrom(0 as const, 1 as const) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('deliver' as const),
      to: fc.constantFrom(0 as const, 1 as const),
      pick: fc.nat(),
      drop: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      replay: fc.integer({ min: 0, max: 9 }).map((n) => n < 1)
    })
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), who: fc.constantFrom(0 as const, 1 as const) }) }
)

describe('double ratchet property', () => {
  it('a random interleaving with drops, reorders, replays and restores decrypts what it should and refuses what it should', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1000, maxLength: 3000 }), (steps) => {
      const pair = startPair()
      const sessions: Session[] = [pair.a, pair.b]
      // in flight towards each side: [ciphertext, plaintext]
      const inFlight: Array<Array<[Uint8Array, string]>> = [[], []]
      const delivered: Array<Array<Uint8Array>> = [[], []]
      let counter = 0
      for (const s of steps) {
        if (s.kind === 'send') {
          const plain = `m${counter++}`
          inFlight[1 - s.from].push([sessions[s.from].encrypt(text(plain)), plain])
        } else if (s.kind === 'restore') {
          sessions[s.who] = Session.deserialize(sessions[s.who].serialize())
        } else if (s.replay && delivered[s.to].length > 0) {
          const old = delivered[s.to][s.pick % delivered[s.to].length]
          // Recent chains are recognised as replays; chains older than MAX_PREVIOUS_RATCHET_KEYS
          // are forgotten and fail authentication instead. Either way nothing is decrypted twice.
          expect(() => sessions[s.to].decrypt(old)).toThrow(expect.objectContaining({
            name: expect.stringMatching(/^(DuplicateMessageError|MessageAuthenticationError)$/)
          }))
        } else if (inFlight[s.to].length > 0) {
          // Reorders stay within the bound: pick among the oldest 50 in flight.
          const queue = inFlight[s.to]
          const [ciphertext, plain] = queue.splice(s.pick % Math.min(queue.length, 50), 1)[0]
          if (s.drop) continue
          expect(str(sessions[s.to].decrypt(ciphertext))).toBe(plain)
          delivered[s.to].push(ciphertext)
        }
      }
      // Everything still in flight arrives in the end.
      for (const to of [0, 1] as const) {
        for (const [ciphertext, plain] of inFlight[to]) expect(str(sessions[to].decrypt(ciphertext))).toBe(plain)
      }
    }), { numRuns: 12, endOnFailure: true })
  })
})
