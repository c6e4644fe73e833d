/**
 * An in-memory {@link ChatBackend} for view-model tests: conversations and histories are plain
 * arrays, events are emitted by the test, and failures are injected by error name.
 */
import { MAX_TEXT_BYTES } from '../../src/app/constants.js'
import { MemoryFiles } from './memory-files.js'
import type {
  BackendEvent, CardInfo, ChatBackend, ContactInfo, ConversationSummary, HistoryPage, InviteInfo, Me, MemberInfo, NetworkStatus, ProfileStatus,
  RequestInfo, SafetyNumberInfo, ScanVerdict, SearchHit, TimelineItem
} from '../../src/app/chat-backend.js'

export const ME: Me = { id: 'peer-me', nickname: 'alice', fingerprint: 'a1b2 c3d4', sealed: false }

/** An error carrying the name the peer would give it. */
export function named (name: string): Error {
  const err = new Error(`${name} from the test backend`)
  err.name = name
  return err
}

export function item (n: number, conversation = 'room:lobby'): TimelineItem {
  return {
    id: `${conversation}#${n}`,
    author: { id: 'peer-bob', nickname: 'bob', fingerprint: 'e5f6 0718' },
    own: false,
    text: `message ${n}`,
    sentAt: 1_700_000_000_000 + n * 1000,
    edited: false,
    deleted: false,
    reactions: []
  }
}

const ROOM_NAME = /^[a-z0-9._-]{1,64}$/

/** Throws what the peer throws for a text it refuses. */
function checkText (text: string): void {
  if (typeof text !== 'string' || text.length === 0) throw named('InvalidInputError')
  if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) throw named('TextTooLongError')
}

/** Throws UnknownConversationError for an id that is not `room:…`, `private:…` or `dm:…`. */
function checkConversation (id: string): void {
  if (typeof id !== 'string' || !/^(room|private|dm):./.test(id)) throw named('UnknownConversationError')
}

/**
 * Follows the ChatBackend contract (test/contract) as the real PeerBackend does, in memory; the
 * spies (`sent`, `calls`, `reads`, `historyCalls`) and injected failures are for view-model tests.
 */
export class MemoryBackend implements ChatBackend {
  status: ProfileStatus = { state: 'none' }
  passphrase: string | undefined
  list: ConversationSummary[] = []
  histories = new Map<string, TimelineItem[]>()
  net: NetworkStatus = { peers: 0 }
  sent: Array<{ conversationId: string, text: string, replyTo?: string, mentions?: string[] }> = []
  /** Every other action, in call order: method name and arguments. */
  calls: Array<{ method: string, args: unknown[] }> = []
  memberList = new Map<string, MemberInfo[]>()
  contactList: ContactInfo[] = []
  inviteList: InviteInfo[] = []
  requestList: RequestInfo[] = []
  /** Held DMs of each request, delivered into the DM's history when it is accepted. */
  heldDms = new Map<string, TimelineItem[]>()
  safety: SafetyNumberInfo = { groups: Array.from({ length: 12 }, (_, i) => String(10000 + i)), qr: '0801', verified: false }
  /** The text of the contact's safety-number code: scanning it matches, other hex codes do not. */
  theirCode = '0802'
  card: CardInfo = { link: 'parley:card/of-alice', expiresAt: Date.UTC(2030, 0, 15) }
  /** Card links `addContact` knows, and the peer each names; other `parley:` links are InvalidContactCardError. */
  cards = new Map<string, string>()
  reads: string[] = []
  historyCalls: Array<{ conversationId: string, before?: string, limit: number }> = []
  /** When set, the next call to the named method rejects with an error of this name. */
  failures = new Map<string, string>()
  /** When set, `send` waits for this promise before resolving. */
  sendGate: Promise<void> | undefined
  readonly listeners = new Set<(event: BackendEvent) => void>()
  #nextId = 0
  /** Files sent and fetched in memory (memory-files.ts). */
  readonly files = new MemoryFiles(this)

  emit (event: BackendEvent): void {
    for (const listener of this.listeners) {
      listener(event)
    }
  }

  /** Every call goes through one turn of the event loop, as the real peer's storage does. */
  private async io (method: string): Promise<void> {
    await new Promise(resolve => setTimeout(resolve, 0))
    this.fail(method)
  }

