/**
 * What the search index reads of a stored message: one decoder for every
 * conversation kind (public rooms, private rooms, DMs), the same ones the
 * views and the export use. A message that is deleted, has no text, or does
 * not decode is not searchable: it yields undefined.
 */
import { tryParseConversationId } from '../conversation-id.js'
import { decodeStoredDm, toDirectMessage } from '../dm/dm-model.js'
import { fromRecord } from '../private-rooms/body.js'
import { toRoomMessage } from '../room-messages.js'
import { MAX_REACTIONS_PER_MESSAGE } from '../constants.js'
import { StoredPrivateMessage } from '../pb/private-room.js'
import { Envelope, RoomEvent, StoredMessage } from '../pb/room.js'
import type { MessageRecord } from '../store/index.js'

/** A searchable message as the index and its results see it. */
export interface SearchableMessage {
  conversation: string
  id: string
  from: string
  nick: string
  text: string
  sentAt: number
}

// Public room names are [a-z0-9._-]; 'room:<name>/mod' and the like hold logs, not messages.
const ROOM = /^[a-z0-9._-]{1,64}$/

/** Whether a conversation holds messages people write (and so is indexed). */
export function isSearchable (conversation: string): boolean {
  const ref = tryParseConversationId(conversation)
  return ref !== undefined && (ref.kind !== 'public-room' || ROOM.test(ref.room))
}

/** The searchable message a stored record holds, or undefined (deleted, empty, another kind of record, damaged). */
export function searchableMessage (record: MessageRecord): SearchableMessage | undefined {
  const ref = tryParseConversationId(record.conversation)
  if (ref === undefined) return undefined
  try {
    let m: { from: string, nick: string, text: string, sentAt: number, deleted?: boolean }
    if (ref.kind === 'public-room') {
      if (!ROOM.test(ref.room)) return undefined
      m = toRoomMessage(record.id, record.value)
    } else if (ref.kind === 'dm') {
      m = toDirectMessage(ref.peer, decodeStoredDm(record.value))
    } else {
      m = fromRecord(ref.room, record)
    }
    if (m.deleted === true || m.text.trim() === '') return undefined
    return { conversation: record.conversation, id: record.id, from: m.from, nick: m.nick, text: m.text, sentAt: m.sentAt }
  } catch {
    // A damaged record is the store's to report (repair); search just does not find it.
    return undefined
  }
}

/**
 * Just the text to index of a stored record, or undefined (deleted, empty, another kind, damaged):
 * the same rules as {@link searchableMessage} without working out the author (a PeerId and a
 * fingerprint cost more than the rest of the decode), for indexing a whole history.
 */
export function searchableText (record: MessageRecord): string | undefined {
  const ref = tryParseConversationId(record.conversation)
  if (ref === undefined) return undefined
  try {
    let text: string
    if (ref.kind === 'public-room') {
      if (!ROOM.test(ref.room)) return undefined
      const stored = StoredMessage.decode(record.value, { limits: { reactions: MAX_REACTIONS_PER_MESSAGE } })
      if (stored.deleted) return undefined
      text = stored.editedText ?? RoomEvent.decode(Envelope.decode(stored.envelope).payload).text
    } else if (ref.kind === 'dm') {
      const m = toDirectMessage(ref.peer, decodeStoredDm(record.value))
      if (m.deleted) return undefined
      text = m.text
    } else {
      text = StoredPrivateMessage.decode(record.value).body?.text ?? ''
    }
    return text.trim() === '' ? undefined : text
  } catch {
    return undefined
  }
}
