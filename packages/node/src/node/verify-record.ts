/** Whether a stored history record still checks out, by its conversation's kind (used by `parley repair`). */
import { blake2b256, toHex } from '@parley/crypto'
import { tryParseConversationId } from '../conversation-id.js'
import { decodeStoredDm } from '../dm/dm-model.js'
import { openEvent } from '../envelope.js'
import { StoredMessage } from '../pb/room.js'
import { fromRecord } from '../private-rooms/body.js'
import { toRoomMessage } from '../room-messages.js'

/** Latest date a stored event may carry: the repair checks signatures, not clocks. */
const FAR_FUTURE = 8.64e15
const EVENTS = '/events'

const envelopeId = (bytes: Uint8Array): string => toHex(blake2b256(bytes))

/**
 * Room texts and room events: the envelope's signature verifies for that room
 * and hashes to the stored id; private posts and DMs: they decode. A record of
 * a conversation kind this version does not know is kept. Throws (a typed
 * error) or returns false for a record that does not check out.
 */
export function verifyRecord (conversation: string, id: string, value: Uint8Array): boolean {
  const ref = tryParseConversationId(conversation)
  if (ref === undefined) return true
  if (ref.kind === 'dm') return decodeStoredDm(value) !== undefined
  if (ref.kind === 'private-room') return fromRecord(ref.room, { id, value }).id === id
  if (ref.room.endsWith(EVENTS)) {
    return openEvent(value, ref.room.slice(0, -EVENTS.length), FAR_FUTURE) !== undefined && envelopeId(value) === id
  }
  const { envelope } = StoredMessage.decode(value)
  return openEvent(envelope, ref.room, FAR_FUTURE) !== undefined && envelopeId(envelope) === id && toRoomMessage(id, value).id === id
}
