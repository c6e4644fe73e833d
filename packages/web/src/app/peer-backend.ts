/**
 * The {@link ChatBackend} over the browser peer `@parley/node/browser` composes
 * (`createBrowserPeer`): this file only translates. Conversation ids are `@parley/node`'s; the
 * three kinds share one dispatch (conversation-ops.ts); messages become UI items in
 * timeline-items.ts; unread counts, mutes and nicknames live in ui-state.ts. It keeps what only a
 * UI needs: history cursors and which DMs were shown but not yet marked read.
 */
import { ready, shortFingerprint } from '@parley/crypto'
import {
  BROWSER_KEY_STORE, createBrowserPeer, DmPayload, dmConversationId, openBrowserProfile, parseConversationId, privateRoomConversationId, ProfileClosedError,
  roomConversationId, tryParseConversationId, UnknownConversationError
} from '@parley/node/browser'
import { ContactCards } from './contact-cards.js'
import { conversationOps, UnsupportedError, type Change } from './conversation-ops.js'
import { compareScanned, contactList, conversationList, inviteList, memberList, namer, requestInfo, safetyNumberOf, type Namer } from './peer-lists.js'
import { followPeer, mentionHit } from './peer-events.js'
import { PeerCommunities } from './peer-communities.js'
import { PeerFiles } from './peer-files.js'
import { PeerCalls } from './call-engine.js'
import { dmItem } from './timeline-items.js'
import { UiState } from './ui-state.js'
import { PeerSettings } from './settings-peer.js'
import { effectiveLevel } from './settings-backend.js'
import type {
  BackendEvent, CardInfo, ChatBackend, ContactInfo, ConversationSummary, HistoryPage, InviteInfo, Me, MemberInfo, MentionHit,
  NetworkStatus, ProfileStatus, RequestInfo, SafetyNumberInfo, ScanVerdict, SearchHit, TimelineItem
} from './chat-backend.js'
import { searchHits } from './search-hits.js'
import type { BrowserProfile, DirectMessage, Peer } from '@parley/node/browser'
import type { Multiaddr } from '@multiformats/multiaddr'

export { ProfileClosedError, ProfileInUseError, PROFILE_DB, UnknownConversationError } from '@parley/node/browser'
export { UnsupportedError }

/** Options of {@link openPeerBackend}. */
export interface PeerBackendInit {
  /** Bootstrap peers (from the link, the serving page or the user). */
  peers: Multiaddr[]
  /** Local mode (page served from loopback); default: detected from the page. */
  localMode?: boolean
  /** IndexedDB database name; default `PROFILE_DB`. */
  database?: string
}

/**
 * Opens the profile (held by this tab until `close()`); the peer starts once the profile is
 * created or unlocked.
 *
 * @throws ProfileInUseError when another tab has it open
 */
export async function openPeerBackend (init: PeerBackendInit): Promise<PeerBackend> {
  await ready()
  const profile = await openBrowserProfile(init.database)
  try {
    // A sealed profile's UI state is read once it is unlocked (#open).
    const settings = profile.store.kv('settings')
    return new PeerBackend(profile, init, profile.store.locked ? UiState.empty(settings) : await UiState.load(settings))
  } catch (err) {
    await profile.close()
    throw err
  }
}

export class PeerBackend implements ChatBackend {
  readonly #profile: BrowserProfile
  readonly #init: PeerBackendInit
  readonly #ui: UiState
  readonly #name: Namer
  readonly #listeners = new Set<(event: BackendEvent) => void>()
  /** History cursors: `<conversation>\n<id of a page's oldest item>` → the cursor of the page before it. */
  readonly #cursors = new Map<string, string | null>()
  /** The contact's DMs shown but not marked read, per contact. */
  readonly #unreadDms = new Map<string, Set<string>>()
  /** The peer's pending message requests, as last read (requests() is synchronous, like invites()). */
  #requests: RequestInfo[] = []
  #cards: ContactCards | undefined
  #sealed = false
  /** The UI state waits for the sealed profile to be unlocked. */
  #uiPending: boolean
  readonly communities: PeerCommunities
  readonly files: PeerFiles
  readonly settings: PeerSettings
  readonly calling: PeerCalls

