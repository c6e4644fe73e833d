/**
 * What members write into a private room, and how it is stored: protobuf
 * (pb/private-room.proto), checked with the limits public rooms use (text,
 * nick, clock skew).
 */
import { randomBytes, shortFingerprint, toHex, type OpenedRoomMessage } from '@parley/crypto'
import { MAX_CLOCK_SKEW_MS } from '../constants.js'
import { CorruptMessageError } from '../errors.js'
import { PrivateRoomBody, StoredPrivateMessage } from '../pb/private-room.js'
import { peerIdOfKey } from '../room-messages.js'
import { checkNick, checkText } from '../rooms.js'
import type { MessageRecord } from '../store/index.js'
import type { PrivateMessage } from '../types.js'
import { BODY_NONCE_LENGTH, MAX_BODY_NONCE_LENGTH } from './constants.js'
import { InvalidPrivateMessageError } from './errors.js'
import { decodeFileRef, storedFileInfo } from '../files/file-ref.js'
import { checkMentions, MENTION_LIMITS } from '../mentions/check.js'
import { MAX_HOLD_ROOTS } from '../files/constants.js'

/** The history conversation of a private room. */
export const privateConversation = (roomIdHex: string): string => `private:${roomIdHex}`

/** The payload a member seals: text and nick checked as in public rooms, and a fresh nonce. */
export function encodeBody (text: string, nick: string, sentAt: number, file: Uint8Array<ArrayBuffer> = new Uint8Array(), mentions: string[] = []): Uint8Array {
  checkText(text)
  checkNick(nick)
  checkMentions(mentions)
  return PrivateRoomBody.encode({ text, nick, sentAt: BigInt(sentAt), nonce: randomBytes(BODY_NONCE_LENGTH) as Uint8Array<ArrayBuffer>, file, mentions, holds: [] })
}

/** An "I hold it" announcement (files/): the roots of this room's files the author holds whole; no text. */
export function encodeHolds (nick: string, sentAt: number, holds: Array<Uint8Array<ArrayBuffer>>): Uint8Array {
  checkNick(nick)
  if (holds.length === 0 || holds.length > MAX_HOLD_ROOTS) throw new InvalidPrivateMessageError(`an announcement names 1..${MAX_HOLD_ROOTS} files`)
  return PrivateRoomBody.encode({ text: '', nick, sentAt: BigInt(sentAt), nonce: randomBytes(BODY_NONCE_LENGTH) as Uint8Array<ArrayBuffer>, file: new Uint8Array(), mentions: [], holds })
}

/**
 * Decodes and checks an opened payload: InvalidPrivateMessageError when it
 * does not decode, its sentAt is more than MAX_CLOCK_SKEW_MS ahead of `now`
 * or its nonce is over MAX_BODY_NONCE_LENGTH bytes; the public rooms' text and nick checks (TextTooLongError,
 * InvalidInputError) for the rest.
 */
export function openBody (payload: Uint8Array, now = Date.now()): PrivateRoomBody {
  let body: PrivateRoomBody
  try {
    body = PrivateRoomBody.decode(payload, { limits: { ...MENTION_LIMITS, holds: MAX_HOLD_ROOTS } })
  } catch {
    throw new InvalidPrivateMessageError('not a private-room message body')
  }
  if (body.holds.length > 0) {
    if (body.text !== '' || body.file.length > 0 || body.mentions.length > 0 || body.holds.some((root) => root.length !== 32)) throw new InvalidPrivateMessageError('a bad announcement')
  } else {
    checkText(body.text)
  }
  checkNick(body.nick)
  checkMentions(body.mentions)
  if (body.sentAt > BigInt(now + MAX_CLOCK_SKEW_MS)) throw new InvalidPrivateMessageError('sentAt is too far in the future')
  if (body.nonce.length > MAX_BODY_NONCE_LENGTH) throw new InvalidPrivateMessageError(`nonce over ${MAX_BODY_NONCE_LENGTH} bytes`)
  if (body.file.length > 0) {
    try {
      decodeFileRef(body.file, Number.MAX_SAFE_INTEGER)
    } catch (err) {
      throw new InvalidPrivateMessageError(`a bad file reference: ${(err as Error).message}`)
    }
  }
  return body
}

/** The history record of an opened, checked message, with the sealed bytes it came in (what history sync serves). */
export function storedRecord (roomIdHex: string, opened: OpenedRoomMessage, body: PrivateRoomBody, sealed: Uint8Array): MessageRecord {
  const value = StoredPrivateMessage.encode({ author: opened.author as Uint8Array<ArrayBuffer>, body, sealed: sealed as Uint8Array<ArrayBuffer> })
  return { conversation: privateConversation(roomIdHex), id: toHex(opened.id), timestamp: Number(body.sentAt), value }
}

/** A stored record decoded within limits; CorruptMessageError when it does not decode or lacks its author or body. */
export function decodeStored (record: Pick<MessageRecord, 'id' | 'value'>): StoredPrivateMessage & { body: PrivateRoomBody } {
  let stored: StoredPrivateMessage
  try {
    stored = StoredPrivateMessage.decode(record.value, { limits: { body: MENTION_LIMITS } })
  } catch (err) {
    throw new CorruptMessageError(`stored private message ${record.id} does not decode: ${(err as Error).message}`)
  }
  if (stored.body === undefined || stored.author.length !== 32) throw new CorruptMessageError(`stored private message ${record.id} is incomplete`)
  return { ...stored, body: stored.body }
}

/** The message a stored record holds; CorruptMessageError when it does not decode. */
export function fromRecord (roomIdHex: string, record: Pick<MessageRecord, 'id' | 'value'>): PrivateMessage {
  const { author, body } = decodeStored(record)
  return { room: roomIdHex, id: record.id, from: peerIdOfKey(author), nick: body.nick, fingerprint: shortFingerprint(author), text: body.text, sentAt: Number(body.sentAt), ...(body.file.length > 0 ? { file: storedFileInfo(body.file, `stored private message ${record.id}`) } : {}), ...(body.mentions.length > 0 ? { mentions: body.mentions } : {}) }
}
