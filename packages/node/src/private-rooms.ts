/**
 * Private rooms and group IMs: a random room secret, room id =
 * roomIdFor(owner key, secret) (so the id names its owner and only the
 * secret's holders can claim it), topic `/parley/private/1/<room-id-hex>`
 * (the name never travels in clear). Messages are signed by their author and
 * sealed under the current epoch key; their id is the signed message id, so a
 * re-sealed copy is a duplicate. Invites and new epoch keys travel as DMs,
 * from the owner only. The owner removes a member by starting a new epoch
 * whose key goes only to the others; posts from anyone not a member now are
 * refused, whatever epoch they are sealed under (a removed member keeps the
 * old epoch keys, so the epoch alone proves nothing). Every stored post keeps
 * the sealed bytes it came in, which history sync (sync/private-sync.ts)
 * serves to the room's other members, who check them as gossip.
 */
import { openRoomMessage, sealRoomMessage, toHex, type Identity, type OpenedRoomMessage } from '@parley/crypto'
import type { Message } from '@libp2p/gossipsub'
import { InvalidInputError, NotAuthorError, NotJoinedError } from './errors.js'
import { DmPayload } from './pb/dm.js'
import { roomTopicScore, setTopicScore, TopicValidatorResult, type GossipSub } from './pubsub.js'
import { peerIdOfKey } from './room-messages.js'
import { encodeBody, encodeHolds, fromRecord, openBody, privateConversation, storedRecord } from './private-rooms/body.js'
import { MAX_PENDING_INVITES_PER_INVITER, MAX_PRIVATE_ROOM_MEMBERS } from './private-rooms/constants.js'
import { InvalidRoomKeysError, NotMemberError, NotRoomOwnerError, RoomFullError, TooManyInvitesError, UnknownRoomError } from './private-rooms/errors.js'
import { checkRoomName, createRoomState, decodeRoomState, encodeRoomState, isMemberId, type RoomState } from './private-rooms/room-state.js'
import { InvalidPeerIdError } from './dm/errors.js'
import { SyncSchedule } from './sync/sync-schedule.js'
import { syncedPosts } from './private-rooms/synced-posts.js'
import { PrivateSync, PrivateSyncRefusedError } from './sync/private-sync.js'
import type { SyncResult } from './sync/room-sync.js'
import type { Libp2p } from 'libp2p'
import type { PrivateRoomBody } from './pb/private-room.js'
import type { DmService } from './dm/dm-service.js'
import { refillGaps, type ProfileStore } from './store/index.js'
import type { PeerEvents, PrivateMessage } from './types.js'

export type { PrivateMessage }
export * from './private-rooms/errors.js'

/** Topic of a private room. */
export const privateTopic = (roomIdHex: string): string => `/parley/private/1/${roomIdHex}`

/** What {@link PrivateRooms} needs from the peer. */
export interface PrivateRoomsComponents {
  identity: Identity
  self: string
  store: ProfileStore
  pubsub: GossipSub
  /** The libp2p node history sync (sync/private-sync.ts) runs on. */
  libp2p: Libp2p<{ pubsub: GossipSub }>
  /** How far back history sync reaches (default: the public rooms' SYNC_WINDOW_MS). */
  syncWindowMs?: number
  dms: () => DmService
  nick: () => string
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
  /** Before a post goes out: reaches members that are not connected (net/member-reach.ts). */
  beforePost?: (room: { topic: string, members: string[] }) => Promise<void>
  /** A message carrying a file was stored (ours or someone's): files/ records it. */
  onFile?: (room: string, id: string, from: string, file: Uint8Array) => Promise<void>
  /** A member announced that it holds these files of the room ("I hold it", files/). */
  onHolds?: (room: string, from: string, roots: Uint8Array[]) => Promise<void>
}

/** The private rooms of one profile: create, invite, remove, post, read; invites and re-keys arrive through {@link PrivateRooms.onRoomKeys}. */
export class PrivateRooms {
  readonly #c: PrivateRoomsComponents
  readonly #rooms = new Map<string, RoomState>()
  #lastSentAt = 0
  readonly #sync: PrivateSync
  readonly #upkeep: SyncSchedule
  #refills: Promise<void> = Promise.resolve()

