/**
 * The {@link CommunityBackend} over the browser peer: the same `peer.communities`,
 * `peer.reports`, `peer.events` and `peer.directory` the terminal drives, translated to UI
 * records. It also turns the peer's `moderation` events into what the timeline needs: a removed
 * message, or a banned member's messages, leave it at once (`hidden`).
 */
import { parseConversationId, parseOwnedRoom, roomConversationId, roomLabel, tryParseConversationId, UnknownConversationError } from '@parley/node/browser'
import { fingerprintOf } from './timeline-items.js'
import type { BackendEvent, ConversationSummary } from './chat-backend.js'
import type { CommunityBackend, CommunityEvent, DirectoryRoom, MemberAction, OwnedRoomInfo, ReportInfo, RoomEventInfo } from './community-backend.js'
import type { Namer } from './peer-lists.js'
import type { ModRequest, Peer, RoomEventView, RoomReport } from '@parley/node/browser'

/** What the adapter needs from the chat backend it sits beside. */
export interface PeerCommunitiesInit {
  peer: () => Peer
  name: Namer
  /** Emits on the chat port (conversations changed, messages hidden). */
  emit: (event: BackendEvent) => void
  /** The sidebar entry of a conversation. */
  summary: (conversationId: string) => ConversationSummary
}

const eventInfo = (e: RoomEventView): RoomEventInfo => ({
  id: e.id, title: e.title, description: e.description, start: e.start, duration: e.duration, ...(e.rsvp === undefined ? {} : { rsvp: e.rsvp })
})

export class PeerCommunities implements CommunityBackend {
  readonly #c: PeerCommunitiesInit
  readonly #listeners = new Set<(event: CommunityEvent) => void>()

  constructor (init: PeerCommunitiesInit) {
    this.#c = init
  }

  /** Follows the peer's community events (once the peer exists). */
  follow (peer: Peer): void {
    peer.addEventListener('moderation', (evt) => {
      const e = evt.detail
      const conversationId = roomConversationId(e.room)
      if (e.counts && e.action === 'remove' && e.target !== undefined) this.#c.emit({ type: 'hidden', conversationId, ids: [e.target] })
      if (e.counts && e.action === 'ban' && e.who !== undefined) this.#c.emit({ type: 'hidden', conversationId, ids: [], author: e.who })
      this.#emit({ type: 'room', conversationId })
    })
    peer.addEventListener('report', (evt) => {
      this.#emit({ type: 'report', conversationId: roomConversationId(evt.detail.room), report: this.#report(evt.detail) })
    })
    peer.addEventListener('event-reminder', (evt) => {
      const { kind, ...event } = evt.detail
      this.#emit({ type: 'reminder', conversationId: roomConversationId(event.room), room: roomLabel(event.room), event: eventInfo(event), kind })
    })
  }

