/**
 * createPeer: the isomorphic core of a Parley peer. The caller chooses the
 * transports, discovery, extra services and the store; the core adds Noise,
 * yamux, identify, ping and gossipsub, keyed by the user's identity so the
 * PeerId is the identity.
 */
import './pb-runtime.js'
import './libp2p-runtime.js'
import type { Ping } from '@libp2p/ping'
import type { Identity } from '@parley/crypto'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { Libp2p, Libp2pOptions } from 'libp2p'
import type { ICryptoInterface } from '@chainsafe/libp2p-noise'
import { TypedEventEmitter } from 'main-event'
import { PRESENCE_INTERVAL_MS } from './constants.js'
import type { BootstrapKeeper } from './net/bootstrap-keeper.js'
import type { Forgers } from './net/forgers.js'
import { parsePeerAddress } from './net/bootstrap-peers.js'
import { REDIAL_CONTACTS_INTERVAL } from './net/constants.js'
import { ContactDialler, type ContactDiallerInit } from './net/contact-dialler.js'
import { AddressBook } from './net/address-book.js'
import { MemberReach } from './net/member-reach.js'
import { createContactCard } from './net/contact-card.js'
import { connectCard, type ConnectedCard } from './net/connect-card.js'
import { keepPubsubAcrossConnections, peerScore, penalise, type GossipSub, type PubsubInit } from './pubsub.js'
import { announceHolding } from './files/send-file.js'
import { LIAR_PENALTY } from './files/constants.js'
import { checkNick, Rooms } from './rooms.js'
import { RoomSync, type SyncResult } from './sync/room-sync.js'
import { RoomUpkeep } from './sync/room-upkeep.js'
import { Contacts } from './dm/contacts.js'
import { DmService } from './dm/dm-service.js'
import { PrivateRooms, privateTopic } from './private-rooms.js'
import { watchForTwin } from './archive/twin-watch.js'
import { Communities, moderationEvent } from './communities/communities.js'
import { Moderation } from './communities/moderation.js'
import { Reports } from './communities/reports.js'
import { Directory } from './communities/directory.js'
import { Events } from './communities/events.js'
import { Files, type FilesInit } from './files/files.js'
import { MemoryBlobStore, type BlobStore } from './files/blob-store.js'
import { likelyHolders, mayFetch, type PolicyComponents } from './files/policy.js'
import { decodeFileRef } from './files/file-ref.js'
import { dmConversationId } from './conversation-id.js'
import { SearchIndex, type SearchQueryOptions, type SearchResult } from './search/index.js'
import { collectStats, type PeerStats, type StatsOptions } from './stats.js'
import { Mentions, type Mention } from './mentions/index.js'
import { createCalls } from './calls/create-calls.js'
import type { Calls } from './calls/calls.js'
import { createPeerLibp2p } from './peer-libp2p.js'

import type { GapSpan, ProfileStore } from './store/index.js'
import type { PeerEvents } from './types.js'

/** Options of {@link createPeer}. */
export interface PeerInit {
  identity: Identity
  store: ProfileStore
  /** Self-chosen nickname (stored; the stored one wins when omitted). */
  nick?: string
  /** Transports, listen addresses, discovery, gater and extra services of the runtime. */
  libp2p: Pick<Libp2pOptions, 'transports' | 'addresses' | 'peerDiscovery' | 'connectionGater' | 'connectionManager'> & {
    services?: Record<string, unknown>
    /** The runtime's ChaCha20-Poly1305 for Noise (the Node host's: node/noise-crypto.ts); Noise's default when absent. */
    noiseCrypto?: ICryptoInterface
  }
  pubsub?: PubsubInit
  /**
   * Peers to stay connected to (multiaddrs ending in `/p2p/<peer id>`): dialled at start and
   * redialled while disconnected, with backoff, by the bootstrap keeper.
   *
   * @throws InvalidPeerAddressError (from createPeer) for an address that does not name a peer
   */
  bootstrap?: Array<string | Multiaddr>
  /** How this host reaches contacts directly (the transports it signals through a relay). */
  reach?: ContactDiallerInit
  /**
   * Whether `start()` waits for the first dial of every bootstrap peer (default true: a terminal
   * peer is connected when it says it is ready; a browser tab shows its UI at once instead).
   */
  awaitBootstrap?: boolean
  /** Hold DMs for offline contacts (`/parley/mailbox/1.0.0`). */
  mailbox?: boolean
  /** How far back room history sync reaches (default 7 days). */
  syncWindowMs?: number
  /** Where file chunks are kept (default: in memory). */
  blobs?: BlobStore
  /** File size, quota and serving limits. */
  files?: FilesInit
  /**
   * What the caller read of the profile already (createNodePeer reads the nickname while the
   * database opens); default: read here.
   */
  stored?: { nick?: Uint8Array }
  /**
   * A node built by {@link createPeerLibp2p} for this identity, whose start the caller may have
   * begun already (createNodePeer starts it while the profile's database opens); default: one is
   * built here and started by `start()`.
   */
  node?: PeerNode
}

