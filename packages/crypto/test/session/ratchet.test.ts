import { beforeAll, describe, expect, it } from 'vitest'
import { inspect } from 'node:util'
import {
  generateIdentity,
  generatePrekeys,
  initiateSession,
  MAX_SKIP,
  ready,
  respondToSession,
  Session,
  toHex
} from '../../src/index.js'
import { startPair, str, text } from './fixtures.js'

beforeAll(ready)

const named = (name: string): unknown => expect.objectContaining({ name })

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
    const { b, bob, bobSecrets } = startPair()
    const mallory = initiateSession(generateIdentity(), bobSecrets.bundle(0))
    const before = toHex(b.serialize())
    expect(() => b.decrypt(mallory.encrypt(text('hi')))).toThrow(named('SessionMismatchError'))
    expect(toHex(b.serialize())).toBe(before)
    expect(bob).toBeDefined()
  })

  it('forward secrecy: a used message key is deleted, so the current state cannot decrypt that ciphertext', () => {
    const { a, b } = startPair()
    const skipped = a.encrypt(text('late'))
    const m = a.encrypt(text('now'))
    b.decrypt(m)
    const withSkipped = b.serialize()
    expect(str(b.decrypt(skipped))).toBe('late')
    const after = b.serialize()
    expect(after.length).toBeLessThan(withSkipped.length)
    expect(() => Session.deserialize(after).decrypt(skipped)).toThrow(named('DuplicateMessageError'))
    expect(() => Session.deserialize(after).decrypt(m)).toThrow(named('DuplicateMessageError'))
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