  constructor (profile: BrowserProfile, init: PeerBackendInit, ui: UiState) {
    this.#profile = profile
    this.#init = init
    this.#ui = ui
    this.#uiPending = profile.store.locked
    this.#name = namer(ui)
    this.settings = new PeerSettings({ kv: profile.store.kv('settings'), ui, peer: () => this.#requirePeer(), me: () => this.#me(this.#requirePeer()), emit: (event) => { this.#emit(event) } })
    this.calling = new PeerCalls({ peer: () => this.#requirePeer(), name: (peerId) => this.#name(peerId, '') })
    this.files = new PeerFiles({ peer: () => this.#requirePeer(), emit: (event) => { this.#emit(event) } })
    this.communities = new PeerCommunities({ peer: () => this.#requirePeer(), name: this.#name, emit: (event) => { this.#emit(event) }, summary: (id) => this.#summary(id) })
  }

  /** The profile this backend holds (backups, restores and exports read it: archive-backend.ts). */
  get profile (): BrowserProfile {
    return this.#profile
  }

  /** The running peer (tests and benchmarks reach libp2p through it). */
  get peer (): Peer | undefined {
    return this.#profile.peer
  }

  async profileStatus (): Promise<ProfileStatus> {
    if (this.peer !== undefined) return { state: 'open', me: this.#me(this.peer) }
    const status = await this.#profile.status()
    if (status.state === 'none') return status
    if (status.state === 'sealed') return { state: 'locked', nickname: status.nick }
    return { state: 'open', me: await this.#open(undefined, undefined) }
  }

  async createProfile (init: { nickname: string, passphrase?: string }): Promise<Me> {
    if ((await this.#profile.status()).state !== 'none') throw new UnsupportedError('this browser already has a profile: unlock it')
    return this.#open(init.passphrase === '' ? undefined : init.passphrase, init.nickname)
  }

  async unlock (passphrase: string): Promise<Me> {
    if (this.peer !== undefined) return this.#me(this.peer)
    return this.#open(passphrase, undefined)
  }

  async #open (passphrase: string | undefined, nick: string | undefined): Promise<Me> {
    const { peer, unprotected } = await createBrowserPeer({
      profile: this.#profile, passphrase, nick, bootstrap: this.#init.peers, localMode: this.#init.localMode
    })
    this.#sealed = !unprotected
    if (this.#uiPending) await this.#ui.reload()
    this.#uiPending = false
    await this.settings.reload()
    followPeer(peer, {
      emit: (event) => { this.#emit(event) },
      arrived: (conversationId, item) => { this.#arrived(conversationId, item) },
      dm: (message) => { this.#dmArrived(message) },
      request: () => { this.#refreshRequests(peer).catch((error: Error) => { console.warn('reading message requests', error) }) },
      name: (peerId) => this.#name(peerId, ''),
      network: () => this.network()
    })
    this.#cards = new ContactCards(peer)
    this.communities.follow(peer)
    this.calling.follow(peer)
    await peer.start()
    await this.#learnNicks(peer)
    await this.#refreshRequests(peer)
    return this.#me(peer)
  }

  async setPassphrase (passphrase: string | undefined): Promise<Me> {
    const peer = this.#requirePeer()
    await this.#profile.store.setPassphrase(passphrase === '' ? undefined : passphrase, BROWSER_KEY_STORE)
    this.#sealed = this.#profile.store.encrypted
    return this.#me(peer)
  }

  #me (peer: Peer): Me {
    return { id: peer.peerId, nickname: peer.nick, fingerprint: shortFingerprint(peer.identity.publicKey), sealed: this.#sealed }
  }

  #requirePeer (): Peer {
    if (this.peer === undefined) throw new ProfileClosedError('the profile is not open yet')
    return this.peer
  }

  #requireCards (): ContactCards {
    this.#requirePeer()
    if (this.#cards === undefined) throw new ProfileClosedError('the profile is not open yet')
    return this.#cards
  }

  addPeer (address: string): void {
    this.#requirePeer().keep(address)
  }

  conversations (): ConversationSummary[] {
    if (this.peer === undefined) return []
    const settings = this.settings.notifications()
    return conversationList(this.peer, this.#ui, this.#name).map((c) => ({ ...c, notify: effectiveLevel(settings, c.id, c.muted) }))
  }

  async mentions (): Promise<MentionHit[]> {
    return (await this.#requirePeer().mentions()).map(mentionHit)
  }

  async search (query: string, options: { conversationId?: string, limit?: number } = {}): Promise<SearchHit[]> {
    return searchHits(this.#requirePeer(), query, options, this.conversations())
  }

  network (): NetworkStatus {
    return { peers: new Set(this.peer?.libp2p.getConnections().map((c) => c.remotePeer.toString())).size }
  }

  async joinRoom (name: string): Promise<ConversationSummary> {
    const room = await this.#requirePeer().join(name)
    this.#emit({ type: 'conversations' })
    return this.#summary(roomConversationId(room))
  }

  async history (conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage> {
    const ops = conversationOps(this.#requirePeer(), parseConversationId(conversationId))
    let cursor: string | null | undefined
    if (options.before !== undefined) {
      cursor = this.#cursors.get(`${conversationId}\n${options.before}`)
      if (cursor === undefined) throw new UnknownConversationError(`no page of ${conversationId} ends at ${options.before}`)
      if (cursor === null) return { items: [], complete: true }
    }
    const page = await ops.page({ limit: options.limit, before: cursor })
    const ref = parseConversationId(conversationId)
    if (ref.kind === 'dm') for (const id of page.unread ?? []) this.#unreadDm(ref.peer).add(id)
    if (page.items.length > 0) this.#cursors.set(`${conversationId}\n${page.items[0].id}`, page.before)
    return { items: page.items, complete: page.before === null }
  }

  async send (conversationId: string, text: string, options: { replyTo?: string, mentions?: string[] } = {}): Promise<void> {
    const item = await conversationOps(this.#requirePeer(), parseConversationId(conversationId)).send(text, options.replyTo, options.mentions)
    if (item !== undefined) this.#emit({ type: 'message', conversationId, item })
  }

  async edit (conversationId: string, id: string, text: string): Promise<void> {
    await this.#change(conversationId, { kind: 'edit', id, text })
  }

  async deleteMessage (conversationId: string, id: string): Promise<void> {
    await this.#change(conversationId, { kind: 'delete', id })
  }

  async react (conversationId: string, id: string, reaction: string): Promise<void> {
    await this.#change(conversationId, { kind: 'react', id, reaction })
  }

  async #change (conversationId: string, change: Change): Promise<void> {
    await conversationOps(this.#requirePeer(), parseConversationId(conversationId)).change(change)
  }

  markRead (conversationId: string): void {
    if (this.#ui.clearUnread(conversationId)) this.#emit({ type: 'conversations' })
    const ref = tryParseConversationId(conversationId)
    const peer = this.peer
    if (peer === undefined || ref?.kind !== 'dm') return
    // Read now whether or not receipts go: turning them on later sends none for these.
    const ids = [...this.#unreadDm(ref.peer)]
    this.#unreadDm(ref.peer).clear()
    if (ids.length === 0) return
    this.settings.readReceipts().then((on) => {
      if (!on) return
      for (const id of ids) {
        peer.dms.send(ref.peer, { kind: DmPayload.Kind.READ, target: id }).catch((error: Error) => { console.warn('read receipt', error) })
      }
    }, (error: Error) => { console.warn('reading the read receipts setting', error) })
  }

  typing (conversationId: string): void {
    const ref = tryParseConversationId(conversationId)
    if (this.peer === undefined || ref?.kind !== 'dm') return
    this.peer.dms.send(ref.peer, { kind: DmPayload.Kind.TYPING }).catch(() => { /* only to connected contacts; best effort */ })
  }

  async setMuted (conversationId: string, muted: boolean): Promise<void> {
    parseConversationId(conversationId)
    await this.settings.setConversationNotifications(conversationId, muted ? 'mentions' : undefined)
  }

  async members (conversationId: string): Promise<MemberInfo[]> {
    await Promise.resolve()
    return memberList(this.#requirePeer(), parseConversationId(conversationId), this.#name)
  }

  contacts (): ContactInfo[] {
    return this.peer === undefined ? [] : contactList(this.peer, this.#name)
  }

  async startDm (peerId: string): Promise<ConversationSummary> {
    const peer = this.#requirePeer()
    const id = peerId.trim()
    await this.#ensureContact(peer, id)
    peer.reach(id)
    return this.#summary(dmConversationId(id))
  }

  async safetyNumber (peerId: string): Promise<SafetyNumberInfo> {
    await Promise.resolve()
    return safetyNumberOf(this.#requirePeer(), peerId)
  }

  async verify (peerId: string): Promise<void> {
    const peer = this.#requirePeer()
    await this.#ensureContact(peer, peerId)
    await peer.contacts.verify(peerId)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
  }

  async verifyScanned (peerId: string, code: string): Promise<ScanVerdict> {
    const verdict = compareScanned(this.#requirePeer(), peerId, code)
    if (verdict === 'match') await this.verify(peerId)
    return verdict
  }

  async myCard (): Promise<CardInfo> {
    await Promise.resolve()
    return this.#requireCards().mine()
  }

  /** The peer reads the card (or address), stores where the contact is, adds it and dials it; the DM opens once it is added. */
  async addContact (cardOrAddress: string): Promise<ConversationSummary> {
    const id = await this.#requireCards().add(cardOrAddress)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
    return this.#summary(dmConversationId(id))
  }

  /** Blocks or unblocks a peer; blocking drops its message request. */
  async setBlocked (peerId: string, blocked: boolean): Promise<void> {
    const peer = this.#requirePeer()
    await peer.contacts.setBlocked(peerId, blocked)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
    await this.#refreshRequests(peer)
  }

  requests (): RequestInfo[] {
    return this.#requests
  }

  async acceptRequest (peerId: string): Promise<ConversationSummary> {
    const peer = this.#requirePeer()
    await peer.dms.acceptRequest(peerId)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
    await this.#refreshRequests(peer)
    peer.reach(peerId)
    return this.#summary(dmConversationId(peerId))
  }

  async deleteRequest (peerId: string): Promise<void> {
    const peer = this.#requirePeer()
    await peer.dms.deleteRequest(peerId)
    await this.#refreshRequests(peer)
  }

  async #refreshRequests (peer: Peer): Promise<void> {
    this.#requests = (await peer.dms.requests()).map(requestInfo)
    this.#emit({ type: 'requests' })
  }

  async createPrivateRoom (name: string): Promise<ConversationSummary> {
    const room = await this.#requirePeer().privateRooms.create(name)
    this.#emit({ type: 'conversations' })
    return this.#summary(privateRoomConversationId(room))
  }

  async invite (conversationId: string, peerId: string): Promise<void> {
    const peer = this.#requirePeer()
    const ref = parseConversationId(conversationId)
    if (ref.kind !== 'private-room') throw new UnsupportedError('only private rooms take invitations')
    await this.#ensureContact(peer, peerId)
    await peer.privateRooms.invite(ref.room, peerId)
    peer.reach(peerId)
    this.#emit({ type: 'members', conversationId })
  }

  invites (): InviteInfo[] {
    return this.peer === undefined ? [] : inviteList(this.peer, this.#name)
  }

  async acceptInvite (conversationId: string): Promise<ConversationSummary> {
    const ref = parseConversationId(conversationId)
    if (ref.kind !== 'private-room') throw new UnsupportedError('only private rooms take invitations')
    await this.#requirePeer().privateRooms.accept(ref.room)
    this.#emit({ type: 'invites' })
    this.#emit({ type: 'conversations' })
    return this.#summary(conversationId)
  }

  subscribe (listener: (event: BackendEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Writes the UI state, stops the peer, closes the database and lets another tab open the profile. */
  async close (): Promise<void> {
    await this.#ui.close()
    await this.#profile.close()
  }

  /** Adds `peerId` as a contact unless it is one (InvalidPeerIdError for a bad id). */
  async #ensureContact (peer: Peer, peerId: string): Promise<void> {
    if (peer.contacts.list().some((c) => c.peerId === peerId)) return
    await peer.contacts.add(peerId)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
  }

  #summary (id: string): ConversationSummary {
    const found = this.conversations().find((c) => c.id === id)
    if (found === undefined) throw new UnknownConversationError(`no conversation ${id}`)
    return found
  }

  #emit (event: BackendEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch (err) {
        console.error('a backend listener failed', err)
      }
    }
  }

  #dmArrived (message: DirectMessage): void {
    if (!message.outgoing) {
      this.#ui.setNick(message.peer, message.nick)
      this.#unreadDm(message.peer).add(message.id)
    }
    this.#arrived(dmConversationId(message.peer), dmItem(message, this.peer?.peerId ?? ''))
  }

  #arrived (conversationId: string, item: TimelineItem): void {
    if (!item.own) this.#ui.addUnread(conversationId, { id: item.id, sentAt: item.sentAt })
    if (item.mentionsMe === true) this.#ui.addMention(conversationId)
    this.#emit({ type: 'message', conversationId, item })
    this.#emit({ type: 'conversations' })
  }

  #unreadDm (peer: string): Set<string> {
    let ids = this.#unreadDms.get(peer)
    if (ids === undefined) this.#unreadDms.set(peer, ids = new Set())
    return ids
  }

  /** Nicknames of contacts not seen in this browser's UI state yet: from their latest DM. */
  async #learnNicks (peer: Peer): Promise<void> {
    for (const contact of peer.contacts.list()) {
      if (this.#ui.nick(contact.peerId) !== undefined) continue
      const page = await peer.dms.history(contact.peerId, { limit: 20 })
      const theirs = page.messages.filter((m) => !m.outgoing).at(-1)
      if (theirs !== undefined) this.#ui.setNick(contact.peerId, theirs.nick)
    }
  }
}
