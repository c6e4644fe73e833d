/**
 * The {@link ChatBackend} over `@parley/node`'s peer, in the browser: the profile (identity,
 * history, contacts) in IndexedDB through browser-level, the network from `../net` (WebSockets to
 * Node peers, WebRTC between browsers signalled through a circuit relay, the bootstrap keeper).
 *
 * It translates protocol types into the UI's and keeps what only the UI needs: unread counts,
 * muted conversations, the last nickname seen per contact, and the cursor of each history page.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { ready, shortFingerprint, toHex, isSealedIdentity } from '@parley/crypto'
import { createPeer, DmPayload, loadOrCreateIdentity, named, openBrowserProfileStore } from '@parley/node/browser'
import { bootstrapKeeper } from '../net/bootstrap-keeper.js'
import { parsePeerAddress } from '../net/bootstrap-peers.js'
import { browserNetOptions } from '../net/browser-libp2p.js'
import type { BootstrapKeeper } from '../net/bootstrap-keeper.js'
import type {
  BackendEvent, ChatBackend, ContactInfo, ConversationSummary, HistoryPage, InviteInfo, Me, MemberInfo,
  NetworkStatus, ProfileStatus, SafetyNumberInfo, TimelineItem
} from './chat-backend.js'
import type { DirectMessage, Peer, PrivateMessage, ProfileStore, RoomMessage } from '@parley/node/browser'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The IndexedDB database holding this origin's profile. */
export const PROFILE_DB = 'parley-profile'

/** Argon2id cost of a passphrase-sealed identity in the browser: libsodium's INTERACTIVE limits. */
const BROWSER_KEY_STORE = { opsLimit: 2, memLimit: 64 * 1024 * 1024 }

/** How long one attempt at a direct connection to a contact may take. */
const DIRECT_DIAL_TIMEOUT_MS = 10_000
/** A browser-to-browser WebRTC dial occasionally stalls in ICE; a fresh attempt succeeds. */
const DIRECT_DIAL_ATTEMPTS = 3
/** How often contacts with undelivered DMs are dialled again. */
const REDIAL_CONTACTS_MS = 15_000

const UI_STATE_KEY = 'web-ui'
/** UI state changes within this long are written together (see #save). */
const UI_STATE_SAVE_MS = 500

/** An operation the conversation's kind does not have (e.g. editing in a private room). */
export class UnsupportedError extends named('UnsupportedError') {}

/** A conversation id that names nothing this profile has. */
export class UnknownConversationError extends named('UnknownConversationError') {}

/**
 * The profile is open in another tab of this browser. IndexedDB would let both tabs open it, and
 * two peers with one identity (one PeerId) would fight over connections and the ratchet state.
 */
export class ProfileInUseError extends named('ProfileInUseError') {}

/** A call that needs the open profile came before it was created or unlocked. */
export class ProfileClosedError extends named('ProfileClosedError') {}

/** Options of {@link openPeerBackend}. */
export interface PeerBackendInit {
  /** Bootstrap peers (from the link, the serving page or the user). */
  peers: Multiaddr[]
  /** Local mode (page served from loopback); default: detected from the page. */
  localMode?: boolean
  /** IndexedDB database name; default {@link PROFILE_DB}. */
  database?: string
}

type Target =
  | { kind: 'public-room', room: string }
  | { kind: 'private-room', room: string }
  | { kind: 'dm', peer: string }

interface UiState {
  unread: Record<string, number>
  muted: Record<string, boolean>
  nicks: Record<string, string>
}

/** Opens the profile database; the peer starts once the profile is open. */
export async function openPeerBackend (init: PeerBackendInit): Promise<PeerBackend> {
  await ready()
  const database = init.database ?? PROFILE_DB
  const unlock = await holdProfileLock(database)
  let store: ProfileStore
  try {
    store = await openBrowserProfileStore(database)
  } catch (err) {
    unlock()
    throw err
  }
  const raw = await store.kv('settings').get(UI_STATE_KEY)
  const state: UiState = { unread: {}, muted: {}, nicks: {} }
  if (raw !== undefined) {
    try {
      Object.assign(state, JSON.parse(new TextDecoder().decode(raw)) as UiState)
    } catch { /* a damaged UI state is only counts and mutes: start afresh */ }
  }
  return new PeerBackend(store, init, state, unlock)
}

