import { blake2b256, generateIdentity, ready, sign, SIGNATURE_LABELS, toHex, type Identity } from '@parley/crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_CLOCK_SKEW_MS, MAX_ENVELOPE_BYTES, MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_TEXT_BYTES } from '../src/constants.js'
import { openEvent, sealEvent } from '../src/envelope.js'
import { Envelope, RoomEvent } from '../src/pb/room.js'

const ROOM = 'lobby'
const NOW = 1_700_000_000_000
const ID = 'ab'.repeat(32)

let alice: Identity

/** A correctly signed envelope around any event, however wrong the event is. */
function signed (identity: Identity, fields: Partial<RoomEvent> = {}): Uint8Array {
  const payload = RoomEvent.encode({
    room: ROOM, sentAt: BigInt(NOW), nick: 'alice', kind: RoomEvent.Kind.TEXT, text: 'hello', replyTo: '', target: '', reaction: '', nonce: new Uint8Array(8), ...fields
  })
  return Envelope.encode({ payload, signature: sign(identity, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>, author: identity.publicKey as Uint8Array<ArrayBuffer> })
}

/** `name` or `name:reason` of what openEvent throws, or 'ok'. */
function verdict (bytes: Uint8Array, room = ROOM, now = NOW): string {
  try {
    openEvent(bytes, room, now)
    return 'ok'
  } catch (err) {
    const reason = (err as { reason?: string }).reason
    return reason === undefined ? (err as Error).name : `${(err as Error).name}:${reason}`
  }
}

const field = (tag: number, bytes: Uint8Array): number[] => [tag, bytes.length, ...bytes]

describe('room envelopes', () => {
  beforeAll(async () => {
    await ready()
    alice = generateIdentity()
  })

  it('opens what it seals, with the id being BLAKE2b-256 of the envelope bytes', () => {
    fc.assert(fc.property(
      fc.string({ minLength: 1, maxLength: 200 }), fc.string({ maxLength: MAX_NICK_LENGTH }), fc.option(fc.constant(ID), { nil: undefined }),
      (text, nick, replyTo) => {
        const sealed = sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.TEXT, text, nick, replyTo }, NOW)
        const opened = openEvent(sealed.bytes, ROOM, NOW)
        expect(opened.id).toBe(toHex(blake2b256(sealed.bytes)))
        expect(opened.id).toBe(sealed.id)
        expect(opened.event).toEqual(sealed.event)
        expect(opened.author).toEqual(alice.publicKey)
      }), { numRuns: 100 })
  })

  it('opens every kind with the fields it needs', () => {
    const kinds: Array<Partial<RoomEvent> & { kind: RoomEvent.Kind }> = [
      { kind: RoomEvent.Kind.TEXT, text: 'hi', replyTo: ID },
      { kind: RoomEvent.Kind.EDIT, text: 'fixed', target: ID },
      { kind: RoomEvent.Kind.DELETE, target: ID },
      { kind: RoomEvent.Kind.REACTION, target: ID, reaction: '👍' },
      { kind: RoomEvent.Kind.PRESENCE }
    ]
    for (const fields of kinds) {
      expect(openEvent(sealEvent(alice, { room: ROOM, nick: 'alice', ...fields }, NOW).bytes, ROOM, NOW).event.kind).toBe(fields.kind)
    }
  })

  it('refuses a forged signature, a swapped author and an author key of the wrong length', () => {
    const good = Envelope.decode(signed(alice))
    const mallory = generateIdentity()
    expect(verdict(Envelope.encode({ ...good, signature: new Uint8Array(64) }))).toBe('InvalidEnvelopeError:signature')
    expect(verdict(Envelope.encode({ ...good, author: mallory.publicKey as Uint8Array<ArrayBuffer> }))).toBe('InvalidEnvelopeError:signature')
    expect(verdict(Envelope.encode({ ...good, author: good.author.subarray(0, 31) }))).toBe('InvalidEnvelopeError:signature')
    expect(verdict(Envelope.encode({ ...good, signature: new Uint8Array() }))).toBe('InvalidEnvelopeError:signature')
  })

  it('refuses an envelope signed for another room', () => {
    expect(verdict(signed(alice, { room: 'elsewhere' }))).toBe('InvalidEnvelopeError:room')
    expect(verdict(signed(alice), 'elsewhere')).toBe('InvalidEnvelopeError:room')
  })

  it(`accepts sentAt up to ${MAX_CLOCK_SKEW_MS} ms ahead and refuses one ms more; old messages are fine`, () => {
    expect(verdict(signed(alice, { sentAt: BigInt(NOW + MAX_CLOCK_SKEW_MS) }))).toBe('ok')
    expect(verdict(signed(alice, { sentAt: BigInt(NOW + MAX_CLOCK_SKEW_MS + 1) }))).toBe('InvalidEnvelopeError:future')
    expect(verdict(signed(alice, { sentAt: 2n ** 64n - 1n }))).toBe('InvalidEnvelopeError:future')
    expect(verdict(signed(alice, { sentAt: 0n }))).toBe('ok')
  })

  it('refuses events whose fields do not fit their kind', () => {
    const { TEXT, EDIT, DELETE, REACTION, PRESENCE } = RoomEvent.Kind
    const bad: Array<Partial<RoomEvent>> = [
      { kind: TEXT, text: '' },
      { kind: TEXT, target: ID },
      { kind: TEXT, replyTo: 'not-an-id' },
      { kind: TEXT, replyTo: ID.toUpperCase() },
      { kind: TEXT, reaction: '👍' },
      { kind: EDIT, text: 'x', target: '' },
      { kind: EDIT, text: '', target: ID },
      { kind: EDIT, text: 'x', target: ID, replyTo: ID },
      { kind: DELETE, text: 'x', target: ID },
      { kind: DELETE, text: '', target: ID.slice(2) },
      { kind: REACTION, text: '', target: ID, reaction: '' },
      { kind: REACTION, text: '', target: ID, reaction: 'x'.repeat(MAX_REACTION_LENGTH + 1) },
      { kind: PRESENCE, text: 'hello' },
      { kind: PRESENCE, text: '', target: ID },
      { nick: 'n'.repeat(MAX_NICK_LENGTH + 1) }
    ]
    for (const fields of bad) expect(verdict(signed(alice, fields)), JSON.stringify(fields)).toBe('InvalidEnvelopeError:shape')
  })

  it(`counts the ${MAX_TEXT_BYTES}-byte text limit in UTF-8 bytes`, () => {
    expect(verdict(signed(alice, { text: 'x'.repeat(MAX_TEXT_BYTES) }))).toBe('ok')
    expect(verdict(signed(alice, { text: 'x'.repeat(MAX_TEXT_BYTES + 1) }))).toBe('TextTooLongError')
    expect(verdict(signed(alice, { text: 'é'.repeat(MAX_TEXT_BYTES / 2 + 1) }))).toBe('TextTooLongError')
  })

  it(`refuses envelopes over ${MAX_ENVELOPE_BYTES} bytes before decoding them`, () => {
    expect(verdict(signed(alice, { nonce: new Uint8Array(MAX_ENVELOPE_BYTES) }))).toBe('EnvelopeTooLargeError')
    expect(verdict(new Uint8Array(MAX_ENVELOPE_BYTES + 1))).toBe('EnvelopeTooLargeError')
  })

  it('refuses every encoding of a signed message but the canonical one, so it has one id', () => {
    const bytes = signed(alice)
    const { payload, signature, author } = Envelope.decode(bytes)
    expect(verdict(bytes)).toBe('ok')
    const variants = [
      [...bytes, 0x7a, 0x01, 0x00], // an unknown field 15 appended
      [...field(0x1a, author), ...field(0x12, signature), ...field(0x0a, payload)], // fields reordered
      [...field(0x0a, new Uint8Array([1])), ...bytes], // payload given twice (the last wins when decoding)
      [...bytes.subarray(0, bytes.length - 34), 0x1a, 0xa0, 0x00, ...author] // author length as a two-byte varint
    ]
    for (const variant of variants) expect(verdict(new Uint8Array(variant))).toBe('InvalidEnvelopeError:encoding')
  })

  it('refuses any single-byte change of a valid envelope', () => {
    const bytes = signed(alice)
    fc.assert(fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (i, delta) => {
      const changed = Uint8Array.from(bytes)
      changed[i] ^= delta
      expect(verdict(changed)).not.toBe('ok')
    }), { numRuns: 500 })
  })

  it('answers garbage with a typed error, never a crash or an accepted event', () => {
    const typed = new Set(['InvalidEnvelopeError:decode', 'InvalidEnvelopeError:encoding', 'InvalidEnvelopeError:signature'])
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (garbage) => {
      expect(typed).toContain(verdict(garbage))
    }), { numRuns: 1000 })
    expect(verdict(new Uint8Array())).toBe('InvalidEnvelopeError:signature')
    expect(verdict(new TextEncoder().encode('garbage'))).toBe('InvalidEnvelopeError:decode')
  })

  it('refuses to seal what a validator would reject', () => {
    expect(() => sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: '' }, NOW)).toThrow(expect.objectContaining({ name: 'InvalidEnvelopeError', reason: 'shape' }))
    expect(() => sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.TEXT, text: 'x'.repeat(MAX_TEXT_BYTES + 1) }, NOW)).toThrow(expect.objectContaining({ name: 'TextTooLongError' }))
    expect(() => sealEvent(alice, { room: ROOM, kind: RoomEvent.Kind.DELETE, target: 'nope' }, NOW)).toThrow(expect.objectContaining({ name: 'InvalidEnvelopeError' }))
  })
})