  #room (conversationId: string): string {
    const ref = parseConversationId(conversationId)
    if (ref.kind !== 'public-room') throw new UnknownConversationError(`${conversationId} is not a room`)
    return ref.room
  }

  /** A member's name: the petname given it, else the nick it last used in the room, else the UI's name for it. */
  #nameIn (room: string, id: string): string {
    const peer = this.#c.peer()
    const petname = peer.contacts.list().find((c) => c.peerId === id)?.petname ?? ''
    return petname !== '' ? petname : peer.rooms.members(room).find((m) => m.peerId === id)?.nick ?? this.#c.name(id, '')
  }

  async createOwnedRoom (name: string): Promise<ConversationSummary> {
    const peer = this.#c.peer()
    const room = await peer.join(peer.communities.roomId(name))
    this.#c.emit({ type: 'conversations' })
    return this.#c.summary(roomConversationId(room))
  }

  async ownedRoom (conversationId: string): Promise<OwnedRoomInfo | undefined> {
    const ref = tryParseConversationId(conversationId)
    if (ref?.kind !== 'public-room' || parseOwnedRoom(ref.room) === undefined) return undefined
    const peer = this.#c.peer()
    const room = ref.room
    const info = peer.communities.info(room)
    const role = info.owner === peer.peerId ? 'owner' : info.moderators.includes(peer.peerId) ? 'moderator' : 'member'
    const pinned = info.pin === '' ? undefined : await peer.rooms.get(room, info.pin)
    return {
      conversationId,
      label: info.label,
      role,
      ownerId: info.owner,
      moderators: info.moderators,
      banned: info.banned,
      bannedNames: info.banned.map((id) => this.#nameIn(room, id)),
      muted: info.muted.map((m) => ({ id: m.peerId, until: m.until })),
      topic: info.topic,
      ...(info.pin === '' ? {} : { pin: { id: info.pin, text: pinned?.text ?? '', author: pinned === undefined ? '' : this.#nameIn(room, pinned.from) } }),
      events: peer.events.list(room).map(eventInfo),
      listed: peer.directory.list().some((e) => e.room === room)
    }
  }

  async actOnMember (conversationId: string, memberId: string, action: MemberAction, seconds = 0): Promise<void> {
    const request: ModRequest = action === 'unmute'
      ? { action: 'mute', who: memberId, duration: 0 }
      : action === 'mute' ? { action, who: memberId, duration: seconds } : { action, who: memberId }
    await this.#moderate(conversationId, request)
  }

  async removeMessage (conversationId: string, id: string): Promise<void> {
    await this.#moderate(conversationId, { action: 'remove', target: id })
  }

  async pin (conversationId: string, id: string): Promise<void> {
    await this.#moderate(conversationId, { action: 'pin', target: id })
  }

  async setTopic (conversationId: string, topic: string): Promise<void> {
    await this.#moderate(conversationId, { action: 'topic', topic })
  }

  async #moderate (conversationId: string, request: ModRequest): Promise<void> {
    await this.#c.peer().communities.moderate(this.#room(conversationId), request)
    this.#emit({ type: 'room', conversationId })
  }

  async report (conversationId: string, what: { message?: string, member?: string }, reason: string): Promise<number> {
    const { sent } = await this.#c.peer().reports.send(this.#room(conversationId), { target: what.message, who: what.member, reason })
    return sent
  }

  async reports (conversationId: string): Promise<ReportInfo[]> {
    return (await this.#c.peer().reports.list(this.#room(conversationId))).map((r) => this.#report(r))
  }

  #report (r: RoomReport): ReportInfo {
    return {
      id: r.id,
      fromId: r.from,
      from: this.#nameIn(r.room, r.from),
      whoId: r.who,
      who: this.#nameIn(r.room, r.who),
      fingerprint: r.fingerprint || fingerprintOf(r.who),
      reason: r.reason,
      ...(r.message === undefined ? {} : { message: { id: r.message.id, text: r.message.text } }),
      receivedAt: r.receivedAt
    }
  }

  async scheduleEvent (conversationId: string, event: { title: string, start: number, duration: number, description: string }): Promise<void> {
    await this.#c.peer().events.create(this.#room(conversationId), event)
    this.#emit({ type: 'room', conversationId })
  }

  async rsvp (conversationId: string, eventId: string, answer: 'yes' | 'no'): Promise<void> {
    await this.#c.peer().events.rsvp(this.#room(conversationId), eventId, answer)
    this.#emit({ type: 'room', conversationId })
  }

  async list (conversationId: string): Promise<void> {
    await this.#c.peer().communities.list(this.#room(conversationId))
    this.#emit({ type: 'room', conversationId })
  }

  async unlist (conversationId: string): Promise<void> {
    await this.#c.peer().directory.unlist(this.#room(conversationId))
    this.#emit({ type: 'room', conversationId })
  }

  directory (words: string[]): DirectoryRoom[] {
    const peer = this.#c.peer()
    const joined = new Set(peer.rooms.list())
    return peer.directory.list(words).map((e) => ({
      room: e.room,
      label: e.label,
      topic: e.topic,
      description: e.description,
      language: e.language,
      members: e.members,
      lastActivity: e.lastActivity,
      nextEvent: e.nextEvent,
      joined: joined.has(e.room)
    }))
  }

  async joinListed (room: string): Promise<ConversationSummary> {
    if (parseOwnedRoom(room) === undefined) throw new UnknownConversationError('the directory lists owned rooms only')
    const joined = await this.#c.peer().join(room)
    this.#c.emit({ type: 'conversations' })
    return this.#c.summary(roomConversationId(joined))
  }

  subscribeCommunity (listener: (event: CommunityEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  #emit (event: CommunityEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch (err) {
        console.error('a community listener failed', err)
      }
    }
  }
}