  private fail (method: string): void {
    const name = this.failures.get(method)
    if (name != null) {
      this.failures.delete(method)
      throw named(name)
    }
  }

  async profileStatus (): Promise<ProfileStatus> {
    await this.io('profileStatus')
    return this.status
  }

  async createProfile (init: { nickname: string, passphrase?: string }): Promise<Me> {
    await this.io('createProfile')
    if (this.status.state !== 'none') throw named('UnsupportedError')
    this.passphrase = init.passphrase
    const me = { ...ME, nickname: init.nickname, sealed: init.passphrase != null }
    this.status = { state: 'open', me }
    return me
  }

  async setPassphrase (passphrase: string | undefined): Promise<Me> {
    await this.io('setPassphrase')
    if (this.status.state !== 'open') throw named('ProfileClosedError')
    this.passphrase = passphrase === '' ? undefined : passphrase
    this.status = { state: 'open', me: { ...this.status.me, sealed: this.passphrase !== undefined } }
    return this.status.me
  }

  async unlock (passphrase: string): Promise<Me> {
    await this.io('unlock')
    if (passphrase !== this.passphrase) {
      throw named('WrongPassphraseError')
    }
    return { ...ME, sealed: true }
  }

  conversations (): ConversationSummary[] {
    return this.list
  }

  network (): NetworkStatus {
    return this.net
  }

