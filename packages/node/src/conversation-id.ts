/**
 * Conversation ids: one string per conversation, the same in history storage, the web app and
 * `--json`.
 *
 * | kind           | id                      |
 * | -------------- | ----------------------- |
 * | public room    | `room:<name>`           |
 * | private room   | `private:<room id hex>` |
 * | direct message | `dm:<peer id>`          |
 *
 * Parsing is lexical: whether the room is joined or the peer id is valid is for the service that
 * owns the conversation to say.
 */
import { named } from './errors.js'

/** The kinds of conversation. */
export type ConversationKind = 'public-room' | 'private-room' | 'dm'

/** A parsed conversation id. */
export type ConversationRef =
  | { kind: 'public-room', room: string }
  | { kind: 'private-room', room: string }
  | { kind: 'dm', peer: string }

/** A conversation id that does not parse, or names nothing this profile has. */
export class UnknownConversationError extends named('UnknownConversationError') {}

const PREFIX: Record<ConversationKind, string> = { 'public-room': 'room', 'private-room': 'private', dm: 'dm' }
const KIND: Record<string, ConversationKind> = { room: 'public-room', private: 'private-room', dm: 'dm' }

/** The id of a conversation. */
export function conversationId (ref: ConversationRef): string {
  return `${PREFIX[ref.kind]}:${ref.kind === 'dm' ? ref.peer : ref.room}`
}

/** `room:<name>`: a public room's conversation. */
export const roomConversationId = (room: string): string => conversationId({ kind: 'public-room', room })
/** `private:<room id hex>`: a private room's conversation. */
export const privateRoomConversationId = (room: string): string => conversationId({ kind: 'private-room', room })
/** `dm:<peer id>`: the direct messages with one peer. */
export const dmConversationId = (peer: string): string => conversationId({ kind: 'dm', peer })

/** The conversation `id` names, or undefined when it does not parse (anything but a string included). */
export function tryParseConversationId (id: unknown): ConversationRef | undefined {
  if (typeof id !== 'string') return undefined
  const colon = id.indexOf(':')
  const kind = KIND[id.slice(0, colon)]
  const rest = id.slice(colon + 1)
  if (colon <= 0 || rest === '' || kind === undefined || !Object.hasOwn(KIND, id.slice(0, colon))) return undefined
  return kind === 'dm' ? { kind, peer: rest } : { kind, room: rest }
}

/**
 * The conversation `id` names.
 *
 * @throws UnknownConversationError when it does not parse
 */
export function parseConversationId (id: unknown): ConversationRef {
  const ref = tryParseConversationId(id)
  if (ref === undefined) throw new UnknownConversationError(`not a conversation id: ${String(id).slice(0, 80)}`)
  return ref
}
