/**
 * Translating stored room messages to the UI's RoomMessage, and applying
 * edits, deletes and reactions to a stored message by the rules of the one
 * message model (message-model.ts).
 */
import { storedFileInfo } from './files/file-ref.js'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { shortFingerprint, toHex } from '@parley/crypto'
import { MAX_REACTIONS_PER_MESSAGE } from './constants.js'
import { CorruptMessageError } from './errors.js'
import { editWins, reactionFits } from './message-model.js'
import { MENTION_LIMITS } from './mentions/check.js'
import { Envelope, RoomEvent, StoredMessage } from './pb/room.js'
import type { VerifiedEvent } from './envelope.js'
import type { RoomMessage } from './types.js'

/** How an author key is shown: its PeerId and short fingerprint. */
export interface KeyNames {
  peerId: string
  fingerprint: string
}

/** Most author keys whose names are kept (a room's regulars; anyone else is worked out again). */
export const MAX_KEY_NAMES = 4096
const keyNames = new Map<string, KeyNames>()

/**
 * The PeerId and fingerprint of an Ed25519 public key, from a bounded cache: a PeerId (a
 * multihash in base58) and a fingerprint (a hash) cost more than the rest of showing a message,
 * and the same few authors write most of a room.
 */
export function namesOfKey (publicKey: Uint8Array): KeyNames {
  const key = toHex(publicKey)
  let names = keyNames.get(key)
  if (names === undefined) {
    names = { peerId: peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString(), fingerprint: shortFingerprint(publicKey) }
    if (keyNames.size >= MAX_KEY_NAMES) keyNames.delete(keyNames.keys().next().value as string)
    keyNames.set(key, names)
  }
  return names
}

/** The PeerId string of an Ed25519 public key. */
export function peerIdOfKey (publicKey: Uint8Array): string {
  return namesOfKey(publicKey).peerId
}

/** The stored form of a freshly received text message. */
export function storedFrom (verified: VerifiedEvent, receivedAt: number): Uint8Array {
  return StoredMessage.encode({
    envelope: verified.bytes as Uint8Array<ArrayBuffer>,
    receivedAt: BigInt(receivedAt),
    editedAt: 0n,
    deleted: false,
    reactions: [],
    editedId: ''
  })
}

/** A stored message with its envelope and event decoded. */
interface Decoded {
  stored: StoredMessage
  envelope: Envelope
  event: RoomEvent
}

/**
 * Decodes a stored message (reaction list bounded like every decode). The
 * store holds only what the validator accepted, so a failure here means a
 * damaged database: CorruptMessageError.
 */
function decodeStored (value: Uint8Array): Decoded {
  try {
    const stored = StoredMessage.decode(value, { limits: { reactions: MAX_REACTIONS_PER_MESSAGE } })
    const envelope = Envelope.decode(stored.envelope)
    if (envelope.author.length !== 32) throw new RangeError('author key is not 32 bytes')
    return { stored, envelope, event: RoomEvent.decode(envelope.payload, { limits: MENTION_LIMITS }) }
  } catch (err) {
    throw new CorruptMessageError(`stored room message does not decode: ${(err as Error).message}`)
  }
}

/** The UI view of a stored message. */
export function toRoomMessage (id: string, value: Uint8Array): RoomMessage {
  const { stored, envelope, event } = decodeStored(value)
  return view(id, envelope.author, event, stored)
}

/**
 * The UI view of a text just verified and stored fresh (no edit, reaction or delete yet): what
 * {@link toRoomMessage} would read back from the stored value, without decoding it again.
 */
export function freshRoomMessage (verified: VerifiedEvent): RoomMessage {
  return view(verified.id, verified.author, verified.event, { deleted: false, reactions: [] })
}

function view (id: string, author: Uint8Array, event: RoomEvent, stored: Pick<StoredMessage, 'deleted' | 'editedText' | 'reactions'>): RoomMessage {
  const { peerId, fingerprint } = namesOfKey(author)
  return {
    room: event.room,
    id,
    from: peerId,
    nick: event.nick,
    fingerprint,
    text: stored.deleted ? '' : (stored.editedText ?? event.text),
    sentAt: Number(event.sentAt),
    ...(event.replyTo === '' ? {} : { replyTo: event.replyTo }),
    edited: stored.editedText !== undefined,
    deleted: stored.deleted,
    reactions: stored.reactions.map((r) => ({ from: r.author, reaction: r.reaction })),
    ...(event.file.length > 0 ? { file: storedFileInfo(event.file, `room message ${id}`) } : {}),
    ...(event.mentions.length > 0 ? { mentions: event.mentions } : {})
  }
}

/** The author key of a stored message. */
export function authorOf (value: Uint8Array): Uint8Array {
  return decodeStored(value).envelope.author
}

/** Whether a message already carries the maximum number of reactions. */
export function reactionsFull (value: Uint8Array): boolean {
  return reactionCount(value) >= MAX_REACTIONS_PER_MESSAGE
}

/** How many reactions a stored message carries. */
export function reactionCount (value: Uint8Array): number {
  return decodeStored(value).stored.reactions.length
}

/**
 * Applies an edit, delete or reaction event to a stored message; returns the
 * new value, or undefined when the event changes nothing: an edit older than
 * the one shown (events arrive in any order, by gossip or sync, so the latest
 * (sentAt, id) wins everywhere), a second delete, a reaction already there or
 * one beyond MAX_REACTIONS_PER_MESSAGE.
 */
export function applyEvent (value: Uint8Array, verified: VerifiedEvent): Uint8Array | undefined {
  const { stored } = decodeStored(value)
  const { event } = verified
  if (event.kind === RoomEvent.Kind.EDIT) {
    if (!editWins({ shown: stored.editedText !== undefined, sentAt: stored.editedAt, id: stored.editedId }, event.sentAt, verified.id)) return undefined
    stored.editedText = event.text
    stored.editedAt = event.sentAt
    stored.editedId = verified.id
  } else if (event.kind === RoomEvent.Kind.DELETE) {
    if (stored.deleted) return undefined
    stored.deleted = true
  } else if (event.kind === RoomEvent.Kind.REACTION) {
    const from = peerIdOfKey(verified.author)
    const kept = stored.reactions.map((r) => ({ from: r.author, reaction: r.reaction }))
    if (reactionFits(kept, from, event.reaction) !== 'ok') return undefined
    stored.reactions.push({ author: from, reaction: event.reaction })
  } else {
    return undefined
  }
  return StoredMessage.encode(stored)
}
