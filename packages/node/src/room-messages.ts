/**
 * Translating stored room messages to the UI's RoomMessage, and applying
 * edits, deletes and reactions to a stored message.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { shortFingerprint } from '@parley/crypto'
import { Envelope, RoomEvent, StoredMessage } from './pb/room.js'
import type { VerifiedEvent } from './envelope.js'
import type { RoomMessage } from './types.js'

/** The PeerId string of an Ed25519 public key. */
export function peerIdOfKey (publicKey: Uint8Array): string {
  return peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString()
}

/** The stored form of a freshly received text message. */
export function storedFrom (verified: VerifiedEvent, receivedAt: number): Uint8Array {
  return StoredMessage.encode({
    envelope: verified.bytes as Uint8Array<ArrayBuffer>,
    receivedAt: BigInt(receivedAt),
    editedAt: 0n,
    deleted: false,
    reactions: []
  })
}

/** The UI view of a stored message. */
export function toRoomMessage (id: string, value: Uint8Array): RoomMessage {
  const stored = StoredMessage.decode(value)
  const envelope = Envelope.decode(stored.envelope)
  const event = RoomEvent.decode(envelope.payload)
  return {
    room: event.room,
    id,
    from: peerIdOfKey(envelope.author),
    nick: event.nick,
    fingerprint: shortFingerprint(envelope.author),
    text: stored.deleted ? '' : (stored.editedText ?? event.text),
    sentAt: Number(event.sentAt),
    ...(event.replyTo === '' ? {} : { replyTo: event.replyTo }),
    edited: stored.editedText !== undefined,
    deleted: stored.deleted,
    reactions: stored.reactions.map((r) => ({ from: r.author, reaction: r.reaction }))
  }
}

/** The author key of a stored message. */
export function authorOf (value: Uint8Array): Uint8Array {
  return Envelope.decode(StoredMessage.decode(value).envelope).author
}

/** Applies an edit, delete or reaction event to a stored message; returns the new value. */
export function applyEvent (value: Uint8Array, verified: VerifiedEvent): Uint8Array {
  const stored = StoredMessage.decode(value)
  const { event } = verified
  if (event.kind === RoomEvent.Kind.EDIT) {
    stored.editedText = event.text
    stored.editedAt = event.sentAt
  } else if (event.kind === RoomEvent.Kind.DELETE) {
    stored.deleted = true
  } else if (event.kind === RoomEvent.Kind.REACTION) {
    const from = peerIdOfKey(verified.author)
    if (!stored.reactions.some((r) => r.author === from && r.reaction === event.reaction)) {
      stored.reactions.push({ author: from, reaction: event.reaction })
    }
  }
  return StoredMessage.encode(stored)
}
