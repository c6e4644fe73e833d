/**
 * What the search index reads of a stored message: one decoder for every
 * conversation kind (public rooms, private rooms, DMs), the same ones the
 * views and the export use. A file message is found by its file's name too:
 * the name follows its text (a caption) on a line of its own, unless the text
 * is the name already (a room's file without a caption). A message that is
 * deleted, has neither text nor file, or does not decode is not searchable:
 * it yields undefined.
 */
import { tryParseConversationId } from '../conversation-id.js'
import { decodeStoredDm, toDirectMessage } from '../dm/dm-model.js'
import { fromRecord } from '../private-rooms/body.js'
import { toRoomMessage } from '../room-messages.js'
import { MAX_REACTIONS_PER_MESSAGE } from '../constants.js'
import { decodeFileRef } from '../files/file-ref.js'
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

/** The text a message is searched by: its text, and its file's name (on a line of its own) when the text is not that name. */
export function withFileName (text: string, fileName: string | undefined): string {
  if (fileName === undefined || fileName === '' || text === fileName) return text
  return text.trim() === '' ? fileName : `${text}\n${fileName}`
}

/** The name in an encoded file reference, or undefined when there is none. */
const nameIn = (ref: Uint8Array): string | undefined => ref.length > 0 ? decodeFileRef(ref, Number.MAX_SAFE_INTEGER).name : undefined

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
    let m: { from: string, nick: string, text: string, sentAt: number, deleted?: boolean, file?: { name: string } }
    if (ref.kind === 'public-room') {
      if (!ROOM.test(ref.room)) return undefined
      m = toRoomMessage(record.id, record.value)
    } else if (ref.kind === 'dm') {
      m = toDirectMessage(ref.peer, decodeStoredDm(record.value))
    } else {
      m = fromRecord(ref.room, record)
    }
    const text = withFileName(m.text, m.file?.name)
    if (m.deleted === true || text.trim() === '') return undefined
    return { conversation: record.conversation, id: record.id, from: m.from, nick: m.nick, text, sentAt: m.sentAt }
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
      const event = RoomEvent.decode(Envelope.decode(stored.envelope).payload)
      text = withFileName(stored.editedText ?? event.text, nameIn(event.file))
    } else if (ref.kind === 'dm') {
      const m = toDirectMessage(ref.peer, decodeStoredDm(record.value))
      if (m.deleted) return undefined
      text = withFileName(m.text, m.file?.name)
    } else {
      const body = StoredPrivateMessage.decode(record.value).body
      text = withFileName(body?.text ?? '', nameIn(body?.file ?? new Uint8Array()))
    }
    return text.trim() === '' ? undefined : text
  } catch {
    return undefined
  }
}
