/**
 * "I hold it" announcements as the decoders see them: a public room's presence may name up to
 * MAX_HOLD_ROOTS roots of 32 bytes, no other kind may carry any; a private room's announcement body
 * carries roots and nothing else (no text, file or mentions).
 */
import { generateIdentity, randomBytes, ready, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { openEvent, sealEvent } from '../../src/envelope.js'
import { Envelope, RoomEvent } from '../../src/pb/room.js'
import { PrivateRoomBody } from '../../src/pb/private-room.js'
import { encodeHolds, openBody } from '../../src/private-rooms/body.js'
import { MAX_HOLD_ROOTS } from '../../src/files/constants.js'

let alice: Identity
const roots = (n: number, length = 32): Array<Uint8Array<ArrayBuffer>> => Array.from({ length: n }, () => randomBytes(length) as Uint8Array<ArrayBuffer>)

/** Signs an event as given, without sealEvent's own checks (what a hostile peer can send). */
function forge (event: Partial<RoomEvent>): Uint8Array {
  const payload = RoomEvent.encode({ room: 'lobby', sentAt: BigInt(Date.now()), nick: 'a', kind: RoomEvent.Kind.PRESENCE, text: '', replyTo: '', target: '', reaction: '', nonce: new Uint8Array(8), moderation: new Uint8Array(), file: new Uint8Array(), mentions: [], holds: [], ...event })
  return Envelope.encode({ payload, signature: sign(alice, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>, author: alice.publicKey as Uint8Array<ArrayBuffer> })
}

describe('holds in room presence', () => {
  beforeAll(async () => {
    await ready()
    alice = generateIdentity()
  })

  it('a presence naming up to MAX_HOLD_ROOTS roots opens', () => {
    const sealed = sealEvent(alice, { room: 'lobby', kind: RoomEvent.Kind.PRESENCE, nick: 'a', holds: roots(MAX_HOLD_ROOTS) })
    expect(openEvent(sealed.bytes, 'lobby').event.holds).toHaveLength(MAX_HOLD_ROOTS)
  })

  it('holds on a text, too many holds, or a short root are rejected', () => {
    expect(() => openEvent(forge({ kind: RoomEvent.Kind.TEXT, text: 'hi', holds: roots(1) }), 'lobby')).toThrow(expect.objectContaining({ name: 'InvalidEnvelopeError' }))
    expect(() => openEvent(forge({ holds: roots(MAX_HOLD_ROOTS + 1) }), 'lobby')).toThrow(expect.objectContaining({ name: 'InvalidEnvelopeError' }))
    expect(() => openEvent(forge({ holds: roots(1, 31) }), 'lobby')).toThrow(expect.objectContaining({ name: 'InvalidEnvelopeError' }))
  })
})

describe('holds in a private room', () => {
  it('an announcement opens with its roots and no text', () => {
    const body = openBody(encodeHolds('a', Date.now(), roots(2)))
    expect(body.holds).toHaveLength(2)
    expect(body.text).toBe('')
  })

  it('an announcement with text, too many roots or a short root is refused', () => {
    const base = { text: '', nick: 'a', sentAt: BigInt(Date.now()), nonce: new Uint8Array(8), file: new Uint8Array(), mentions: [], holds: roots(1) }
    expect(() => openBody(PrivateRoomBody.encode({ ...base, text: 'hello' }))).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
    expect(() => openBody(PrivateRoomBody.encode({ ...base, holds: roots(MAX_HOLD_ROOTS + 1) }))).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
    expect(() => openBody(PrivateRoomBody.encode({ ...base, holds: roots(1, 31) }))).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
    expect(() => encodeHolds('a', Date.now(), [])).toThrow(expect.objectContaining({ name: 'InvalidPrivateMessageError' }))
  })
})
