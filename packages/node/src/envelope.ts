/**
 * Signed room envelopes: `Envelope { payload, signature, author }` where the
 * payload is a `RoomEvent` and the signature is the author's Ed25519
 * signature under 'parley/room-message/v1'. The message id is BLAKE2b-256 of
 * the encoded envelope, so any peer can serve history that every other peer
 * verifies. Only the canonical encoding (fields 1..3 in order, empty fields
 * omitted, no unknown fields: what `Envelope.encode` writes) is accepted, so
 * one signed message has exactly one id.
 */
import { decodeFileRef } from './files/file-ref.js'
import { checkMentions, MENTION_LIMITS } from './mentions/check.js'
import { MAX_HOLD_ROOTS } from './files/constants.js'
import { blake2b256, isValidSignature, randomBytes, sign, SIGNATURE_LABELS, toHex, type Identity } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS, MAX_ENVELOPE_BYTES, MAX_NICK_LENGTH, MAX_REACTION_LENGTH, MAX_TEXT_BYTES } from './constants.js'
import { EnvelopeTooLargeError, InvalidEnvelopeError, TextTooLongError } from './errors.js'
import { Envelope, RoomEvent } from './pb/room.js'
import { equals } from 'uint8arrays/equals'

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

/** Signs an event as `identity`; returns the envelope bytes and id. Throws what {@link openEvent} would. */
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
    nonce: randomBytes(8) as Uint8Array<ArrayBuffer>,
    moderation: fields.moderation ?? new Uint8Array(),
    file: fields.file ?? new Uint8Array(),
    mentions: fields.mentions ?? [],
    holds: fields.holds ?? []
  }
  // Never publish what our own validator (and so every honest peer) would reject.
  checkShape(event)
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
const MESSAGE_ID = /^[0-9a-f]{64}$/
const TARGETED = new Set([RoomEvent.Kind.EDIT, RoomEvent.Kind.DELETE, RoomEvent.Kind.REACTION])

/**
 * The fields each kind carries, and only those: a text has text (and maybe a
 * reply-to id), an edit a target and text, a delete a target, a reaction a
 * target and a reaction, a presence nothing. Honest peers never send
 * anything else, so anything else is REJECTed like a forgery.
 */
/** Whether `bytes` is a file reference within the limits (the size limit is the fetcher's: files/files.ts). */
function isFileRef (bytes: Uint8Array): boolean {
  try {
    decodeFileRef(bytes, Number.MAX_SAFE_INTEGER)
    return true
  } catch {
    return false
  }
}

function checkShape (event: RoomEvent): void {
  const { kind } = event
  const fail = (what: string): never => { throw new InvalidEnvelopeError('shape', `${kind} event ${what}`) }
  if (TARGETED.has(kind) ? !MESSAGE_ID.test(event.target) : event.target !== '') fail('has a bad target')
  if (event.replyTo !== '' && (kind !== RoomEvent.Kind.TEXT || !MESSAGE_ID.test(event.replyTo))) fail('has a bad reply-to')
  const wantsText = kind === RoomEvent.Kind.TEXT || kind === RoomEvent.Kind.EDIT
  if (wantsText !== (event.text !== '')) fail(wantsText ? 'has no text' : 'carries text')
  if (utf8Length(event.text) > MAX_TEXT_BYTES) throw new TextTooLongError(`text exceeds ${MAX_TEXT_BYTES} bytes`)
  const wantsReaction = kind === RoomEvent.Kind.REACTION
  if (wantsReaction !== (event.reaction !== '') || event.reaction.length > MAX_REACTION_LENGTH) fail('has a bad reaction')
  if (event.nick.length > MAX_NICK_LENGTH) fail(`has a nick over ${MAX_NICK_LENGTH} characters`)
  // A moderation action (communities/mod-action.ts decodes and checks it) rides in kind MODERATION only.
  if ((kind === RoomEvent.Kind.MODERATION) !== (event.moderation.length > 0)) fail('has a bad moderation field')
  if (event.file.length > 0 && (kind !== RoomEvent.Kind.TEXT || !isFileRef(event.file))) fail('has a bad file')
  if (event.mentions.length > 0 && kind !== RoomEvent.Kind.TEXT) fail('carries mentions')
  checkMentions(event.mentions)
  // "I hold it" (files/): a presence names at most MAX_HOLD_ROOTS file roots.
  if (event.holds.length > 0 && (kind !== RoomEvent.Kind.PRESENCE || event.holds.length > MAX_HOLD_ROOTS || event.holds.some((root) => root.length !== 32))) fail('has bad holds')
}

/**
 * Decodes and checks an envelope: size, protobuf shape, canonical encoding
 * (so a forwarder cannot mint a second id for the same signed message by
 * re-encoding it), signature, the room it claims, the fields of its kind,
 * field limits and clock skew. Throws EnvelopeTooLargeError,
 * TextTooLongError or InvalidEnvelopeError (with its `reason`).
 */
export function openEvent (bytes: Uint8Array, expectedRoom: string, now = Date.now()): VerifiedEvent {
  if (bytes.length > MAX_ENVELOPE_BYTES) throw new EnvelopeTooLargeError(`envelope of ${bytes.length} bytes exceeds ${MAX_ENVELOPE_BYTES}`)
  let envelope: Envelope
  let event: RoomEvent
  try {
    envelope = Envelope.decode(bytes)
    event = RoomEvent.decode(envelope.payload, { limits: { ...MENTION_LIMITS, holds: MAX_HOLD_ROOTS } })
  } catch {
    throw new InvalidEnvelopeError('decode', 'not a room envelope')
  }
  if (!equals(Envelope.encode(envelope), bytes)) throw new InvalidEnvelopeError('encoding', 'envelope is not canonically encoded')
  if (envelope.author.length !== 32 || !isValidSignature(envelope.author, SIGNATURE_LABELS.roomMessage, envelope.payload, envelope.signature)) {
    throw new InvalidEnvelopeError('signature', 'signature does not verify')
  }
  if (event.room !== expectedRoom) throw new InvalidEnvelopeError('room', `envelope is for room ${JSON.stringify(event.room)}, not ${expectedRoom}`)
  checkShape(event)
  if (event.sentAt > BigInt(now + MAX_CLOCK_SKEW_MS)) throw new InvalidEnvelopeError('future', 'sentAt is too far in the future')
  return { id: toHex(blake2b256(bytes)), bytes, author: envelope.author, event }
}