/**
 * Takes the Web Lock named after the profile's database until the returned function is called
 * (or the tab goes away), or throws ProfileInUseError when another tab holds it. Where Web Locks
 * do not exist, nothing is locked.
 */
async function holdProfileLock (database: string): Promise<() => void> {
  const locks = globalThis.navigator?.locks
  if (locks === undefined) return () => {}
  let release = (): void => {}
  const released = new Promise<void>((resolve) => { release = resolve })
  const taken = await new Promise<boolean>((resolve) => {
    void locks.request(`parley:${database}`, { ifAvailable: true }, async (lock) => {
      resolve(lock !== null)
      if (lock !== null) await released
    })
  })
  if (!taken) throw new ProfileInUseError('Parley is already open in another tab of this browser')
  return release
}

export class PeerBackend implements ChatBackend {
  readonly #store: ProfileStore
  readonly #init: PeerBackendInit
  readonly #state: UiState
  readonly #listeners = new Set<(event: BackendEvent) => void>()
  /** History cursors: the id of a page's oldest item → the cursor of the page before it. */
  readonly #cursors = new Map<string, string | null>()
  /** Incoming DMs not yet marked read, per contact. */
  readonly #unreadDms = new Map<string, Set<string>>()
  readonly #dialling = new Map<string, Promise<void>>()
  #peer: Peer | undefined
  /** Releases this tab's hold on the profile. */
  readonly #unlock: () => void
  #sealed = false
  #redial: ReturnType<typeof setInterval> | undefined
  #saving: Promise<void> = Promise.resolve()
  #saveTimer: ReturnType<typeof setTimeout> | undefined

  constructor (store: ProfileStore, init: PeerBackendInit, state: UiState, unlock: () => void = () => {}) {
    this.#store = store
    this.#init = init
    this.#state = state
    this.#unlock = unlock
  }

  /** The running peer (tests and benchmarks reach libp2p through it). */
  get peer (): Peer | undefined {
    return this.#peer
  }