  constructor (components: PrivateRoomsComponents) {
    this.#c = components
    this.#c.pubsub.addEventListener('message', (evt) => { void this.#onMessage(evt.detail) })
    const onError = (error: Error): void => { this.#c.emit('error', { error }) }
    const isMember = (room: string, peer: string): boolean => peer !== this.#c.self && this.#rooms.get(room)?.joined === true && this.#rooms.get(room)?.members.includes(peer) === true
    this.#sync = new PrivateSync({
      libp2p: components.libp2p,
      windowMs: components.syncWindowMs,
      history: {
        isMember,
        ...syncedPosts({
          store: components.store,
          require: (room) => this.#require(room),
          author: (room, state, opened) => this.#author(room, state, opened),
          keep: async (room, opened, author, body, sealed) => this.#keep(room, opened, author, body, sealed),
          // Gap markers a repair left lose what a sync brought back (fetched or pushed), as in public rooms.
          onStored: (room) => { void this.#refill(room) },
          onError
        })
      },
      onLearned: (room, peer) => { this.#upkeep.learned(room, peer) },
      onError
    })
    const prefix = privateTopic('')
    // Only peers our member list names are ever synced with; a subscriber that is not a member is ignored.
    this.#upkeep = new SyncSchedule({
      libp2p: components.libp2p,
      rooms: () => this.list().map((r) => r.room),
      roomOf: (topic) => topic.startsWith(prefix) ? topic.slice(prefix.length) : undefined,
      topicOf: privateTopic,
      isMember,
      isPenalised: (peer) => this.#sync.isPenalised(peer),
      syncWith: async (peer, room) => this.#sync.syncWith(peer, room),
      // A refusal is not an error of ours: we were removed, or the peer has not heard of our membership yet.
      onError: (error) => { if (error.name !== PrivateSyncRefusedError.name) onError(error) }
    })
  }

  /**
   * Loads the stored rooms and starts their history sync; a room that does not decode or whose id
   * is not bound to its owner is skipped with an error event.
   */
  async restore (): Promise<void> {
    await this.#load()
    await this.#sync.start()
    this.#upkeep.start()
  }

  /** Stops history sync. */
  async stop (): Promise<void> {
    this.#upkeep.stop()
    await this.#sync.stop().catch(() => {})
  }

  /** Reconciles a private room's history with every subscribed member now; resolves with each sync that completed. */
  async resync (roomIdHex: string): Promise<SyncResult[]> {
    this.#require(roomIdHex)
    return this.#upkeep.resync(roomIdHex)
  }

  /** One refill at a time: two syncs storing at once would otherwise both count the same posts back. */
  async #refill (roomIdHex: string): Promise<void> {
    const conversation = privateConversation(roomIdHex)
    this.#refills = this.#refills.then(async () => {
      const { spans, refilled } = await refillGaps(this.#c.store, conversation)
      if (refilled > 0) this.#c.emit('gap-refilled', { conversation, refilled, missing: spans.reduce((n, s) => n + s.missing, 0) })
    }).catch((error: Error) => { this.#c.emit('error', { error }) })
    await this.#refills
  }

  async #load (): Promise<void> {
    const kv = this.#c.store.kv('rooms')
    for await (const [key, bytes] of kv.entries({ prefix: 'private:' })) {
      try {
        const roomIdHex = key.slice('private:'.length)
        const state = decodeRoomState(bytes, (await kv.get(`joined-private:${roomIdHex}`)) !== undefined)
        if (toHex(state.roomId) !== roomIdHex) throw new InvalidRoomKeysError(`private room stored under ${roomIdHex} is ${toHex(state.roomId)}`)
        this.#rooms.set(roomIdHex, state)
        if (state.joined) this.#subscribe(roomIdHex)
      } catch (err) {
        this.#c.emit('error', { error: err as Error })
      }
    }
  }

  async #save (roomIdHex: string, state: RoomState): Promise<void> {
    const tx = this.#c.store.transaction().put('rooms', `private:${roomIdHex}`, encodeRoomState(state))
    if (state.joined) tx.put('rooms', `joined-private:${roomIdHex}`, new Uint8Array())
    await tx.commit()
  }

  #subscribe (roomIdHex: string): void {
    const topic = privateTopic(roomIdHex)
    this.#c.pubsub.topicValidators.set(topic, (_peer, msg) => this.#validate(roomIdHex, msg))
    // Scored like a public room: a peer that forwards refused posts loses standing in the mesh.
    setTopicScore(this.#c.pubsub, topic, roomTopicScore())
    this.#c.pubsub.subscribe(topic)
  }

  #require (roomIdHex: string): RoomState {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined || !state.joined) throw new NotJoinedError(`not in private room ${roomIdHex}`)
    return state
  }

  #requireOwner (roomIdHex: string, what: string): RoomState {
    const state = this.#require(roomIdHex)
    if (state.owner !== this.#c.self) throw new NotAuthorError(`only the room's creator can ${what}`)
    return state
  }

  list (): Array<{ room: string, name: string, owner: string, members: string[], epoch: number }> {
    return [...this.#rooms].filter(([, s]) => s.joined).map(([room, s]) => ({ room, name: s.name, owner: s.owner, members: s.members, epoch: s.keyring.currentEpoch }))
  }

  /** Invites received and not accepted yet, oldest first. */
  invites (): Array<{ room: string, name: string, owner: string }> {
    return [...this.#rooms].filter(([, s]) => !s.joined).map(([room, s]) => ({ room, name: s.name, owner: s.owner }))
  }

  async create (name: string): Promise<string> {
    try {
      checkRoomName(name)
    } catch (err) {
      throw new InvalidInputError((err as Error).message)
    }
    const state = createRoomState(this.#c.identity, this.#c.self, name)
    const roomIdHex = toHex(state.roomId)
    this.#rooms.set(roomIdHex, state)
    await this.#save(roomIdHex, state)
    this.#subscribe(roomIdHex)
    return roomIdHex
  }

  /** Sends the room's keys to a contact by DM (owner only); the other members learn the new member list. */
  async invite (roomIdHex: string, peer: string): Promise<void> {
    const state = this.#requireOwner(roomIdHex, 'invite')
    // A bad PeerId must not reach the member list: every member would refuse the room's keys from then on.
    if (!isMemberId(peer) || peer === this.#c.self) throw new InvalidPeerIdError(`cannot invite ${String(peer)}`)
    if (!state.members.includes(peer)) {
      if (state.members.length >= MAX_PRIVATE_ROOM_MEMBERS) throw new RoomFullError(`private room ${roomIdHex} has ${MAX_PRIVATE_ROOM_MEMBERS} members`)
      state.members.push(peer)
    }
    await this.#save(roomIdHex, state)
    await this.#c.dms().send(peer, { kind: DmPayload.Kind.INVITE, data: encodeRoomState(state) })
    await this.#rekeyMembers(state, [peer])
  }

  /** Accepts an invite received earlier: joins the room. */
  async accept (roomIdHex: string): Promise<void> {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined) throw new NotJoinedError(`no invite to private room ${roomIdHex}`)
    state.joined = true
    await this.#save(roomIdHex, state)
    this.#subscribe(roomIdHex)
    // What was posted before our subscription reached the posters arrives by sync.
    this.#upkeep.joined(roomIdHex)
  }

  /** Removes a member (owner only): a new epoch whose key goes by DM to every remaining member. */
  async remove (roomIdHex: string, peer: string): Promise<void> {
    const state = this.#requireOwner(roomIdHex, 'remove members')
    state.members = state.members.filter((m) => m !== peer)
    state.keyring.rotate()
    await this.#save(roomIdHex, state)
    await this.#rekeyMembers(state, [])
  }

  async #rekeyMembers (state: RoomState, except: string[]): Promise<void> {
    const data = encodeRoomState(state)
    for (const member of state.members) {
      if (member !== this.#c.self && !except.includes(member)) await this.#c.dms().send(member, { kind: DmPayload.Kind.REKEY, data })
    }
  }

  /**
   * An invite or re-key arrived by DM from `peer`. Keys that fail a check are
   * refused with an error event, never thrown back at the DM layer: the DM
   * itself was delivered, and the sender's outbox must not stall on it.
   */
  async onRoomKeys (peer: string, kind: DmPayload.Kind, data: Uint8Array): Promise<void> {
    try {
      await this.#takeKeys(peer, kind, data)
    } catch (err) {
      this.#c.emit('error', { error: err as Error })
    }
  }

  /**
   * Checks, in order: the keys decode within limits and their room id is
   * bound to the owner key and secret they carry (RoomIdMismatchError: a
   * squatter cannot claim a room id it saw in a subscription); the DM comes
   * from that owner (NotRoomOwnerError); a re-key is for a known room
   * (UnknownRoomError); and the keyring is at most MAX_EPOCH_STEP epochs ahead
   * of ours (EpochStepError), for an invite to a room we know too. Since the id binds the owner, a known room's
   * keys can only ever come from its one owner.
   */
  async #takeKeys (peer: string, kind: DmPayload.Kind, data: Uint8Array): Promise<void> {
    const incoming = decodeRoomState(data, false)
    if (incoming.owner !== peer) throw new NotRoomOwnerError(`${peer} sent keys of a room owned by ${incoming.owner}`)
    const roomIdHex = toHex(incoming.roomId)
    const known = this.#rooms.get(roomIdHex)
    if (known === undefined && kind !== DmPayload.Kind.INVITE) throw new UnknownRoomError(`re-key for private room ${roomIdHex}, which we were never invited to`)
    if (known === undefined) {
      // A contact cannot grow our store without bound by inviting us to ever new rooms.
      const waiting = [...this.#rooms.values()].filter((s) => !s.joined && s.owner === peer).length
      if (waiting >= MAX_PENDING_INVITES_PER_INVITER) throw new TooManyInvitesError(`${peer} already has ${waiting} invites waiting`)
      this.#rooms.set(roomIdHex, incoming)
      await this.#save(roomIdHex, incoming)
    } else {
      known.keyring.merge(incoming.keyring)
      known.members = incoming.members
      await this.#save(roomIdHex, known)
    }
    if (kind === DmPayload.Kind.INVITE) this.#c.emit('invite', { room: roomIdHex, name: incoming.name, from: peer })
  }

  #validate (roomIdHex: string, msg: Message): TopicValidatorResult {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined) return TopicValidatorResult.Ignore
    try {
      const opened = openRoomMessage(state.keyring, msg.data)
      // Dropped, not penalised: the member list travels by DM, so an honest forwarder may not have
      // learnt of a removal (or an addition) yet. Forgeries and out-of-limit bodies are REJECTed.
      if (!state.members.includes(peerIdOfKey(opened.author))) return TopicValidatorResult.Ignore
      openBody(opened.payload)
      return TopicValidatorResult.Accept
    } catch (err) {
      // A newer epoch than ours is not the sender's fault: we were removed, or a rekey is on its way.
      return (err as Error).name === 'UnknownEpochError' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
    }
  }

  async #onMessage (msg: Message): Promise<void> {
    const prefix = privateTopic('')
    if (!msg.topic.startsWith(prefix)) return
    await this.#store(msg.topic.slice(prefix.length), msg.data).catch((error: Error) => { this.#c.emit('error', { error }) })
  }

  /** Tells a private room's members we hold these of its files whole (sealed like a post, not stored). */
  async announceHolding (roomIdHex: string, roots: Array<Uint8Array<ArrayBuffer>>): Promise<void> {
    const state = this.#require(roomIdHex)
    this.#lastSentAt = Math.max(Date.now(), this.#lastSentAt + 1)
    const sealed = sealRoomMessage(this.#c.identity, state.keyring, encodeHolds(this.#c.nick(), this.#lastSentAt, roots))
    await this.#c.pubsub.publish(privateTopic(roomIdHex), sealed)
  }

  /**
   * Opens, checks and stores a sealed post; emits it when it is new. The
   * stored id is the signed message id: a copy re-sealed under a fresh nonce
   * is the same message and is neither stored nor shown again.
   */
  async #store (roomIdHex: string, sealed: Uint8Array): Promise<PrivateMessage | undefined> {
    const state = this.#require(roomIdHex)
    const opened = openRoomMessage(state.keyring, sealed)
    const author = this.#author(roomIdHex, state, opened)
    return this.#keep(roomIdHex, opened, author, openBody(opened.payload), sealed)
  }

  /** The author of an opened post; NotMemberError when the member list does not name it now. */
  #author (roomIdHex: string, state: RoomState, opened: OpenedRoomMessage): string {
    const author = peerIdOfKey(opened.author)
    if (!state.members.includes(author)) throw new NotMemberError(`${author} is not a member of private room ${roomIdHex}`)
    return author
  }

  /** Stores a checked post (an announcement goes to files/ instead) and emits it when it is new: stored before shown. */
  async #keep (roomIdHex: string, opened: OpenedRoomMessage, author: string, body: PrivateRoomBody, sealed: Uint8Array): Promise<PrivateMessage | undefined> {
    if (body.holds.length > 0) {
      await this.#c.onHolds?.(roomIdHex, author, body.holds)
      return undefined
    }
    const record = storedRecord(roomIdHex, opened, body, sealed)
    const added = await this.#c.store.history.append([record])
    if (added.length > 0 && body.file.length > 0) await this.#c.onFile?.(roomIdHex, record.id, author, body.file)
    const message = fromRecord(roomIdHex, record)
    if (added.length > 0) this.#c.emit('private-message', message)
    return message
  }

  /** Posts a text (with `file`, an encoded FileRef: a file message whose text is its caption or name). */
  async send (roomIdHex: string, text: string, file?: Uint8Array<ArrayBuffer>, mentions?: string[]): Promise<PrivateMessage> {
    const state = this.#require(roomIdHex)
    this.#lastSentAt = Math.max(Date.now(), this.#lastSentAt + 1)
    const sealed = sealRoomMessage(this.#c.identity, state.keyring, encodeBody(text, this.#c.nick(), this.#lastSentAt, file, mentions))
    const message = await this.#store(roomIdHex, sealed) as PrivateMessage
    await this.#c.beforePost?.({ topic: privateTopic(roomIdHex), members: state.members })
    await this.#c.pubsub.publish(privateTopic(roomIdHex), sealed)
    return message
  }

  async history (roomIdHex: string, options: { limit?: number, before?: string | null } = {}): Promise<{ messages: PrivateMessage[], before: string | null }> {
    this.#require(roomIdHex)
    const page = await this.#c.store.history.page(privateConversation(roomIdHex), { limit: options.limit ?? 50, before: options.before })
    return { messages: page.messages.map((r) => fromRecord(roomIdHex, r)), before: page.before }
  }
}
