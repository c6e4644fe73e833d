/** The peer's events, translated into the port's {@link BackendEvent}s. */
import { dmConversationId, privateRoomConversationId, roomConversationId } from '@parley/node/browser'
import { dmItem, privateItem, roomItem } from './timeline-items.js'
import type { BackendEvent, MentionHit, NetworkStatus, TimelineItem } from './chat-backend.js'
import type { DirectMessage, Mention, Peer } from '@parley/node/browser'

/** Where the translated events go: the backend, which also keeps unread counts and nicknames. */
export interface EventSink {
  emit(event: BackendEvent): void
  /** A new message in a conversation (the backend counts it unread unless it is our own). */
  arrived(conversationId: string, item: TimelineItem): void
  /** A DM from a contact. */
  dm(message: DirectMessage): void
  /** A message request arrived or grew. */
  request(): void
  /** How to name a peer. */
  name(peerId: string): string
  network(): NetworkStatus
}

/** Translates every event of `peer` into `sink`. */
export function followPeer (peer: Peer, sink: EventSink): void {
  const network = (): void => { sink.emit({ type: 'network', status: sink.network() }) }
  peer.addEventListener('peer:connect', network)
  peer.addEventListener('peer:disconnect', network)
  peer.addEventListener('message', (evt) => { sink.arrived(roomConversationId(evt.detail.room), roomItem(evt.detail, peer.peerId)) })
  for (const type of ['edit', 'delete', 'reaction'] as const) {
    peer.addEventListener(type, (evt) => {
      const { room, id } = evt.detail
      peer.rooms.get(room, id).then((message) => {
        if (message !== undefined) sink.emit({ type: 'updated', conversationId: roomConversationId(room), item: roomItem(message, peer.peerId) })
      }, (error: Error) => { console.warn('reading a changed message', error) })
    })
  }
  peer.addEventListener('presence', (evt) => { sink.emit({ type: 'members', conversationId: roomConversationId(evt.detail.room) }) })
  peer.addEventListener('private-message', (evt) => { sink.arrived(privateRoomConversationId(evt.detail.room), privateItem(evt.detail, peer.peerId)) })
  peer.addEventListener('dm', (evt) => { sink.dm(evt.detail) })
  peer.addEventListener('request', () => { sink.request() })
  peer.addEventListener('dm-update', (evt) => { sink.emit({ type: 'updated', conversationId: dmConversationId(evt.detail.peer), item: dmItem(evt.detail, peer.peerId) }) })
  peer.addEventListener('typing', (evt) => {
    sink.emit({ type: 'typing', conversationId: dmConversationId(evt.detail.peer), nickname: sink.name(evt.detail.peer) })
  })
  peer.addEventListener('invite', () => {
    sink.emit({ type: 'invites' })
    sink.emit({ type: 'contacts' })
  })
  peer.addEventListener('mention', (evt) => { sink.emit({ type: 'mention', mention: mentionHit(evt.detail) }) })
  peer.addEventListener('error', (evt) => { console.debug('peer:', evt.detail.error) })
}

/** A mention of us as the app lists it. */
export function mentionHit (m: Mention): MentionHit {
  return { conversationId: m.conversation, id: m.id, authorId: m.from, nickname: m.nick, text: m.text, sentAt: m.sentAt }
}