  async joinRoom (name: string): Promise<ConversationSummary> {
    await this.io('joinRoom')
    const normal = name.trim().toLowerCase().replace(/^#/, '')
    if (!ROOM_NAME.test(normal)) throw named('InvalidRoomNameError')
    const known = this.list.find(c => c.id === `room:${normal}`)
    if (known != null) return known
    const room: ConversationSummary = { id: `room:${normal}`, kind: 'public-room', title: normal, unread: 0, muted: false }
    this.list = [...this.list, room]
    this.emit({ type: 'conversations' })
    return room
  }

  async history (conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage> {
    this.historyCalls.push({ conversationId, ...options })
    await this.io('history')
    checkConversation(conversationId)
    const all = this.histories.get(conversationId) ?? []
    const end = options.before == null ? all.length : all.findIndex(i => i.id === options.before)
    if (end < 0) throw named('UnknownConversationError')
    const start = Math.max(0, end - options.limit)
    return { items: all.slice(start, end), complete: start === 0 }
  }

  async send (conversationId: string, text: string, options: { replyTo?: string, mentions?: string[] } = {}): Promise<void> {
    await this.io('send')
    checkConversation(conversationId)
    checkText(text)
    await this.sendGate
    this.sent.push({ conversationId, text, ...(options.replyTo === undefined ? {} : { replyTo: options.replyTo }), ...(options.mentions === undefined ? {} : { mentions: options.mentions }) })
    this.post(conversationId, text, options.replyTo === undefined ? {} : { replyTo: options.replyTo })
  }

  /** Stores an own message and reports it, as the peer does (files: memory-files.ts). */
  post (conversationId: string, text: string, extra: Partial<TimelineItem>): void {
    const me = this.status.state === 'open' ? this.status.me : ME
    const own: TimelineItem = {
      id: `sent-${++this.#nextId}`,
      author: { id: me.id, nickname: me.nickname, fingerprint: me.fingerprint },
      own: true,
      text,
      sentAt: Date.now(),
      edited: false,
      deleted: false,
      reactions: [],
      ...(conversationId.startsWith('dm:') ? { receipt: 'sent' as const } : {}),
      ...extra
    }
    this.histories.set(conversationId, [...(this.histories.get(conversationId) ?? []), own])
    this.emit({ type: 'message', conversationId, item: own })
  }

  /** Applies a change to a stored item and reports it, as the peer does; items the test never stored are left alone. */
  private change (conversationId: string, id: string, apply: (item: TimelineItem) => TimelineItem): void {
    checkConversation(conversationId)
    const all = this.histories.get(conversationId) ?? []
    const index = all.findIndex(i => i.id === id)
    if (index < 0) return
    const changed = apply(all[index])
    this.histories.set(conversationId, all.map((i, n) => n === index ? changed : i))
    this.emit({ type: 'updated', conversationId, item: changed })
  }

  /** Records a call, after one turn of the event loop and any injected failure. */
  private async record (method: string, ...args: unknown[]): Promise<void> {
    await this.io(method)
    this.calls.push({ method, args })
  }

  async edit (conversationId: string, id: string, text: string): Promise<void> {
    await this.record('edit', conversationId, id, text)
    checkText(text)
    this.change(conversationId, id, i => ({ ...i, text, edited: true }))
  }

  async deleteMessage (conversationId: string, id: string): Promise<void> {
    await this.record('deleteMessage', conversationId, id)
    this.change(conversationId, id, i => ({ ...i, text: '', deleted: true }))
  }

  async react (conversationId: string, id: string, reaction: string): Promise<void> {
    await this.record('react', conversationId, id, reaction)
    const me = this.status.state === 'open' ? this.status.me.id : ME.id
    this.change(conversationId, id, i => ({ ...i, reactions: [...i.reactions, { from: me, reaction }] }))
  }

  typing (conversationId: string): void {
    this.calls.push({ method: 'typing', args: [conversationId] })
  }

  async setMuted (conversationId: string, muted: boolean): Promise<void> {
    await this.record('setMuted', conversationId, muted)
    checkConversation(conversationId)
    this.list = this.list.map(c => c.id === conversationId ? { ...c, muted } : c)
    this.emit({ type: 'conversations' })
  }

  async members (conversationId: string): Promise<MemberInfo[]> {
    await this.io('members')
    return this.memberList.get(conversationId) ?? []
  }

  contacts (): ContactInfo[] {
    return this.contactList
  }

  async startDm (peerId: string): Promise<ConversationSummary> {
    await this.record('startDm', peerId)
    if (!/^\S+$/.test(peerId.trim())) throw named('InvalidPeerIdError')
    const id = `dm:${peerId}`
    let dm = this.list.find(c => c.id === id)
    if (dm == null) {
      dm = { id, kind: 'dm', title: peerId.slice(0, 8), unread: 0, muted: false, peerId, verified: false }
      this.list = [...this.list, dm]
      if (!this.contactList.some(c => c.id === peerId)) {
        this.contactList = [...this.contactList, { id: peerId, nickname: dm.title, fingerprint: '', verified: false, blocked: false }]
        this.emit({ type: 'contacts' })
      }
      this.emit({ type: 'conversations' })
    }
    return dm
  }

  async safetyNumber (peerId: string): Promise<SafetyNumberInfo> {
    await this.record('safetyNumber', peerId)
    return this.safety
  }

  async verify (peerId: string): Promise<void> {
    await this.record('verify', peerId)
    this.safety = { ...this.safety, verified: true }
    this.list = this.list.map(c => c.peerId === peerId ? { ...c, verified: true } : c)
    this.emit({ type: 'conversations' })
  }

  async verifyScanned (peerId: string, code: string): Promise<ScanVerdict> {
    await this.record('verifyScanned', peerId, code)
    const text = code.trim()
    if (text.length > 256 || !/^(?:[0-9a-f]{2})+$/i.test(text)) throw named('InvalidScannableError')
    if (text !== this.theirCode) return 'mismatch'
    await this.verify(peerId)
    return 'match'
  }

  async myCard (): Promise<CardInfo> {
    await this.record('myCard')
    return this.card
  }

  /** A known card link, or an address ending in `/p2p/<id>`, opens the DM as `startDm` does. */
  async addContact (cardOrAddress: string): Promise<ConversationSummary> {
    await this.record('addContact', cardOrAddress)
    const text = cardOrAddress.trim()
    const peer = text.startsWith('parley:') ? this.cards.get(text) : /^\/.+\/p2p\/(\S+)$/.exec(text)?.[1]
    if (peer == null) throw named(text.startsWith('parley:') ? 'InvalidContactCardError' : 'InvalidPeerAddressError')
    return this.startDm(peer)
  }

  async setBlocked (peerId: string, blocked: boolean): Promise<void> {
    await this.record('setBlocked', peerId, blocked)
    if (blocked) this.dropRequest(peerId)
  }

  requests (): RequestInfo[] {
    return this.requestList
  }

  async acceptRequest (peerId: string): Promise<ConversationSummary> {
    await this.record('acceptRequest', peerId)
    if (!/^\S+$/.test(peerId)) throw named('InvalidPeerIdError')
    const request = this.requestList.find(r => r.peerId === peerId)
    const id = `dm:${peerId}`
    const held = this.heldDms.get(peerId) ?? []
    this.heldDms.delete(peerId)
    this.histories.set(id, [...(this.histories.get(id) ?? []), ...held])
    let dm = this.list.find(c => c.id === id)
    if (dm == null) {
      dm = { id, kind: 'dm', title: request?.nickname ?? peerId.slice(0, 8), unread: held.length, muted: false, peerId, verified: false }
      this.list = [...this.list, dm]
    }
    if (!this.contactList.some(c => c.id === peerId)) {
      this.contactList = [...this.contactList, { id: peerId, nickname: dm.title, fingerprint: request?.fingerprint ?? '', verified: false, blocked: false }]
    }
    this.dropRequest(peerId)
    for (const message of held) this.emit({ type: 'message', conversationId: id, item: message })
    this.emit({ type: 'contacts' })
    this.emit({ type: 'conversations' })
    return dm
  }

  async deleteRequest (peerId: string): Promise<void> {
    await this.record('deleteRequest', peerId)
    if (!/^\S+$/.test(peerId)) throw named('InvalidPeerIdError')
    this.heldDms.delete(peerId)
    this.dropRequest(peerId)
  }

  private dropRequest (peerId: string): void {
    if (!this.requestList.some(r => r.peerId === peerId)) return
    this.requestList = this.requestList.filter(r => r.peerId !== peerId)
    this.emit({ type: 'requests' })
  }

  async createPrivateRoom (name: string): Promise<ConversationSummary> {
    await this.record('createPrivateRoom', name)
    const room: ConversationSummary = { id: `private:${Array.from(new TextEncoder().encode(name), b => b.toString(16).padStart(2, '0')).join('')}`, kind: 'private-room', title: name, unread: 0, muted: false }
    this.list = [...this.list, room]
    this.emit({ type: 'conversations' })
    return room
  }

  async invite (conversationId: string, peerId: string): Promise<void> {
    await this.record('invite', conversationId, peerId)
    checkConversation(conversationId)
    if (!conversationId.startsWith('private:')) throw named('UnsupportedError')
  }

  invites (): InviteInfo[] {
    return this.inviteList
  }

  async acceptInvite (conversationId: string): Promise<ConversationSummary> {
    await this.record('acceptInvite', conversationId)
    const invite = this.inviteList.find(i => i.conversationId === conversationId)
    this.inviteList = this.inviteList.filter(i => i.conversationId !== conversationId)
    const room: ConversationSummary = { id: conversationId, kind: 'private-room', title: invite?.name ?? conversationId, unread: 0, muted: false }
    this.list = [...this.list, room]
    this.emit({ type: 'invites' })
    this.emit({ type: 'conversations' })
    return room
  }

  addPeer (address: string): void {
    this.fail('addPeer')
    this.calls.push({ method: 'addPeer', args: [address] })
  }

  markRead (conversationId: string): void {
    this.reads.push(conversationId)
    if (this.list.some(c => c.id === conversationId && c.unread > 0)) {
      this.list = this.list.map(c => c.id === conversationId ? { ...c, unread: 0 } : c)
      this.emit({ type: 'conversations' })
    }
  }

  /** Every word of the query (lower case) in the text; the last may be a prefix. Deleted items are never found. */
  async search (query: string, options: { conversationId?: string, limit?: number } = {}): Promise<SearchHit[]> {
    this.calls.push({ method: 'search', args: [query, options] })
    await this.io('search')
    const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '')
    if (words.length === 0 || query.length > 200) throw named('InvalidSearchError')
    const hits: SearchHit[] = []
    for (const [conversationId, items] of this.histories) {
      if (options.conversationId !== undefined && options.conversationId !== conversationId) continue
      for (const it of items) {
        const text = it.text.toLowerCase()
        const inText = text.split(/[^\p{L}\p{N}]+/u)
        if (it.deleted || !words.every((w, i) => i === words.length - 1 ? inText.some((t) => t.startsWith(w)) : inText.includes(w))) continue
        const title = this.list.find((c) => c.id === conversationId)?.title ?? conversationId
        hits.push({ conversationId, conversationTitle: title, id: it.id, author: it.author, text: it.text, snippet: it.text, sentAt: it.sentAt })
      }
    }
    return hits.slice(0, options.limit ?? 20)
  }

  subscribe (listener: (event: BackendEvent) => void): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }
}

/** Resolves after the backend's pending calls and their callbacks have run. */
export async function settle (): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(resolve => setTimeout(resolve, 1))
  }
}
