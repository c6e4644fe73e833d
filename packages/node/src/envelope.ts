/**
 * Signed room envelopes: `Envelope { payload, signature, author }` where the
 * payload is a `RoomEvent` and the signature is the author's Ed25519
 * signature under 'parley/room-message/v1'. The message id is BLAKE2b-256 of
 * the encoded envelope, so any peer can serve history that every other peer
 * verifies.
 */
import { blake2b256, isValidSignature, randomBytes, sign, SIGNATURE_LABELS, toHex, type Identity } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS, MAX_ENVELOPE_BYTES, MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_TEXT_BYTES } from './constants.js'
import { EnvelopeTooLargeError, InvalidEnvelopeError } from './errors.js'
import { Envelope, RoomEvent } from './pb/room.js'

export { RoomEvent }

/** A verified room event with its id and author. */
export interface VerifiedEvent {
  id: string
  bytes: Uint8Array
  author: Uint8Array
  event: RoomEvent
}

/** What the author fills in; sentAt and nonce are added. */
export type EventFields = Omit<Partial<RoomEvent>, 'sentAt' | 'nonce'> & { room: string, kind: RoomEvent.Kind }

/** Signs an event as `identity`; returns the envelope bytes and id. */
export function sealEvent (identity: Identity, fields: EventFields, now = Date.now()): VerifiedEvent {
  const event: RoomEvent = {
    room: fields.room,
    sentAt: BigInt(now),
    nick: fields.nick ?? '',
    kind: fields.kind,
    text: fields.text ?? '',
    replyTo: fields.replyTo ?? '',
    target: fields.target ?? '',
    reaction: fields.reaction ?? '',
    nonce: randomBytes(8) as Uint8Array<ArrayBuffer>
  }
  const payload = RoomEvent.encode(event)
  const bytes = Envelope.encode({
    payload,
    signature: sign(identity, SIGNATURE_LABELS.roomMessage, payload) as Uint8Array<ArrayBuffer>,
    author: identity.publicKey as Uint8Array<ArrayBuffer>
  })
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new EnvelopeTooLargeError(`envelope of ${bytes.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`)
  return { id: toHex(blake2b256(bytes)), bytes, author: identity.publicKey, event }
}

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

/**
 * Decodes and checks an envelope: size, protobuf shape, signature, the room
 * it claims, field limits and clock skew. Throws InvalidEnvelopeError (or
 * EnvelopeTooLargeError) with the reason.
 */
export function openEvent (bytes: Uint8Array, expectedRoom: string, now = Date.now()): VerifiedEvent {
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new EnvelopeTooLargeError(`envelope of ${bytes.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`)
  let envelope: Envelope
  let event: RoomEvent
  try {
    envelope = Envelope.decode(bytes)
    event = RoomEvent.decode(envelope.payload, { limits: {} })
  } catch {
    throw new InvalidEnvelopeError('not a room envelope')
  }
  if (envelope.author.length !== 32 || !isValidSignature(envelope.author, SIGNATURE_LABELS.roomMessage, envelope.payload, envelope.signature)) {
    throw new InvalidEnvelopeError('signature does not verify')
  }
  if (event.room !== expectedRoom) throw new InvalidEnvelopeError(`envelope is for room ${JSON.stringify(event.room)}, not ${expectedRoom}`)
  if (utf8Length(event.text) > MAX_TEXT_BYTES) throw new InvalidEnvelopeError(`text exceeds ${MAX_TEXT_BYTES} bytes`)
  if (event.nick.length > MAX_NICK_LENGTH || event.reaction.length > MAX_REACTION_LENGTH) throw new InvalidEnvelopeError('nick or reaction too long')
  if (Number(event.sentAt) > now + MAX_CLOCK_SKEW_MS) throw new InvalidEnvelopeError('sentAt is too far in the future')
  return { id: toHex(blake2b256(bytes)), bytes, author: envelope.author, event }
}
