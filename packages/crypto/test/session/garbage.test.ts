import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  decodePrekeyBundle,
  encodePrekeyBundle,
  generateIdentity,
  generatePrekeys,
  initiateSession,
  MAX_BUNDLE_LENGTH,
  MAX_MESSAGE_LENGTH,
  MAX_PREKEY_SECRETS_LENGTH,
  MAX_SESSION_STATE_LENGTH,
  PrekeySecrets,
  ready,
  respondToSession,
  Session,
  toHex
} from '../../src/index.js'
import { startPair, text } from './fixtures.js'

beforeAll(ready)

/** Random bytes, a good encoding with one byte changed, or a good encoding cut short. */
function garbage (good: Uint8Array): fc.Arbitrary<{ kind: 'random' | 'flipped' | 'truncated', bytes: Uint8Array, at?: number }> {
  return fc.oneof(
    fc.uint8Array({ maxLength: good.length + 64 }).map((bytes) => ({ kind: 'random' as const, bytes })),
    fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })).map(([at, xor]) => {
      const bytes = good.slice()
      bytes[at] ^= xor
      return { kind: 'flipped' as const, bytes, at }
    }),
    fc.nat({ max: good.length - 1 }).map((n) => ({ kind: 'truncated' as const, bytes: good.subarray(0, n) }))
  )
}

/** The error `fn` throws, or undefined when it returns. */
function thrown (fn: () => unknown): Error | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return err as Error
  }
}

const NUM_RUNS = 300

describe('session decoders refuse garbage with typed errors', () => {
  it('prekey bundle: garbage refused; any change to the signed part refused', () => {
    const good = encodePrekeyBundle(generatePrekeys(generateIdentity(), { oneTimeCount: 3 }).bundle(3))
    // version, identity key, signed prekey id, signed prekey and signature: all covered by the signature or checked.
    const signedPart = 1 + 32 + 4 + 32 + 64
    fc.assert(fc.property(garbage(good), ({ kind, bytes, at }) => {
      const err = thrown(() => decodePrekeyBundle(bytes))
      if (kind === 'flipped' && (at as number) >= signedPart) return // one-time prekeys are not signed (X3DH §3.2)
      expect(err?.name).toBe('InvalidPrekeyBundleError')
    }), { numRuns: NUM_RUNS })
    expect(thrown(() => decodePrekeyBundle(new Uint8Array(MAX_BUNDLE_LENGTH + 1)))?.name).toBe('InvalidPrekeyBundleError')
  })

  it('initial message: garbage refused and no one-time prekey consumed', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 2 })
    const first = initiateSession(generateIdentity(), secrets.bundle()).encrypt(text('hello'))
    const allowed = /^(MalformedMessageError|MessageAuthenticationError|UnknownPrekeyError|TooManySkippedMessagesError)$/
    fc.assert(fc.property(garbage(first), ({ bytes }) => {
      expect(thrown(() => respondToSession(bob, secrets, bytes))?.name).toMatch(allowed)
      expect(secrets.oneTimeCount).toBe(2)
    }), { numRuns: NUM_RUNS })
    expect(thrown(() => respondToSession(bob, secrets, new Uint8Array(MAX_MESSAGE_LENGTH + 1)))?.name).toBe('MalformedMessageError')
    expect(respondToSession(bob, secrets, first).consumedOneTimePrekeyId).toBeDefined()
  })

  it('ratchet message: garbage refused and the session unchanged', () => {
    const { a, b } = startPair()
    a.decrypt(b.encrypt(text('reply')))
    const good = a.encrypt(text('genuine'))
    const before = toHex(b.serialize())
    const allowed = /^(MalformedMessageError|MessageAuthenticationError|DuplicateMessageError|TooManySkippedMessagesError|SessionMismatchError)$/
    fc.assert(fc.property(garbage(good), ({ bytes }) => {
      expect(thrown(() => b.decrypt(bytes))?.name).toMatch(allowed)
      expect(toHex(b.serialize())).toBe(before)
    }), { numRuns: NUM_RUNS })
    expect(new TextDecoder().decode(b.decrypt(good))).toBe('genuine')
  })

  it('session state: random and truncated bytes refused; a changed byte parses or is refused', () => {
    const { a } = startPair()
    a.encrypt(text('skipped'))
    const good = a.serialize()
    fc.assert(fc.property(garbage(good), ({ kind, bytes }) => {
      const err = thrown(() => Session.deserialize(bytes))
      // A flipped key byte is still a well-formed state; integrity of stored state is the store's job.
      if (kind === 'flipped' && err === undefined) return
      expect(err?.name).toBe('InvalidSessionStateError')
    }), { numRuns: NUM_RUNS })
    expect(thrown(() => Session.deserialize(new Uint8Array(MAX_SESSION_STATE_LENGTH + 1)))?.name).toBe('InvalidSessionStateError')
  })

  it('prekey secrets: random and truncated bytes refused', () => {
    const good = generatePrekeys(generateIdentity(), { oneTimeCount: 3 }).serialize()
    fc.assert(fc.property(garbage(good), ({ kind, bytes }) => {
      const err = thrown(() => PrekeySecrets.deserialize(bytes))
      if (kind === 'flipped' && err === undefined) return
      expect(err?.name).toBe('InvalidSessionStateError')
    }), { numRuns: NUM_RUNS })
    expect(thrown(() => PrekeySecrets.deserialize(new Uint8Array(MAX_PREKEY_SECRETS_LENGTH + 1)))?.name).toBe('InvalidSessionStateError')
  })

  it('refuses non-byte input with InvalidArgumentError', () => {
    const { b } = startPair()
    for (const decode of [
      (x: never) => decodePrekeyBundle(x),
      (x: never) => Session.deserialize(x),
      (x: never) => PrekeySecrets.deserialize(x),
      (x: never) => b.decrypt(x),
      (x: never) => b.encrypt(x)
    ]) {
      expect(thrown(() => decode('bytes' as never))?.name).toBe('InvalidArgumentError')
    }
  })
})