  async profileStatus (): Promise<ProfileStatus> {
    if (this.#peer !== undefined) return { state: 'open', me: this.#me(this.#peer) }
    const blob = await this.#store.kv('identity').get('self')
    if (blob === undefined) return { state: 'none' }
    const nick = await this.#store.kv('settings').get('nick')
    const nickname = nick === undefined ? '' : new TextDecoder().decode(nick)
    if (isSealedIdentity(blob)) return { state: 'locked', nickname }
    return { state: 'open', me: await this.#open(undefined, undefined) }
  }

  async createProfile (init: { nickname: string, passphrase?: string }): Promise<Me> {
    if (await this.#store.kv('identity').get('self') !== undefined) throw new UnsupportedError('this browser already has a profile: unlock it')
    return this.#open(init.passphrase === '' ? undefined : init.passphrase, init.nickname)
  }

  async unlock (passphrase: string): Promise<Me> {
    if (this.#peer !== undefined) return this.#me(this.#peer)
    return this.#open(passphrase, undefined)
  }

  async #open (passphrase: string | undefined, nick: string | undefined): Promise<Me> {
    const { identity, unprotected } = await loadOrCreateIdentity(this.#store, passphrase, BROWSER_KEY_STORE)
    this.#sealed = !unprotected
    const keeper = bootstrapKeeper({ peers: this.#init.peers })
    const net = browserNetOptions({ localMode: this.#init.localMode })
    const peer = await createPeer({
      identity,
      store: this.#store,
      nick,
      libp2p: {
        addresses: net.addresses,
        transports: net.transports,
        connectionGater: net.connectionGater,
        services: { bootstrap: keeper }
      }
    })
    this.#peer = peer
    this.#listen(peer)
    await peer.start()
    await this.#loadNicks(peer)
    this.#redial = setInterval(() => { void this.#redialContacts() }, REDIAL_CONTACTS_MS)
    void this.#redialContacts()
    return this.#me(peer)
  }

  #me (peer: Peer): Me {
    return { id: peer.peerId, nickname: peer.nick, fingerprint: shortFingerprint(peer.identity.publicKey), sealed: this.#sealed }
  }

  #requirePeer (): Peer {
    if (this.#peer === undefined) throw new ProfileClosedError('the profile is not open yet')
    return this.#peer
  }

  addPeer (address: string): void {
    const keeper = this.#requirePeer().libp2p.services.bootstrap as BootstrapKeeper
    keeper.add(parsePeerAddress(address))
  }

  conversations (): ConversationSummary[] {
    const peer = this.#peer
    if (peer === undefined) return []
    const summary = (id: string, kind: ConversationSummary['kind'], title: string, extra: Partial<ConversationSummary> = {}): ConversationSummary =>
      ({ id, kind, title, unread: this.#state.unread[id] ?? 0, muted: this.#state.muted[id] === true, ...extra })
    return [
      ...peer.rooms.list().sort().map((room) => summary(`room:${room}`, 'public-room', room)),
      ...peer.privateRooms.list().map((r) => summary(`private:${r.room}`, 'private-room', r.name)),
      ...peer.contacts.list().filter((c) => !c.blocked).map((c) =>
        summary(`dm:${c.peerId}`, 'dm', this.#contactName(c.peerId, c.petname), { peerId: c.peerId, verified: c.verified }))
    ]
  }

  network (): NetworkStatus {
    const peer = this.#peer
    return { peers: peer === undefined ? 0 : new Set(peer.libp2p.getConnections().map((c) => c.remotePeer.toString())).size }
  }

  async joinRoom (name: string): Promise<ConversationSummary> {
    const room = await this.#requirePeer().join(name)
    this.#emit({ type: 'conversations' })
    return this.#summary(`room:${room}`)
  }

  async history (conversationId: string, options: { before?: string, limit: number }): Promise<HistoryPage> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    let cursor: string | null | undefined
    if (options.before !== undefined) {
      cursor = this.#cursors.get(`${conversationId}\n${options.before}`)
      if (cursor === undefined) throw new UnknownConversationError(`no page of ${conversationId} ends at ${options.before}`)
      if (cursor === null) return { items: [], complete: true }
    }
    let items: TimelineItem[]
    let before: string | null
    if (target.kind === 'public-room') {
      const page = await peer.rooms.history(target.room, { limit: options.limit, before: cursor })
      items = page.messages.map((m) => this.#roomItem(m))
      before = page.before
    } else if (target.kind === 'private-room') {
      const page = await peer.privateRooms.history(target.room, { limit: options.limit, before: cursor })
      items = page.messages.map((m) => this.#privateItem(m))
      before = page.before
    } else {
      const page = await peer.dms.history(target.peer, { limit: options.limit, before: cursor })
      items = page.messages.map((m) => this.#dmItem(m))
      before = page.before
      for (const m of page.messages) {
        if (!m.outgoing && !m.read && !m.deleted) this.#unreadDm(target.peer).add(m.id)
      }
    }
    if (items.length > 0) this.#cursors.set(`${conversationId}\n${items[0].id}`, before)
    return { items, complete: before === null }
  }

  async send (conversationId: string, text: string, options: { replyTo?: string } = {}): Promise<void> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind === 'public-room') {
      await peer.rooms.send(target.room, text, { replyTo: options.replyTo })
    } else if (target.kind === 'private-room') {
      if (options.replyTo !== undefined) throw new UnsupportedError('private rooms have no replies yet')
      await peer.privateRooms.send(target.room, text)
    } else {
      const message = await peer.dms.send(target.peer, { kind: DmPayload.Kind.TEXT, text, replyTo: options.replyTo ?? '' })
      this.#emit({ type: 'message', conversationId, item: this.#dmItem(message) })
      this.#connect(target.peer)
    }
  }

  async edit (conversationId: string, id: string, text: string): Promise<void> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind === 'public-room') await peer.rooms.edit(target.room, id, text)
    else if (target.kind === 'dm') await this.#dmChange(peer, target.peer, { kind: DmPayload.Kind.EDIT, target: id, text })
    else throw new UnsupportedError('messages in private rooms cannot be edited yet')
  }

  async deleteMessage (conversationId: string, id: string): Promise<void> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind === 'public-room') await peer.rooms.delete(target.room, id)
    else if (target.kind === 'dm') await this.#dmChange(peer, target.peer, { kind: DmPayload.Kind.DELETE, target: id })
    else throw new UnsupportedError('messages in private rooms cannot be deleted yet')
  }

  async react (conversationId: string, id: string, reaction: string): Promise<void> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind === 'public-room') await peer.rooms.react(target.room, id, reaction)
    else if (target.kind === 'dm') await this.#dmChange(peer, target.peer, { kind: DmPayload.Kind.REACTION, target: id, reaction })
    else throw new UnsupportedError('messages in private rooms have no reactions yet')
  }

  /** An edit, delete or reaction in a DM (the peer checks its target). */
  async #dmChange (peer: Peer, contact: string, fields: { kind: DmPayload.Kind, target: string, text?: string, reaction?: string }): Promise<void> {
    await peer.dms.send(contact, fields)
    this.#connect(contact)
  }

  markRead (conversationId: string): void {
    if ((this.#state.unread[conversationId] ?? 0) > 0) {
      this.#state.unread[conversationId] = 0
      this.#save()
      this.#emit({ type: 'conversations' })
    }
    const peer = this.#peer
    const target = peer === undefined ? undefined : this.#targetOrUndefined(conversationId)
    if (peer === undefined || target?.kind !== 'dm') return
    const ids = this.#unreadDm(target.peer)
    for (const id of ids) {
      peer.dms.send(target.peer, { kind: DmPayload.Kind.READ, target: id }).catch((error: Error) => { console.warn('read receipt', error) })
    }
    ids.clear()
  }

  typing (conversationId: string): void {
    const target = this.#targetOrUndefined(conversationId)
    if (this.#peer === undefined || target?.kind !== 'dm') return
    this.#peer.dms.send(target.peer, { kind: DmPayload.Kind.TYPING }).catch(() => { /* only to connected contacts; best effort */ })
  }

  async setMuted (conversationId: string, muted: boolean): Promise<void> {
    this.#target(conversationId)
    this.#state.muted[conversationId] = muted
    await this.#flushState()
    this.#emit({ type: 'conversations' })
  }

  async members (conversationId: string): Promise<MemberInfo[]> {
    return Promise.resolve().then(() => this.#members(conversationId))
  }

  #members (conversationId: string): MemberInfo[] {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    const contacts = new Set(peer.contacts.list().map((c) => c.peerId))
    const info = (id: string, nickname: string): MemberInfo =>
      ({ id, nickname, fingerprint: this.#fingerprint(id), self: id === peer.peerId, contact: contacts.has(id) })
    if (target.kind === 'public-room') return peer.rooms.members(target.room).map((m) => info(m.peerId, m.nick))
    if (target.kind === 'private-room') {
      const room = peer.privateRooms.list().find((r) => r.room === target.room)
      return (room?.members ?? []).map((id) => info(id, id === peer.peerId ? peer.nick : this.#contactName(id, '')))
    }
    return []
  }

  contacts (): ContactInfo[] {
    const peer = this.#peer
    if (peer === undefined) return []
    return peer.contacts.list().map((c) => ({
      id: c.peerId, nickname: this.#contactName(c.peerId, c.petname), fingerprint: c.fingerprint, verified: c.verified, blocked: c.blocked
    }))
  }

  async startDm (peerId: string): Promise<ConversationSummary> {
    const peer = this.#requirePeer()
    const contact = peer.contacts.list().find((c) => c.peerId === peerId.trim())
    if (contact === undefined) await peer.contacts.add(peerId.trim())
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
    this.#connect(peerId.trim())
    return this.#summary(`dm:${peerId.trim()}`)
  }

  async safetyNumber (peerId: string): Promise<SafetyNumberInfo> {
    return Promise.resolve().then(() => this.#safetyNumber(peerId))
  }

  #safetyNumber (peerId: string): SafetyNumberInfo {
    const peer = this.#requirePeer()
    const { groups } = peer.contacts.safetyNumber(peerId, peer.identity.publicKey)
    const scannable = peer.contacts.scannableSafetyNumber(peerId, peer.identity.publicKey)
    const verified = peer.contacts.list().find((c) => c.peerId === peerId)?.verified ?? false
    return { groups, qr: toHex(scannable), verified }
  }

  async verify (peerId: string): Promise<void> {
    const peer = this.#requirePeer()
    if (!peer.contacts.list().some((c) => c.peerId === peerId)) await peer.contacts.add(peerId)
    await peer.contacts.verify(peerId)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
  }

  async setBlocked (peerId: string, blocked: boolean): Promise<void> {
    const peer = this.#requirePeer()
    if (!peer.contacts.list().some((c) => c.peerId === peerId)) await peer.contacts.add(peerId)
    await peer.contacts.setBlocked(peerId, blocked)
    this.#emit({ type: 'contacts' })
    this.#emit({ type: 'conversations' })
  }

  async createPrivateRoom (name: string): Promise<ConversationSummary> {
    const room = await this.#requirePeer().privateRooms.create(name)
    this.#emit({ type: 'conversations' })
    return this.#summary(`private:${room}`)
  }

  async invite (conversationId: string, peerId: string): Promise<void> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind !== 'private-room') throw new UnsupportedError('only private rooms take invitations')
    if (!peer.contacts.list().some((c) => c.peerId === peerId)) await peer.contacts.add(peerId)
    await peer.privateRooms.invite(target.room, peerId)
    this.#connect(peerId)
    this.#emit({ type: 'members', conversationId })
  }

  invites (): InviteInfo[] {
    const peer = this.#peer
    if (peer === undefined) return []
    return peer.privateRooms.invites().map((i) => ({
      conversationId: `private:${i.room}`,
      name: i.name,
      from: { id: i.owner, nickname: this.#contactName(i.owner, ''), fingerprint: this.#fingerprint(i.owner) }
    }))
  }

  async acceptInvite (conversationId: string): Promise<ConversationSummary> {
    const peer = this.#requirePeer()
    const target = this.#target(conversationId)
    if (target.kind !== 'private-room') throw new UnsupportedError('only private rooms take invitations')
    await peer.privateRooms.accept(target.room)
    this.#emit({ type: 'invites' })
    this.#emit({ type: 'conversations' })
    return this.#summary(conversationId)
  }

  subscribe (listener: (event: BackendEvent) => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Stops the peer and closes the database. */
  async close (): Promise<void> {
    clearInterval(this.#redial)
    if (this.#saveTimer !== undefined) await this.#flushState()
    await this.#saving
    try {
      if (this.#peer !== undefined) await this.#peer.stop()
      else await this.#store.close()
    } finally {
      this.#unlock()
    }
  }

  #summary (id: string): ConversationSummary {
    const found = this.conversations().find((c) => c.id === id)
    if (found === undefined) throw new UnknownConversationError(`no conversation ${id}`)
    return found
  }

  #target (conversationId: string): Target {
    const target = this.#targetOrUndefined(conversationId)
    if (target === undefined) throw new UnknownConversationError(`no conversation ${String(conversationId)}`)
    return target
  }

  #targetOrUndefined (conversationId: string): Target | undefined {
    if (typeof conversationId !== 'string') return undefined
    const colon = conversationId.indexOf(':')
    const kind = conversationId.slice(0, colon)
    const rest = conversationId.slice(colon + 1)
    if (colon <= 0 || rest === '') return undefined
    if (kind === 'room') return { kind: 'public-room', room: rest }
    if (kind === 'private') return { kind: 'private-room', room: rest }
    if (kind === 'dm') return { kind: 'dm', peer: rest }
    return undefined
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

  #listen (peer: Peer): void {
    const network = (): void => { this.#emit({ type: 'network', status: this.network() }) }
    peer.addEventListener('peer:connect', network)
    peer.addEventListener('peer:disconnect', network)
    peer.addEventListener('message', (evt) => { this.#arrived(`room:${evt.detail.room}`, this.#roomItem(evt.detail)) })
    for (const type of ['edit', 'delete', 'reaction'] as const) {
      peer.addEventListener(type, (evt) => {
        const { room, id } = evt.detail
        peer.rooms.get(room, id).then((message) => {
          if (message !== undefined) this.#emit({ type: 'updated', conversationId: `room:${room}`, item: this.#roomItem(message) })
        }, (error: Error) => { console.warn('reading a changed message', error) })
      })
    }
    peer.addEventListener('presence', (evt) => { this.#emit({ type: 'members', conversationId: `room:${evt.detail.room}` }) })
    peer.addEventListener('private-message', (evt) => { this.#arrived(`private:${evt.detail.room}`, this.#privateItem(evt.detail)) })
    peer.addEventListener('dm', (evt) => { void this.#dmArrived(peer, evt.detail) })
    peer.addEventListener('dm-update', (evt) => {
      this.#emit({ type: 'updated', conversationId: `dm:${evt.detail.peer}`, item: this.#dmItem(evt.detail) })
    })
    peer.addEventListener('typing', (evt) => {
      this.#emit({ type: 'typing', conversationId: `dm:${evt.detail.peer}`, nickname: this.#contactName(evt.detail.peer, '') })
    })
    peer.addEventListener('invite', () => {
      this.#emit({ type: 'invites' })
      this.#emit({ type: 'contacts' })
    })
    peer.addEventListener('error', (evt) => { console.debug('peer:', evt.detail.error) })
  }

  async #dmArrived (peer: Peer, message: DirectMessage): Promise<void> {
    const conversationId = `dm:${message.peer}`
    const known = peer.contacts.list().some((c) => c.peerId === message.peer)
    if (message.nick !== '' && this.#state.nicks[message.peer] !== message.nick) {
      this.#state.nicks[message.peer] = message.nick
      this.#save()
    }
    // Someone new wrote to us: they become a contact (and can be blocked from there).
    if (!known) {
      await peer.contacts.add(message.peer).catch((error: Error) => { console.warn('adding a contact', error) })
      this.#emit({ type: 'contacts' })
    }
    if (!message.outgoing) this.#unreadDm(message.peer).add(message.id)
    this.#arrived(conversationId, this.#dmItem(message))
  }

  #arrived (conversationId: string, item: TimelineItem): void {
    if (!item.own) {
      this.#state.unread[conversationId] = (this.#state.unread[conversationId] ?? 0) + 1
      this.#save()
    }
    this.#emit({ type: 'message', conversationId, item })
    this.#emit({ type: 'conversations' })
  }

  #unreadDm (peer: string): Set<string> {
    let ids = this.#unreadDms.get(peer)
    if (ids === undefined) {
      ids = new Set()
      this.#unreadDms.set(peer, ids)
    }
    return ids
  }

  #roomItem (m: RoomMessage): TimelineItem {
    return {
      id: m.id,
      author: { id: m.from, nickname: m.nick, fingerprint: m.fingerprint },
      own: m.from === this.#peer?.peerId,
      text: m.text,
      sentAt: m.sentAt,
      ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo }),
      edited: m.edited,
      deleted: m.deleted,
      reactions: m.reactions.map((r) => ({ from: r.from, reaction: r.reaction }))
    }
  }

  /** Private rooms have no edits, deletes or reactions yet. */
  #privateItem (m: PrivateMessage): TimelineItem {
    return this.#roomItem({ ...m, edited: false, deleted: false, reactions: [] })
  }

  #dmItem (m: DirectMessage): TimelineItem {
    return {
      id: m.id,
      author: { id: m.from, nickname: m.nick, fingerprint: this.#fingerprint(m.from) },
      own: m.outgoing,
      text: m.text,
      sentAt: m.sentAt,
      ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo }),
      edited: m.edited,
      deleted: m.deleted,
      reactions: m.reactions,
      ...(m.outgoing ? { receipt: m.read ? 'read' : m.delivered ? 'delivered' : 'sent' } : {})
    }
  }

  #fingerprint (peerId: string): string {
    try {
      const key = peerIdFromString(peerId).publicKey
      return key === undefined ? '' : shortFingerprint(key.raw)
    } catch {
      return ''
    }
  }

  #contactName (peerId: string, petname: string): string {
    if (petname !== '') return petname
    return this.#state.nicks[peerId] ?? `${peerId.slice(0, 8)}…${peerId.slice(-4)}`
  }

  /** Nicknames of contacts not seen in this browser's UI state yet: from their latest DM. */
  async #loadNicks (peer: Peer): Promise<void> {
    for (const contact of peer.contacts.list()) {
      if (this.#state.nicks[contact.peerId] !== undefined) continue
      const page = await peer.dms.history(contact.peerId, { limit: 20 })
      const theirs = page.messages.filter((m) => !m.outgoing).at(-1)
      if (theirs !== undefined && theirs.nick !== '') {
        this.#state.nicks[contact.peerId] = theirs.nick
        this.#save()
      }
    }
  }

  /**
   * Writes the UI state soon: every change within UI_STATE_SAVE_MS goes in one write, so a busy
   * room's unread counts cost one IndexedDB put per interval, not one per message.
   */
  #save (): void {
    if (this.#saveTimer !== undefined) return
    this.#saveTimer = setTimeout(() => { void this.#flushState() }, UI_STATE_SAVE_MS)
  }

  /** Writes the UI state now (after the writes already queued); `#saving` settles when it is stored. */
  #flushState (): Promise<void> {
    clearTimeout(this.#saveTimer)
    this.#saveTimer = undefined
    const bytes = new TextEncoder().encode(JSON.stringify(this.#state))
    this.#saving = this.#saving.then(async () => { await this.#store.kv('settings').put(UI_STATE_KEY, bytes) })
      .catch((error: Error) => { console.warn('saving the UI state', error) })
    return this.#saving
  }

  /** Dials contacts that have undelivered DMs, directly if we can. */
  async #redialContacts (): Promise<void> {
    const peer = this.#peer
    if (peer === undefined) return
    for (const contact of peer.contacts.list()) {
      if (!contact.blocked && await peer.dms.pending(contact.peerId) > 0) this.#connect(contact.peerId)
    }
  }

  /** Starts (once at a time) a direct connection to `contact` unless one is open. */
  #connect (contact: string): void {
    if (this.#dialling.has(contact)) return
    const run = this.#connectDirect(contact)
      .catch((error: Error) => { console.debug(`no direct connection to ${contact}:`, error.message) })
      .finally(() => { this.#dialling.delete(contact) })
    this.#dialling.set(contact, run)
  }

  /**
   * A direct (unlimited) connection to a contact: WebRTC signalled through each relay we are
   * connected to (browsers have no listen address of their own), then any address libp2p knows.
   */
  async #connectDirect (contact: string): Promise<void> {
    const peer = this.#requirePeer()
    const libp2p = peer.libp2p
    const target = peerIdFromString(contact)
    const direct = (): boolean => libp2p.getConnections(target).some((c) => c.limits === undefined)
    if (direct()) return
    const relays = libp2p.getConnections().filter((c) => c.limits === undefined && c.remotePeer.toString() !== contact && !c.remoteAddr.toString().includes('/p2p-circuit'))
    let lastError: Error = new Error(`${contact} is not reachable`)
    for (const relay of relays) {
      const base = relay.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '')
      const address = multiaddr(`${base}/p2p/${relay.remotePeer.toString()}/p2p-circuit/webrtc/p2p/${contact}`)
      for (let attempt = 0; attempt < DIRECT_DIAL_ATTEMPTS && !direct(); attempt++) {
        try {
          await libp2p.dial(address, { signal: AbortSignal.timeout(DIRECT_DIAL_TIMEOUT_MS) })
        } catch (err) {
          lastError = err as Error
        }
      }
      if (direct()) return
    }
    try {
      await libp2p.dial(target, { signal: AbortSignal.timeout(DIRECT_DIAL_TIMEOUT_MS) })
    } catch (err) {
      lastError = err as Error
    }
    if (!direct()) throw lastError
  }
}
