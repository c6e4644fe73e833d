import { beforeAll, describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import {
  concat,
  generateIdentity,
  generatePrekeys,
  initiateSession,
  MAX_MESSAGE_LENGTH,
  MAX_PLAINTEXT_LENGTH,
  MAX_SKIP,
  MAX_SKIPPED_KEYS_TOTAL,
  ready,
  respondToSession,
  Session,
  toHex
} from '../../src/index.js'
import { sodium } from '../../src/sodium.js'
import { startPair, str, text } from './fixtures.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })

/** Ratchet message layout: version, type, ratchet key 32, u32 pn, u32 n, then the ciphertext. */
const HEADER_LENGTH = 2 + 32 + 4 + 4

/**
 * True when some 32 consecutive bytes of `state`, used as the message key,
 * open `message` (a plain ratchet message from `initiator` to `responder`).
 */
function opensWithAnyWindow (state: Uint8Array, message: Uint8Array, initiator: Uint8Array, responder: Uint8Array): boolean {
  const ad = concat(initiator, responder, message.subarray(0, HEADER_LENGTH))
  const ciphertext = message.subarray(HEADER_LENGTH)
  const nonce = new Uint8Array(24)
  const opens = (key: Uint8Array): boolean => {
    try {
      sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, ad, nonce, key)
      return true
    } catch {
      return false
    }
  }
  for (let at = 0; at + 32 <= state.length; at++) {
    if (opens(state.subarray(at, at + 32))) return true
  }
  return false
}

