/** A {@link CommunityBackend} in memory for view-model tests: one owned room, its calls recorded. */
import { named } from './memory-backend.js'
import type { ConversationSummary } from '../../src/app/chat-backend.js'
import type { CommunityBackend, CommunityEvent, DirectoryRoom, MemberAction, OwnedRoomInfo, ReportInfo } from '../../src/app/community-backend.js'

export const AGORA = 'room:agora~' + 'ab'.repeat(32)

export class MemoryCommunities implements CommunityBackend {
  room: OwnedRoomInfo = { conversationId: AGORA, label: 'agora~abababab', role: 'owner', ownerId: 'peer-me', moderators: [], banned: [], bannedNames: [], muted: [], topic: 'hello', events: [], listed: false }
  rooms: DirectoryRoom[] = []
  reportList: ReportInfo[] = []
  calls: string[] = []
  refuse = false
  readonly #listeners = new Set<(event: CommunityEvent) => void>()

  emit (event: CommunityEvent): void {
    for (const l of [...this.#listeners]) l(event)
  }

  async #call (what: string): Promise<void> {
    await Promise.resolve()
    if (this.refuse) throw named('NotModeratorError')
    this.calls.push(what)
  }

  async createOwnedRoom (name: string): Promise<ConversationSummary> {
    await this.#call(`create ${name}`)
    return { id: `room:${name}~${'ab'.repeat(32)}`, kind: 'public-room', title: `${name}~abababab`, unread: 0, muted: false }
  }

  async ownedRoom (conversationId: string): Promise<OwnedRoomInfo | undefined> {
    await Promise.resolve()
    return conversationId === AGORA ? this.room : undefined
  }

  async actOnMember (_: string, memberId: string, action: MemberAction, seconds?: number): Promise<void> { await this.#call(`${action} ${memberId}${seconds == null ? '' : ` ${seconds}`}`) }
  async removeMessage (_: string, id: string): Promise<void> { await this.#call(`remove ${id}`) }
  async pin (_: string, id: string): Promise<void> { await this.#call(`pin ${id}`) }
  async setTopic (_: string, topic: string): Promise<void> { await this.#call(`topic ${topic}`) }
  async report (_: string, what: { message?: string, member?: string }, reason: string): Promise<number> {
    await this.#call(`report ${what.message ?? what.member ?? ''} ${reason}`)
    return 2
  }

  async reports (): Promise<ReportInfo[]> { await Promise.resolve(); return this.reportList }
  async scheduleEvent (_: string, e: { title: string, start: number, duration: number }): Promise<void> { await this.#call(`event ${e.title} ${e.start} ${e.duration}`) }
  async rsvp (_: string, id: string, answer: 'yes' | 'no'): Promise<void> { await this.#call(`rsvp ${id} ${answer}`) }
  async list (): Promise<void> { await this.#call('list') }
  async unlist (): Promise<void> { await this.#call('unlist') }
  directory (words: string[]): DirectoryRoom[] { return this.rooms.filter(r => words.every(w => `${r.label} ${r.topic}`.includes(w))) }
  async joinListed (room: string): Promise<ConversationSummary> {
    await this.#call(`join ${room}`)
    return { id: `room:${room}`, kind: 'public-room', title: room, unread: 0, muted: false }
  }

  subscribeCommunity (listener: (event: CommunityEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }
}