/** A peer's libp2p node and, when its start is under way, that start. */
export interface PeerNode {
  libp2p: Libp2p<Services>
  started?: Promise<void>
}

/** What a {@link Peer} is built with besides its libp2p node, identity, store and nickname. */
export interface PeerOptions {
  /** Hold DMs for offline contacts. */
  mailbox?: boolean
  /** How far back room history sync reaches. */
  syncWindowMs?: number
  /** How contacts are reached directly. */
  reach?: ContactDiallerInit
  /** Whether start() waits for the first dial of every bootstrap peer (default true). */
  awaitBootstrap?: boolean
  /** Where file chunks are kept (default: in memory). */
  blobs?: BlobStore
  /** File size, quota and serving limits. */
  files?: FilesInit
  /** The libp2p node's start when the caller began it (start() then waits for it instead). */
  started?: Promise<void>
}

/** A connected peer as listed by `peers()`. */
export interface PeerInfo {
  peerId: string
  addrs: string[]
}

/** The services every Parley node has (and whatever the runtime adds). */
export type Services = { pubsub: GossipSub, bootstrap: BootstrapKeeper, ping: Ping, forgers: Forgers } & Record<string, unknown>

/** A running Parley peer. */
export class Peer extends TypedEventEmitter<PeerEvents> {
  readonly libp2p: Libp2p<Services>
  readonly identity: Identity
  readonly store: ProfileStore
  readonly rooms: Rooms
  readonly sync: RoomSync
  readonly contacts: Contacts
  readonly dms: DmService
  readonly privateRooms: PrivateRooms
  /** Owned rooms: create, moderate, read their state. */
  readonly communities: Communities
  /** Reports to owned rooms' moderators, and the queue of the rooms we moderate. */
  readonly reports: Reports
  /** The room directory this peer hears, and its own rooms' listings. */
  readonly directory: Directory
  /** Scheduled events of owned rooms, our answers and reminders. */
  readonly events: Events
  /** Files, images and voice notes: sealed, stored, served and fetched chunk by chunk. */
  readonly files: Files
  /** One-to-one calls: the signalling of the one live call (media: the web app's call engine). */
  readonly calls: Calls
  #nick: string
  #presence: ReturnType<typeof setInterval> | undefined
  #redialContacts: ReturnType<typeof setInterval> | undefined
  readonly #dialler: ContactDialler
  /** Contacts' addresses, kept across restarts. */
  readonly #book: AddressBook
  /** Dials private rooms' members that are not connected. */
  readonly #members: MemberReach
  readonly #awaitBootstrap: boolean
  /** Gap markers, syncs on subscription, anti-entropy and onward sync (sync/room-upkeep.ts). */
  readonly #upkeep: RoomUpkeep
  /** Full-text index of the history, kept in the profile (search/). */
  readonly #search: SearchIndex
  /** The messages that mentioned us (mentions/). */
  readonly #mentions: Mentions
  /** The libp2p node's start when createNodePeer began it. */
  readonly #started: Promise<void> | undefined