describe('double ratchet session', () => {
  it('in-order exchange', () => {
    const { a, b } = startPair()
    for (let i = 0; i < 5; i++) {
      expect(str(b.decrypt(a.encrypt(text(`a${i}`))))).toBe(`a${i}`)
      expect(str(a.decrypt(b.encrypt(text(`b${i}`))))).toBe(`b${i}`)
    }
    expect(a.awaitingReply).toBe(false)
  })

  it('both sides sending at once', () => {
    const { a, b } = startPair()
    b.decrypt(a.encrypt(text('sync')))
    const fromA = [a.encrypt(text('a1')), a.encrypt(text('a2'))]
    const fromB = [b.encrypt(text('b1')), b.encrypt(text('b2'))]
    expect(fromB.map((m) => str(a.decrypt(m)))).toEqual(['b1', 'b2'])
    expect(fromA.map((m) => str(b.decrypt(m)))).toEqual(['a1', 'a2'])
    expect(str(b.decrypt(a.encrypt(text('after'))))).toBe('after')
    expect(str(a.decrypt(b.encrypt(text('after too'))))).toBe('after too')
  })

  it('out-of-order within the bound', () => {
    const { a, b } = startPair()
    const messages = Array.from({ length: 20 }, (_, i) => a.encrypt(text(`m${i}`)))
    const order = [19, 3, 0, 10, 1, 2, 18, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17]
    for (const i of order) expect(str(b.decrypt(messages[i]))).toBe(`m${i}`)
  })

  it('out-of-order across a DH ratchet step', () => {
    const { a, b } = startPair()
    const early = a.encrypt(text('early'))
    b.decrypt(a.encrypt(text('second')))
    a.decrypt(b.encrypt(text('reply')))
    expect(str(b.decrypt(a.encrypt(text('new chain'))))).toBe('new chain')
    expect(str(b.decrypt(early))).toBe('early')
  })

  it('gap larger than the maximum is refused, and the session still works', () => {
    const { a, b } = startPair()
    b.decrypt(a.encrypt(text('x')))
    for (let i = 0; i < MAX_SKIP + 1; i++) a.encrypt(text('lost'))
    const far = a.encrypt(text('far'))
    const before = toHex(b.serialize())
    expect(() => b.decrypt(far)).toThrow(expect.objectContaining({ name: 'TooManySkippedMessagesError', gap: MAX_SKIP + 1, max: MAX_SKIP }))
    expect(toHex(b.serialize())).toBe(before)
  })

  it('a caller may allow fewer skipped keys than MAX_SKIP (a stranger\'s frames), and never more', () => {
    const { a, b } = startPair()
    for (let i = 0; i < 9; i++) a.encrypt(text('lost'))
    const tenth = a.encrypt(text('tenth'))
    const before = toHex(b.serialize())
    expect(() => b.decrypt(tenth, { maxSkip: 8 })).toThrow(expect.objectContaining({ name: 'TooManySkippedMessagesError', gap: 9, max: 8 }))
    expect(toHex(b.serialize())).toBe(before)
    expect(str(b.decrypt(tenth, { maxSkip: 9 }))).toBe('tenth')
    for (let i = 0; i < MAX_SKIP + 1; i++) a.encrypt(text('lost'))
    expect(() => b.decrypt(a.encrypt(text('far')), { maxSkip: MAX_SKIP * 10 })).toThrow(named('TooManySkippedMessagesError'))
  })

  it('dropped messages do not stop the conversation', () => {
    const { a, b } = startPair()
    a.encrypt(text('dropped 1'))
    a.encrypt(text('dropped 2'))
    expect(str(b.decrypt(a.encrypt(text('arrives'))))).toBe('arrives')
    b.encrypt(text('dropped reply'))
    expect(str(a.decrypt(b.encrypt(text('reply arrives'))))).toBe('reply arrives')
  })

  it('duplicate refused, also after a ratchet step and after a restore', () => {
    const { a, b } = startPair()
    const m = a.encrypt(text('once'))
    b.decrypt(m)
    expect(() => b.decrypt(m)).toThrow(named('DuplicateMessageError'))
    a.decrypt(b.encrypt(text('reply')))
    b.decrypt(a.encrypt(text('new chain')))
    expect(() => b.decrypt(m)).toThrow(named('DuplicateMessageError'))
    expect(() => Session.deserialize(b.serialize()).decrypt(m)).toThrow(named('DuplicateMessageError'))
  })

  it('tampered header and tampered ciphertext refused with state unchanged', () => {
    const { a, b } = startPair()
    b.decrypt(a.encrypt(text('warm up')))
    const m = a.encrypt(text('genuine'))
    const before = toHex(b.serialize())
    for (const at of [2, 20, 35, 40, 45, m.length - 1]) {
      const bad = m.slice()
      bad[at] ^= 0x01
      expect(() => b.decrypt(bad)).toThrow(expect.objectContaining({
        name: expect.stringMatching(/^(MessageAuthenticationError|MalformedMessageError|TooManySkippedMessagesError|SessionMismatchError)$/)
      }))
      expect(toHex(b.serialize())).toBe(before)
    }
    expect(str(b.decrypt(m))).toBe('genuine')
  })

  it('a forged message from a stranger with its own session leaves the state unchanged', () => {
    const { a, b, bobSecrets } = startPair()
    const mallory = initiateSession(generateIdentity(), bobSecrets.bundle(0))
    const before = toHex(b.serialize())
    expect(() => b.decrypt(mallory.encrypt(text('hi')))).toThrow(named('SessionMismatchError'))
    expect(toHex(b.serialize())).toBe(before)
    // The real session goes on both ways as if the forgery never came.
    expect(str(b.decrypt(a.encrypt(text('still alice'))))).toBe('still alice')
    expect(str(a.decrypt(b.encrypt(text('still bob'))))).toBe('still bob')
  })

  it('forward secrecy: after a message key is used and deleted, the current state cannot decrypt that ciphertext', () => {
    const { a, b, alice, bob } = startPair()
    a.decrypt(b.encrypt(text('reply'))) // from now on Alice sends plain ratchet messages (42-byte header)
    const late = a.encrypt(text('late'))
    const now = a.encrypt(text('now'))
    b.decrypt(now)
    // Control: while its key is stored as skipped, some 32 bytes of the state open `late`.
    expect(opensWithAnyWindow(b.serialize(), late, alice.publicKey, bob.publicKey)).toBe(true)
    expect(str(b.decrypt(late))).toBe('late')
    const after = b.serialize()
    expect(opensWithAnyWindow(after, late, alice.publicKey, bob.publicKey)).toBe(false)
    expect(opensWithAnyWindow(after, now, alice.publicKey, bob.publicKey)).toBe(false)
    expect(() => Session.deserialize(after).decrypt(late)).toThrow(named('DuplicateMessageError'))
    expect(() => Session.deserialize(after).decrypt(now)).toThrow(named('DuplicateMessageError'))
  })

  it('total skipped keys are bounded: the oldest are evicted and their messages refused', () => {
    const { a, b } = startPair()
    // Chain 1: Bob has received message 0 ("hello"); skip MAX_SKIP - 1 keys in it.
    const chain1 = Array.from({ length: MAX_SKIP }, (_, i) => a.encrypt(text(`c1-${i + 1}`)))
    b.decrypt(chain1[MAX_SKIP - 1])
    a.decrypt(b.encrypt(text('turn')))
    // Chain 2: skip another MAX_SKIP - 1.
    const chain2 = Array.from({ length: MAX_SKIP }, (_, i) => a.encrypt(text(`c2-${i}`)))
    b.decrypt(chain2[MAX_SKIP - 1])
    a.decrypt(b.encrypt(text('turn again')))
    // Chain 3: enough skipped keys to pass the total bound.
    const over = 2 * (MAX_SKIP - 1) + 11 - MAX_SKIPPED_KEYS_TOTAL
    expect(over).toBeGreaterThan(0)
    const chain3 = Array.from({ length: 12 }, (_, i) => a.encrypt(text(`c3-${i}`)))
    b.decrypt(chain3[11])
    expect(b.toJSON().skippedKeys).toBe(MAX_SKIPPED_KEYS_TOTAL)
    for (let i = 0; i < over; i++) expect(() => b.decrypt(chain1[i])).toThrow(named('DuplicateMessageError'))
    expect(str(b.decrypt(chain1[over]))).toBe(`c1-${over + 1}`)
    expect(str(b.decrypt(chain2[0]))).toBe('c2-0')
    expect(str(b.decrypt(chain3[0]))).toBe('c3-0')
  })

  it('a plaintext too large for a message is refused before the state moves', () => {
    const { a, b } = startPair()
    const before = toHex(a.serialize())
    expect(() => a.encrypt(new Uint8Array(MAX_PLAINTEXT_LENGTH + 1))).toThrow(named('InvalidLengthError'))
    expect(toHex(a.serialize())).toBe(before)
    const largest = a.encrypt(new Uint8Array(MAX_PLAINTEXT_LENGTH).fill(7))
    expect(largest.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH)
    const opened = b.decrypt(largest)
    expect(opened.length).toBe(MAX_PLAINTEXT_LENGTH)
    expect(opened.every((byte) => byte === 7)).toBe(true)
  })

  it('keeps secrets out of JSON and inspect output', () => {
    const { a } = startPair()
    const state = toHex(a.serialize())
    const rootKeyHex = state.slice(4 + 128, 4 + 192)
    expect(JSON.stringify(a)).not.toContain(rootKeyHex)
    expect(inspect(a, { showHidden: true, depth: 5 })).not.toContain(rootKeyHex)
  })

  it('refuses garbage session state with a typed error', () => {
    const { a } = startPair()
    const good = a.serialize()
    for (const bad of [new Uint8Array(0), Uint8Array.of(9), good.subarray(0, 100), new Uint8Array([...good, 1]), new Uint8Array(300)]) {
      expect(() => Session.deserialize(bad)).toThrow(named('InvalidSessionStateError'))
    }
    expect(() => Session.deserialize('x' as never)).toThrow(named('InvalidArgumentError'))
  })

  it('refuses garbage messages with a typed error', () => {
    const { b } = startPair()
    for (const bad of [new Uint8Array(0), Uint8Array.of(1), Uint8Array.of(1, 1, 0), Uint8Array.of(2, 1), Uint8Array.of(1, 7, ...new Uint8Array(80)), new Uint8Array(70 * 1024)]) {
      expect(() => b.decrypt(bad)).toThrow(named('MalformedMessageError'))
    }
  })

  it('cannot send before receiving when it is the responder built from state', () => {
    const bob = generateIdentity()
    const secrets = generatePrekeys(bob, { oneTimeCount: 0 })
    const a = initiateSession(generateIdentity(), secrets.bundle())
    const { session } = respondToSession(bob, secrets, a.encrypt(text('x')))
    expect(str(a.decrypt(session.encrypt(text('y'))))).toBe('y')
  })
})
