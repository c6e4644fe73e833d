/**
 * One shape for the peer's three conversation kinds, so the backend dispatches once: a page of
 * history, a send, and a change (edit, delete, reaction) of one message. What a kind lacks
 * rejects with UnsupportedError.
 */
import { DmPayload, named } from '@parley/node/browser'
import { dmItem, privateItem, roomItem } from './timeline-items.js'
import type { TimelineItem } from './chat-backend.js'
import type { ConversationRef, Peer } from '@parley/node/browser'

/** An operation the conversation's kind does not have (e.g. editing in a private room). */
export class UnsupportedError extends named('UnsupportedError') {}

/** A change to one message. */
export type Change =
  | { kind: 'edit', id: string, text: string }
  | { kind: 'delete', id: string }
  | { kind: 'react', id: string, reaction: string }

/** A page of history: items oldest first, and the cursor of the page before it (null: none). */
export interface OpsPage {
  items: TimelineItem[]
  before: string | null
  /** DMs: the ids of the contact's messages on this page not marked read yet. */
  unread?: string[]
}

/** What the backend does with one conversation. */
export interface ConversationOps {
  page(options: { limit: number, before?: string | null }): Promise<OpsPage>
  /** Sends a text; resolves with the stored item when the peer emits no event for it (DMs). */
  send(text: string, replyTo?: string, mentions?: string[]): Promise<TimelineItem | undefined>
  change(change: Change): Promise<void>
}

/** The operations of the conversation `ref` names, over `peer`. */
export function conversationOps (peer: Peer, ref: ConversationRef): ConversationOps {
  if (ref.kind === 'public-room') {
    const { room } = ref
    return {
      page: async (options) => {
        const page = await peer.rooms.history(room, options)
        return { items: page.messages.map((m) => roomItem(m, peer.peerId)), before: page.before }
      },
      send: async (text, replyTo, mentions) => { await peer.rooms.send(room, text, { replyTo, mentions }); return undefined },
      change: async (change) => {
        if (change.kind === 'edit') await peer.rooms.edit(room, change.id, change.text)
        else if (change.kind === 'delete') await peer.rooms.delete(room, change.id)
        else await peer.rooms.react(room, change.id, change.reaction)
      }
    }
  }
  if (ref.kind === 'private-room') {
    const { room } = ref
    return {
      page: async (options) => {
        const page = await peer.privateRooms.history(room, options)
        return { items: page.messages.map((m) => privateItem(m, peer.peerId)), before: page.before }
      },
      send: async (text, replyTo, mentions) => {
        if (replyTo !== undefined) throw new UnsupportedError('private rooms have no replies yet')
        await peer.privateRooms.send(room, text, undefined, mentions)
        return undefined
      },
      change: async (change) => Promise.reject(new UnsupportedError(`messages in private rooms cannot be changed yet (${change.kind})`))
    }
  }
  const contact = ref.peer
  return {
    page: async (options) => {
      const page = await peer.dms.history(contact, options)
      const unread = page.messages.filter((m) => !m.outgoing && !m.read && !m.deleted).map((m) => m.id)
      return { items: page.messages.map((m) => dmItem(m, peer.peerId)), before: page.before, unread }
    },
    send: async (text, replyTo, mentions) => {
      const message = await peer.dms.send(contact, { kind: DmPayload.Kind.TEXT, text, replyTo: replyTo ?? '', ...(mentions === undefined ? {} : { mentions }) })
      return dmItem(message, peer.peerId)
    },
    change: async (change) => {
      const fields = change.kind === 'edit'
        ? { kind: DmPayload.Kind.EDIT, target: change.id, text: change.text }
        : change.kind === 'delete'
          ? { kind: DmPayload.Kind.DELETE, target: change.id }
          : { kind: DmPayload.Kind.REACTION, target: change.id, reaction: change.reaction }
      await peer.dms.send(contact, fields)
    }
  }
}