  constructor (libp2p: Libp2p<Services>, identity: Identity, store: ProfileStore, nick: string, options: PeerOptions = {}) {
    super()
    const { mailbox = false, syncWindowMs } = options
    this.#awaitBootstrap = options.awaitBootstrap !== false
    this.#started = options.started
    this.#dialler = new ContactDialler(libp2p, options.reach)
    this.libp2p = libp2p
    this.identity = identity
    this.store = store
    this.#nick = nick
    this.contacts = new Contacts(store, libp2p.peerId.toString(), (error) => { this.safeDispatchEvent('error', { detail: { error } }) })
    this.#book = new AddressBook({ libp2p, store, isContact: (peer) => this.contacts.isContact(peer), onError: (error) => { this.safeDispatchEvent('error', { detail: { error } }) } })
    this.contacts.onBlock(async (peer) => { await this.#book.forget(peer) })
    this.#search = new SearchIndex({ store, hidden: (peerId) => this.contacts.isBlocked(peerId), onError: (error) => { this.safeDispatchEvent('error', { detail: { error } }) } })
    const emit = <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']): void => {
      this.safeDispatchEvent(type, { detail })
    }
    this.#mentions = new Mentions({ self: libp2p.peerId.toString(), store, onMention: (m) => { emit('mention', m) }, onError: (error) => { emit('error', { error }) } })
    this.addEventListener('message', (evt) => { this.#mentions.observe(`room:${evt.detail.room}`, evt.detail) })
    this.addEventListener('private-message', (evt) => { this.#mentions.observe(`private:${evt.detail.room}`, evt.detail) })
    this.addEventListener('dm', (evt) => { this.#mentions.observe(dmConversationId(evt.detail.peer), evt.detail) })
    const moderation = new Moderation({
      store,
      self: identity.publicKey,
      onAction: (room, action, counts) => {
        emit('moderation', moderationEvent(room, action, counts))
        this.events.changed(room, action.action, action.id)
      },
      onError: (error) => { emit('error', { error }) }
    })
    this.rooms = new Rooms({
      identity,
      policy: moderation,
      store,
      pubsub: libp2p.services.pubsub,
      nick: () => this.#nick,
      hidden: (peerId) => this.contacts.isBlocked(peerId),
      emit,
      forgers: libp2p.services.forgers,
      onFile: async (room, id, from, file) => { await this.#rememberFile(`room:${room}`, id, from, file) },
      onHolds: async (room, from, roots) => { await this.files.heard(`room:${room}`, from, roots) }
    })
    this.directory = new Directory({ identity, libp2p, pubsub: libp2p.services.pubsub, forgers: libp2p.services.forgers, onError: (error) => { emit('error', { error }) } })
    this.communities = new Communities({ self: identity.publicKey, rooms: this.rooms, moderation, directory: this.directory })
    this.events = new Events({ store, moderation, moderate: async (room, request) => this.communities.moderate(room, request), onReminder: (event, kind) => { emit('event-reminder', { ...event, kind }) } })
    this.reports = new Reports({ store, self: identity.publicKey, moderation, dms: () => this.dms, onReport: (report) => { emit('report', report) }, onError: (error) => { emit('error', { error }) } })
    const pubsub = libp2p.services.pubsub
    this.#members = new MemberReach({
      self: libp2p.peerId.toString(),
      rooms: () => this.privateRooms.list().map((r) => ({ topic: privateTopic(r.room), members: r.members })),
      connect: async (peer) => { await this.#dialler.connect(peer) },
      isConnected: (peer) => this.#dialler.isConnected(peer),
      subscribers: (topic) => pubsub.getSubscribers(topic).map(String),
      onSubscriptionChange: (listener) => {
        pubsub.addEventListener('subscription-change', listener)
        return () => { pubsub.removeEventListener('subscription-change', listener) }
      },
      skip: (peer) => this.contacts.isBlocked(peer)
    })
    this.privateRooms = new PrivateRooms({ identity, self: libp2p.peerId.toString(), store, pubsub, libp2p, syncWindowMs, dms: () => this.dms, nick: () => this.#nick, emit,
      beforePost: async (room) => { await this.#members.beforePost(room) },
      onFile: async (room, id, from, file) => { await this.#rememberFile(`private:${room}`, id, from, file) },
      onHolds: async (room, from, roots) => { await this.files.heard(`private:${room}`, from, roots) }
    })
    this.calls = createCalls({ store, self: libp2p.peerId.toString(), contacts: this.contacts, dms: () => this.dms, nick: () => this.#nick, emit })
    this.dms = new DmService({
      libp2p,
      identity,
      store,
      contacts: this.contacts,
      nick: () => this.#nick,
      mailbox,
      onRoomKeys: async (peer, kind, data) => { await this.privateRooms.onRoomKeys(peer, kind, data) },
      onReport: async (peer, data) => { await this.reports.receive(peer, data) },
      onFile: async (peer, stored) => { await this.#rememberFile(dmConversationId(peer), stored.payload?.id ?? '', peer, stored.payload?.data ?? new Uint8Array()) },
      onCall: async (peer, payload) => { await this.calls.receive(peer, payload) },
      emit,
      reach: (peer) => { this.reach(peer) }
    })
    const policy: PolicyComponents = {
      self: libp2p.peerId.toString(),
      pubsub: libp2p.services.pubsub,
      privateMembers: (room) => this.privateRooms.list().find((r) => r.room === room)?.members
    }
    this.files = new Files({
      libp2p,
      store,
      blobs: options.blobs ?? new MemoryBlobStore(),
      allowed: (peer, conversation) => mayFetch(policy, peer, conversation),
      members: (conversation) => likelyHolders(policy, conversation),
      connect: async (peer) => { await this.#dialler.connect(peer) },
      announce: async (conversation, root) => { await announceHolding(this, conversation, root) },
      penalise: (peer) => { penalise(libp2p.services.pubsub, peer, LIAR_PENALTY) },
      isContact: (peer) => this.contacts.isContact(peer),
      onFile: (file) => { emit('file', file) },
      onProgress: (progress) => { emit('file-progress', progress) },
      onError: (error) => { emit('error', { error }) }
    }, options.files)
    this.#upkeep = new RoomUpkeep({ libp2p, store, rooms: () => this.rooms.list(), sync: () => this.sync, emit })
    this.sync = new RoomSync({
      libp2p,
      store,
      rooms: this.rooms,
      windowMs: syncWindowMs,
      onSync: (result) => { this.#upkeep.synced(result) },
      onLearned: (room, peer) => { this.#upkeep.learned(room, peer) },
      onError: (error) => { this.safeDispatchEvent('error', { detail: { error } }) }
    })
    watchForTwin(libp2p.services.pubsub, identity.publicKey, (detail) => { this.safeDispatchEvent('identity-elsewhere', { detail }) })
    keepPubsubAcrossConnections(libp2p)
    libp2p.addEventListener('peer:connect', (evt) => { this.safeDispatchEvent('peer:connect', { detail: { peerId: evt.detail.toString() } }) })
    libp2p.addEventListener('peer:disconnect', (evt) => { this.safeDispatchEvent('peer:disconnect', { detail: { peerId: evt.detail.toString() } }) })
  }

  /** Records a file message's file (ours: kept and complete; someone's: to fetch when asked). */
  async #rememberFile (conversation: string, id: string, from: string, file: Uint8Array): Promise<void> {
    await this.files.remember(conversation, id, from, decodeFileRef(file, Number.MAX_SAFE_INTEGER), from === this.peerId)
  }

  get peerId (): string {
    return this.libp2p.peerId.toString()
  }

  get nick (): string {
    return this.#nick
  }

  /** Changes the nickname (stored, and announced in every joined room). */
  async setNick (nick: string): Promise<void> {
    checkNick(nick)
    this.#nick = nick.trim()
    await this.store.kv('settings').put('nick', new TextEncoder().encode(this.#nick))
    await Promise.all(this.rooms.list().map(async (room) => { await this.rooms.announcePresence(room) }))
  }

  /** Listen addresses with the PeerId appended. */
  addrs (): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  peers (): PeerInfo[] {
    return this.libp2p.getConnections().map((c) => ({ peerId: c.remotePeer.toString(), addrs: [c.remoteAddr.toString()] }))
  }

  async dial (address: string): Promise<void> {
    await this.libp2p.dial(multiaddr(address))
  }

  /**
   * Adds a bootstrap peer (e.g. typed by the user) and keeps it connected from now on.
   *
   * @throws InvalidPeerAddressError when `address` is not a multiaddr ending in `/p2p/<peer id>`
   */
  keep (address: string): void {
    this.libp2p.services.bootstrap.add(parsePeerAddress(address))
  }

  /**
   * Connects to a contact unless a connection is open, found however it can be (known addresses,
   * the DHT, a circuit through a relay both use), then upgrades a relayed connection to direct in
   * the background (see ContactDialler): at once for a contact just written to, and every
   * REDIAL_CONTACTS_INTERVAL for contacts whose DMs wait in the outbox. Never rejects: a failure
   * is an `error` event and the outbox keeps the messages.
   */
  reach (contact: string): void {
    this.#dialler.connect(contact).catch((error: Error) => { this.safeDispatchEvent('error', { detail: { error } }) })
  }

  /**
   * This peer's contact card as a `parley:card/…` link: its PeerId, nick and current addresses
   * (relay addresses included), signed, valid for `validityMs` (default CARD_VALIDITY_MS).
   */
  card (options: { validityMs?: number } = {}): string {
    return createContactCard(this.identity, { nick: this.#nick, addrs: this.libp2p.getMultiaddrs(), validityMs: options.validityMs })
  }

  /**
   * Adds a contact from a card link or a multiaddr ending in `/p2p/<peer id>`: stores its
   * addresses, adds it (petname: `petname`, else its current one, else the card's nick) and
   * dials it. Resolves whether or not the dial succeeded (see `connected`).
   *
   * @throws InvalidContactCardError, ExpiredContactCardError, ContactCardTooLargeError, InvalidPeerAddressError, InvalidPeerIdError
   */
  async connectCard (input: string, petname?: string): Promise<ConnectedCard> {
    return connectCard({ libp2p: this.libp2p, contacts: this.contacts, reach: async (peer) => { await this.#dialler.connect(peer) }, remember: async (peer, addrs, until) => { await this.#book.remember(peer, addrs, until) } }, input, petname)
  }

  /** Whether an unlimited (not relayed) connection to `contact` is open. */
  isDirect (contact: string): boolean {
    return this.#dialler.isDirect(contact)
  }

  /** Reconciles a room's history with every peer subscribed to it; resolves with each outcome. */
  async resync (name: string): Promise<SyncResult[]> {
    const room = this.rooms.list().find((r) => r === name.toLowerCase()) ?? name
    return this.#upkeep.resync(room)
  }

  /** Joins a room; its history counts as possibly incomplete until a sync completes (a gap marker). */
  async join (name: string): Promise<string> {
    const room = await this.rooms.join(name)
    this.#upkeep.joined(room)
    return room
  }

  /** Where a conversation's history is known to have lost messages (a repair's gap markers, store/gaps.ts), oldest first. */
  async gaps (conversation: string): Promise<GapSpan[]> {
    return this.#upkeep.gaps(conversation)
  }

  /** True while a room's history may have a gap. */
  isIncomplete (room: string): boolean {
    return this.#upkeep.isIncomplete(room)
  }

  /**
   * Full-text search of every conversation's history (or one's): messages holding every word of
   * `query`, the last word as a prefix, best match first, each as it is now with a snippet. The
   * index loads (or is rebuilt from history) on the first search.
   *
   * @throws InvalidSearchError for an empty or too long query, a bad limit or conversation
   */
  async search (query: string, options?: SearchQueryOptions): Promise<SearchResult[]> {
    return this.#search.search(query, options)
  }

  /** Memory, connections, open streams and the store's size (see stats.ts); `gc` collects first when the runtime allows. */
  async stats (options: StatsOptions = {}): Promise<PeerStats> {
    return collectStats(this.libp2p, this.store, options)
  }

  /** The messages that mentioned us by key (newest first, at most MAX_KEPT_MENTIONS kept). */
  async mentions (limit?: number): Promise<Mention[]> {
    return this.#mentions.list(limit)
  }

  /** A peer's gossipsub score as this peer sees it. */
  peerScore (peerId: string): number {
    return peerScore(this.libp2p.services.pubsub, peerId)
  }

  /**
   * Starts libp2p and restores the profile's state, as much of it side by side as the order
   * allows: the contacts load while libp2p starts (every later step asks who is a contact or
   * blocked); then the rooms, private rooms, address book and the handlers that need no state
   * (sync, directory, files) together, each independent of the others; the scheduled events once
   * the rooms' moderation logs are open; the DMs' held requests and prekeys alongside them; and
   * the DM handler last, so a DM carrying a private room's keys meets the private rooms already
   * restored. With createNodePeer, libp2p's start began while the store opened: it is awaited here. Nothing is dialled before all is in
   * place (below), so nothing received is dropped for want of state.
   */
  async start (): Promise<void> {
    await Promise.all([this.#started ?? this.libp2p.start(), this.contacts.load()])
    const restored = Promise.all([
      this.#book.start(),
      this.sync.start(),
      this.directory.start(),
      this.files.start(),
      this.privateRooms.restore(),
      this.rooms.restore().then(async () => { await this.events.restore() })
    ])
    await Promise.all([restored, this.dms.start(restored)])
    this.#upkeep.start()
    // Bootstrap peers are dialled only now that every handler and connect listener is in place
    // (a connection opened earlier would go unnoticed); start() returns once each answered or failed.
    this.libp2p.services.bootstrap.dialAll()
    if (this.#awaitBootstrap) await this.libp2p.services.bootstrap.settled()
    this.#redialContacts = setInterval(() => { void this.#reachPending() }, REDIAL_CONTACTS_INTERVAL)
    void this.#reachPending()
    this.#members.start()
    this.#presence = setInterval(() => {
      for (const room of this.rooms.list()) {
        if (!this.rooms.presenceDue(room)) continue
        this.rooms.announcePresence(room).catch((error: Error) => { this.safeDispatchEvent('error', { detail: { error } }) })
      }
    }, PRESENCE_INTERVAL_MS)
  }

  /** Reaches every unblocked contact whose DMs wait in the outbox. */
  async #reachPending (): Promise<void> {
    for (const contact of this.contacts.list()) {
      if (contact.blocked) continue
      try {
        if (await this.dms.pending(contact.peerId) > 0) this.reach(contact.peerId)
      } catch (error) {
        this.safeDispatchEvent('error', { detail: { error: error as Error } })
      }
    }
  }

  /** Stops libp2p and closes the store. */
  async stop (): Promise<void> {
    clearInterval(this.#presence)
    clearInterval(this.#redialContacts)
    this.#upkeep.stop()
    this.events.stop()
    this.calls.stop()
    this.#members.stop()
    this.#dialler.stop()
    await this.#book.stop()
    await this.sync.stop().catch(() => {})
    await this.privateRooms.stop()
    await this.directory.stop().catch(() => {})
    await this.dms.stop().catch(() => {})
    await this.files.stop().catch(() => {})
    // A start under way would finish after stop() (libp2p stops only a started node).
    await this.#started?.catch(() => {})
    await this.libp2p.stop()
    await this.#search.stop()
    await this.store.close()
  }
}

/** Builds (but does not start) a peer. */
export async function createPeer (init: PeerInit): Promise<Peer> {
  if (init.nick !== undefined) checkNick(init.nick)
  // The stored nickname (unless given, or read already) is read while libp2p is built (neither waits for the other).
  const [stored, libp2p] = await Promise.all([
    init.nick !== undefined ? undefined : init.stored !== undefined ? init.stored.nick : init.store.kv('settings').get('nick'),
    init.node?.libp2p ?? createPeerLibp2p(init)
  ])
  const nick = init.nick ?? (stored === undefined ? 'anonymous' : new TextDecoder().decode(stored))
  checkNick(nick)
  if (init.nick !== undefined) await init.store.kv('settings').put('nick', new TextEncoder().encode(nick))
  return new Peer(libp2p, init.identity, init.store, nick, { mailbox: init.mailbox === true, syncWindowMs: init.syncWindowMs, reach: init.reach, awaitBootstrap: init.awaitBootstrap, blobs: init.blobs, files: init.files, started: init.node?.started })
}
