/**
 * Exporting one conversation to read outside the app: every stored message,
 * oldest first, with its author's nickname and key fingerprint (and petname,
 * for a contact), its time, whether it was edited or deleted, and its
 * reactions. Read through the store's public API and streamed, so a long
 * conversation is never held whole; rendered as Markdown or HTML by
 * export-text.ts, or as JSON here.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { shortFingerprint } from '@parley/crypto'
import { parseConversationId, UnknownConversationError, type ConversationKind } from '../conversation-id.js'
import { decodeStoredDm, toDirectMessage } from '../dm/dm-model.js'
import { fromRecord } from '../private-rooms/body.js'
import { decodeRoomState } from '../private-rooms/room-state.js'
import { toRoomMessage } from '../room-messages.js'
import { normaliseRoomName } from '../room-name.js'
import { UnknownExportFormatError } from './errors.js'
import type { ProfileStore } from '../store/index.js'

/** The formats of an export. */
export const EXPORT_FORMATS = ['md', 'html', 'json'] as const
/** md, html or json. */
export type ExportFormat = typeof EXPORT_FORMATS[number]

/** Throws UnknownExportFormatError unless `format` is one of {@link EXPORT_FORMATS}. */
export function checkExportFormat (format: unknown): asserts format is ExportFormat {
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new UnknownExportFormatError(`the export format must be md, html or json, not ${String(format).slice(0, 40)}`)
}

/** Someone who wrote or reacted: PeerId, key fingerprint, and the petname the user gave them, if a contact. */
export interface ExportedPerson {
  peerId: string
  fingerprint: string
  petname?: string
}

/** One exported message. */
export interface ExportedMessage {
  id: string
  author: ExportedPerson & { nick: string }
  /** ms since the epoch, as the author claims. */
  sentAt: number
  /** The text shown: the latest edit, or '' once deleted. */
  text: string
  edited: boolean
  deleted: boolean
  reactions: Array<{ reaction: string, by: ExportedPerson }>
  replyTo?: string
}

/** What an export is of. */
export interface ExportInfo {
  conversation: string
  kind: ConversationKind
  /** A readable title: the room's name, or the contact's petname or PeerId. */
  title: string
  /** When the export was made (ms since the epoch). */
  exportedAt: number
}

/** The key fingerprint of a PeerId (an Ed25519 identity), or '' for one that is not. */
function fingerprintOf (peerId: string): string {
  try {
    const key = peerIdFromString(peerId).publicKey
    return key?.type === 'Ed25519' ? shortFingerprint(key.raw) : ''
  } catch {
    return ''
  }
}

/** Looks people up once each: fingerprint and petname. */
class People {
  readonly #store: ProfileStore
  readonly #known = new Map<string, ExportedPerson>()

  constructor (store: ProfileStore) {
    this.#store = store
  }

  async of (peerId: string): Promise<ExportedPerson> {
    const known = this.#known.get(peerId)
    if (known !== undefined) return known
    let petname: string | undefined
    const stored = await this.#store.kv('contacts').get(peerId).catch(() => undefined)
    try {
      const parsed = stored === undefined ? undefined : JSON.parse(new TextDecoder().decode(stored)) as { petname?: unknown }
      if (typeof parsed?.petname === 'string' && parsed.petname !== '') petname = parsed.petname
    } catch {
      // A damaged contact record: the author is shown without a petname.
    }
    const person = { peerId, fingerprint: fingerprintOf(peerId), ...(petname === undefined ? {} : { petname }) }
    if (this.#known.size < 10_000) this.#known.set(peerId, person)
    return person
  }
}

/** The private rooms' names, by room id. */
async function privateRooms (store: ProfileStore): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  for await (const [key, bytes] of store.kv('rooms').entries({ prefix: 'private:' })) {
    try {
      names.set(key.slice('private:'.length), decodeRoomState(bytes, false).name)
    } catch {
      // A damaged room record: it is still found by its id.
    }
  }
  return names
}

const hasHistory = async (store: ProfileStore, conversation: string): Promise<boolean> => (await store.history.page(conversation, { limit: 1 })).messages.length > 0

/**
 * The conversation `what` names: a conversation id (`dm:…`, `room:…`,
 * `private:…`), a PeerId (its DMs), a public room's name, or a private
 * room's name or id. UnknownConversationError when it names nothing stored.
 */
export async function resolveConversation (store: ProfileStore, what: string): Promise<ExportInfo> {
  const exportedAt = Date.now()
  if (typeof what !== 'string' || what === '') throw new UnknownConversationError('name a conversation: a PeerId, a room, or a conversation id')
  const privates = await privateRooms(store)
  const candidates: string[] = []
  if (/^(dm|room|private):/.test(what)) candidates.push(what)
  if (fingerprintOf(what) !== '') candidates.push(`dm:${what}`)
  try {
    candidates.push(`room:${normaliseRoomName(what.replace(/^#/, ''))}`)
  } catch {
    // Not a room name.
  }
  for (const [id, name] of privates) if (id === what || name === what) candidates.push(`private:${id}`)
  for (const conversation of candidates) {
    const ref = parseConversationId(conversation)
    const joined = ref.kind === 'public-room' && (await store.kv('rooms').get(`public:${ref.room}`)) !== undefined
    if (!joined && !(ref.kind === 'private-room' && privates.has(ref.room)) && !await hasHistory(store, conversation)) continue
    if (ref.kind === 'dm') {
      const person = await new People(store).of(ref.peer)
      return { conversation, kind: ref.kind, title: person.petname ?? ref.peer, exportedAt }
    }
    return { conversation, kind: ref.kind, title: ref.kind === 'private-room' ? (privates.get(ref.room) ?? ref.room) : `#${ref.room}`, exportedAt }
  }
  throw new UnknownConversationError(`no conversation named ${what.slice(0, 80)} in this profile`)
}

/** The stored messages of a conversation as exported, oldest first. A damaged record is CorruptMessageError. */
export async function * exportMessages (store: ProfileStore, info: ExportInfo): AsyncGenerator<ExportedMessage> {
  const people = new People(store)
  const ref = parseConversationId(info.conversation)
  for await (const record of store.history.range(info.conversation)) {
    if (ref.kind === 'private-room') {
      const m = fromRecord(ref.room, record)
      yield { id: m.id, author: { ...await people.of(m.from), nick: m.nick }, sentAt: m.sentAt, text: m.text, edited: false, deleted: false, reactions: [] }
      continue
    }
    const m = ref.kind === 'dm' ? toDirectMessage(ref.peer, decodeStoredDm(record.value)) : toRoomMessage(record.id, record.value)
    const reactions = await Promise.all(m.reactions.map(async (r) => ({ reaction: r.reaction, by: await people.of(r.from) })))
    yield {
      id: m.id,
      author: { ...await people.of(m.from), nick: m.nick },
      sentAt: m.sentAt,
      text: m.text,
      edited: m.edited,
      deleted: m.deleted,
      reactions,
      ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo })
    }
  }
}

/** A JSON export, streamed: `{"export": info, "messages": [ … ]}` with one message per line. */
export async function * renderJson (info: ExportInfo, messages: AsyncIterable<ExportedMessage>): AsyncGenerator<string> {
  yield `{"export":${JSON.stringify({ format: 'parley-export', version: 1, ...info })},\n"messages":[`
  let first = true
  for await (const m of messages) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(m)}`
    first = false
  }
  yield '\n]}\n'
}
