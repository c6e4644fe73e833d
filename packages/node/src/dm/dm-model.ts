/**
 * Stored DMs under the one message model (../message-model.ts): decoding with
 * limits, the UI view, and how a read receipt, edit, delete or reaction
 * changes a stored DM.
 */
import { MENTION_LIMITS } from '../mentions/check.js'
import { MAX_REACTIONS_PER_MESSAGE } from '../constants.js'
import { CorruptMessageError } from '../errors.js'
import { editWins, reactionFits } from '../message-model.js'
import { reader, writer } from 'protons-runtime'
import { equals } from 'uint8arrays/equals'
import { DmPayload, StoredDm } from '../pb/dm.js'
import { decodeFileRef, fileInfo, type FileInfo } from '../files/file-ref.js'
import { callInfo } from '../calls/signal.js'
import type { DirectMessage } from '../types.js'

/** A stored DM, its reaction list bounded; CorruptMessageError for bytes that do not decode. */
export function decodeStoredDm (bytes: Uint8Array): StoredDm {
  try {
    return StoredDm.decode(bytes, { limits: { reactions: MAX_REACTIONS_PER_MESSAGE, payload: MENTION_LIMITS } })
  } catch (err) {
    throw new CorruptMessageError(`stored DM does not decode: ${(err as Error).message}`)
  }
}

/** StoredDm's `payload` field (1, length-delimited) as protobuf writes its tag. */
const PAYLOAD_TAG = 10

/**
 * `StoredDm.encode(stored)`, byte for byte, from its payload already encoded (`payload`, the bytes
 * `stored.payload` encodes to): the payload's text is not encoded again. protons writes field 1
 * first, as here.
 */
export function encodeStoredDm (stored: StoredDm, payload: Uint8Array): Uint8Array {
  const w = writer()
  w.uint32(PAYLOAD_TAG)
  w.bytes(payload)
  StoredDm.codec().encode({ ...stored, payload: undefined }, w, { lengthDelimited: false })
  return w.finish()
}

/**
 * A stored DM of ours whose payload we still hold, `payload` and its encoding `encoded` (the
 * outbox entry): when the record starts with exactly those payload bytes, only the rest (flags,
 * reactions, edits) is decoded, and the payload's text is not decoded again. Otherwise, or when
 * the rest carries a payload too, the record is decoded whole. Also returns what encodes a changed
 * copy without encoding the text again (encodeStoredDm), or undefined on the whole decode.
 */
export function decodeOwnStoredDm (bytes: Uint8Array, payload: DmPayload, encoded: Uint8Array): { dm: StoredDm, payloadBytes?: Uint8Array } {
  try {
    const r = reader(bytes)
    if (r.uint32() === PAYLOAD_TAG) {
      const stored = r.bytes()
      if (equals(stored, encoded)) {
        const rest = StoredDm.decode(bytes.subarray(r.pos), { limits: { reactions: MAX_REACTIONS_PER_MESSAGE, payload: MENTION_LIMITS } })
        if (rest.payload === undefined) return { dm: { ...rest, payload }, payloadBytes: stored }
      }
    }
  } catch {
    // Decoded whole below (which says CorruptMessageError if it does not decode).
  }
  return { dm: decodeStoredDm(bytes) }
}

const splitReaction = (r: string): { from: string, reaction: string } => ({ from: r.slice(0, r.indexOf(' ')), reaction: r.slice(r.indexOf(' ') + 1) })

/** The file a FILE DM carries, for its view (none when its reference does not decode: checked on receipt). */
function fileOf (stored: StoredDm): { file?: FileInfo } {
  if (stored.payload?.kind !== DmPayload.Kind.FILE) return {}
  try {
    return { file: fileInfo(decodeFileRef(stored.payload.data, Number.MAX_SAFE_INTEGER)) }
  } catch {
    return {}
  }
}

/** The call a CALL record (calls/record.ts) describes. */
function callOf (stored: StoredDm): Pick<DirectMessage, 'call'> {
  if (stored.payload?.kind !== DmPayload.Kind.CALL) return {}
  const call = callInfo(stored.payload.data)
  return call === undefined ? {} : { call }
}

/** The UI view of a stored DM. */
export function toDirectMessage (peer: string, stored: StoredDm): DirectMessage {
  const p = stored.payload ?? { id: '', sentAt: 0n, nick: '', text: '', replyTo: '' }
  return {
    peer,
    id: p.id,
    from: stored.from,
    nick: p.nick,
    text: stored.deleted ? '' : (stored.editedText ?? p.text),
    sentAt: Number(p.sentAt),
    outgoing: stored.outgoing,
    delivered: stored.delivered,
    read: stored.read,
    edited: stored.editedText !== undefined,
    deleted: stored.deleted,
    reactions: stored.reactions.map(splitReaction),
    ...fileOf(stored),
    ...callOf(stored),
    ...(p.replyTo === '' ? {} : { replyTo: p.replyTo }),
    ...((stored.payload?.mentions.length ?? 0) > 0 ? { mentions: stored.payload?.mentions } : {})
  }
}

/** Kinds that change a stored DM rather than add one. */
export const CHANGE_KINDS: readonly DmPayload.Kind[] = [DmPayload.Kind.READ, DmPayload.Kind.EDIT, DmPayload.Kind.DELETE, DmPayload.Kind.REACTION]

/**
 * `stored` changed by `payload` (written by `from`; `own` says whether that is
 * this profile), or undefined when it changes nothing: only the author edits
 * or deletes, a read receipt is for the other side's message, the latest
 * (sentAt, id) edit wins, and a reaction is kept once per reactor and at most
 * MAX_REACTIONS_PER_MESSAGE times.
 */
export function applyChange (stored: StoredDm, from: string, payload: DmPayload, own: boolean): StoredDm | undefined {
  // A call record is each host's own account of a call: nobody edits or deletes it.
  const authored = stored.outgoing === own && stored.payload?.kind !== DmPayload.Kind.CALL
  const shown = { shown: stored.editedText !== undefined, sentAt: stored.editedAt, id: stored.editedId }
  if (payload.kind === DmPayload.Kind.READ && !own && stored.outgoing && !stored.read) return { ...stored, read: true }
  if (payload.kind === DmPayload.Kind.EDIT && authored && !stored.deleted && editWins(shown, payload.sentAt, payload.id)) {
    return { ...stored, editedText: payload.text, editedAt: payload.sentAt, editedId: payload.id }
  }
  if (payload.kind === DmPayload.Kind.DELETE && authored && !stored.deleted) return { ...stored, deleted: true }
  if (payload.kind === DmPayload.Kind.REACTION && reactionFits(stored.reactions.map(splitReaction), from, payload.reaction) === 'ok') {
    return { ...stored, reactions: [...stored.reactions, `${from} ${payload.reaction}`] }
  }
  return undefined
}
