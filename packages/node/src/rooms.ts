/**
 * Public rooms over gossipsub: join, leave, send, receive, history and
 * presence. Every message is checked by a topic validator before gossipsub
 * forwards it (REJECT feeds peer scoring) and stored before it is emitted.
 */
import { constantTimeEqual, type Identity } from '@parley/crypto'
import {
  DEFAULT_PAGE,
  PRESENCE_INTERVAL_MS,
  roomConversation,
  roomEventsConversation,
  roomTopic
} from './constants.js'
import { isForgery, NotAuthorError, NotJoinedError, UnknownMessageError } from './errors.js'
import { checkReaction, checkRoomForReaction, checkText } from './message-model.js'
import { openEvent, RoomEvent, sealEvent, type EventFields, type VerifiedEvent } from './envelope.js'
import { roomTopicScore, setTopicScore, TopicValidatorResult, type GossipSub } from './pubsub.js'
import { applyEvent, authorOf, freshRoomMessage, peerIdOfKey, reactionCount, storedFrom, toRoomMessage } from './room-messages.js'
import { RoomMembers } from './room-members.js'
import { normaliseRoomName } from './room-name.js'
import type { RoomPolicy } from './communities/policy.js'
import type { ForgerWatch } from './net/forgers.js'
import type { ProfileStore } from './store/index.js'
import type { Member, PeerEvents, RoomMessage } from './types.js'
import type { Message } from '@libp2p/gossipsub'

const TOPIC_PREFIX = roomTopic('')
/** Most texts stored in one append when several wait (group commit). */
export const MAX_APPEND_BATCH = 256
const MESSAGE_ID = /^[0-9a-f]{64}$/

/** What the rooms need from the peer. */
export interface RoomsComponents {
  identity: Identity
  store: ProfileStore
  pubsub: GossipSub
  nick: () => string
  /** Authors whose room messages are hidden (blocked contacts). */
  hidden?: (peerId: string) => boolean
  /** The rules of owned rooms (communities/): who may post, what is shown, what is synced. */
  policy?: RoomPolicy
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
  /** Neighbours that sent envelopes no honest peer forwards, cut off after a few (net/forgers.ts). */
  forgers?: ForgerWatch
  /** A text carrying a file was stored (ours or someone's): files/ records it. */
  onFile?: (room: string, id: string, from: string, file: Uint8Array) => Promise<void>
  /** A member announced that it holds these files of the room ("I hold it", files/). */
  onHolds?: (room: string, from: string, roots: Uint8Array[]) => Promise<void>
}

/** A verified event waiting to be applied, and its caller. */
interface Incoming {
  room: string
  verified: VerifiedEvent
  resolve: () => void
  reject: (err: unknown) => void
}

/** A page of room history, oldest first. */
export interface RoomHistoryPage {
  messages: RoomMessage[]
  before: string | null
}

/** Options of a sent text. */
export interface SendOptions {
  replyTo?: string
  /** An encoded FileRef (files/send-file.ts): the text is its caption or name. */
  file?: Uint8Array<ArrayBuffer>
  /** PeerIds of the members the text mentions (at most MAX_MENTIONS; checked like on receipt). */
  mentions?: string[]
}

/** The public rooms of a peer (`peer.rooms`): joined rooms, their messages, history and members. */
export class Rooms {
  readonly #c: RoomsComponents
  readonly #joined = new Set<string>()
  readonly #members = new RoomMembers()
  /** When we last announced our presence in each joined room. */
  readonly #announced = new Map<string, number>()
  /**
   * Events the validator verified, by gossipsub's message object (the one it then dispatches), so
   * each envelope is verified and hashed once; an entry goes with its message.
   */
  readonly #verified = new WeakMap<Message, VerifiedEvent>()
  /**
   * Received events are applied in arrival order: an edit or reaction reads the message it
   * targets and writes it back, so two at once would lose one, and an edit must see the text
   * that arrived just before it. Texts next to each other in the queue are stored in one append
   * (group commit) and shown once it is written.
   */
  readonly #incoming: Incoming[] = []
  #draining = false
  #lastSentAt = 0

  constructor (components: RoomsComponents) {
    this.#c = components
    this.#c.pubsub.addEventListener('message', (evt) => { this.#onMessage(evt.detail) })
  }

  /** Rooms joined in an earlier run, rejoined at start. */
  async restore (): Promise<void> {
    const names: string[] = []
    for await (const [name] of this.#c.store.kv('rooms').entries({ prefix: 'public:' })) names.push(name.slice('public:'.length))
    // Side by side (each owned room's log is a read of its own); their records are already stored.
    await Promise.all(names.map(async (name) => { await this.#subscribe(normaliseRoomName(name)) }))
  }

  /** Joined rooms, by name. */
  list (): string[] {
    return [...this.#joined].sort()
  }

  /** Joins a room (remembered across restarts) and announces us in it; resolves with the normalised name. */
  async join (name: string, announce = true): Promise<string> {
    const room = normaliseRoomName(name)
    if (!this.#joined.has(room)) {
      await this.#subscribe(room)
      await this.#c.store.kv('rooms').put(`public:${room}`, new Uint8Array())
    }
    if (announce) await this.announcePresence(room)
    return room
  }

  /** Validates and subscribes to a room's topic, once its owned-room log (if any) is loaded. */
  async #subscribe (room: string): Promise<void> {
    if (this.#joined.has(room)) return
    const topic = roomTopic(room)
    // An owned room's log is loaded before its first message can arrive.
    await this.#c.policy?.open(room)
    this.#c.pubsub.topicValidators.set(topic, (peer, msg) => this.#validate(room, msg, peer.toString()))
    setTopicScore(this.#c.pubsub, topic, roomTopicScore())
    this.#c.pubsub.subscribe(topic)
    this.#joined.add(room)
  }

  /** Leaves a joined room; its history stays. Resolves with the normalised name. */
  async leave (name: string): Promise<string> {
    const room = this.#require(name)
    const topic = roomTopic(room)
    this.#c.pubsub.unsubscribe(topic)
    this.#c.pubsub.topicValidators.delete(topic)
    this.#joined.delete(room)
    this.#members.forget(room)
    this.#announced.delete(room)
    await this.#c.store.kv('rooms').del(`public:${room}`)
    return room
  }

  #require (name: string): string {
    const room = normaliseRoomName(name)
    if (!this.#joined.has(room)) throw new NotJoinedError(`not in room ${room}: join it first`)
    return room
  }

  #validate (room: string, msg: Message, source: string): TopicValidatorResult {
    // A genuine envelope among them is not lost: gossipsub now counts it as seen, and a sync brings it.
    if (this.#c.forgers?.isCutOff(source) === true) return TopicValidatorResult.Reject
    try {
      const verified = openEvent(msg.data, room)
      const verdict = this.#c.policy?.validate(room, verified, source) ?? 'accept'
      if (verdict !== 'accept') return verdict === 'ignore' ? TopicValidatorResult.Ignore : TopicValidatorResult.Reject
      this.#verified.set(msg, verified)
      return TopicValidatorResult.Accept
    } catch (err) {
      if (isForgery(err)) this.#c.forgers?.forged(source)
      this.#c.emit('error', { error: err as Error })
      return TopicValidatorResult.Reject
    }
  }

  #onMessage (msg: Message): void {
    if (!msg.topic.startsWith(TOPIC_PREFIX)) return
    const room = msg.topic.slice(TOPIC_PREFIX.length)
    try {
      // Gossipsub dispatches only what a validator accepted; a room left since then has none.
      const verified = this.#verified.get(msg) ?? openEvent(msg.data, room)
      this.#verified.delete(msg)
      // Gossipsub forwards the message right after this handler returns: store and show it after that.
      queueMicrotask(() => { this.receive(room, verified).catch((err: Error) => { this.#c.emit('error', { error: err }) }) })
    } catch (err) {
      this.#c.emit('error', { error: err as Error })
    }
  }

  /** Stores then emits a verified event of a joined room (from gossipsub or sync), after those received before it. */
  async receive (room: string, verified: VerifiedEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#incoming.push({ room, verified, resolve, reject })
      if (!this.#draining) void this.#drain()
    })
  }

  /** Applies queued events in order: a run of texts (up to MAX_APPEND_BATCH) at once, anything else alone. */
  async #drain (): Promise<void> {
    this.#draining = true
    try {
      while (this.#incoming.length > 0) {
        let texts = 0
        while (texts < this.#incoming.length && texts < MAX_APPEND_BATCH && this.#incoming[texts].verified.event.kind === RoomEvent.Kind.TEXT) texts++
        const run = this.#incoming.splice(0, Math.max(texts, 1))
        try {
          if (texts > 0) await this.#receiveTexts(run)
          else await this.#receive(run[0].room, run[0].verified)
          for (const r of run) r.resolve()
        } catch (err) {
          // A failed append fails its whole run; a failure after it is its own text's (#receiveTexts).
          for (const r of run) r.reject(err)
        }
      }
    } finally {
      this.#draining = false
    }
  }

  /** The rules every event passes before it counts: an owned room's, and the author seen as a member. */
  #admit (room: string, verified: VerifiedEvent): string | undefined {
    if (this.#c.policy?.admits(room, verified) === false) return undefined
    const from = peerIdOfKey(verified.author)
    const member = this.#members.seen(room, from, verified.event.nick, verified.author, Number(verified.event.sentAt))
    if (member !== undefined) this.#c.emit('presence', { room, member })
    return from
  }

  /**
   * Stores a run of texts in one append, then shows each that was new, in order. Settles each
   * text's caller once it is shown; when the append fails, throws (the whole run failed).
   */
  async #receiveTexts (run: Incoming[]): Promise<void> {
    const admitted: Array<Incoming & { from: string }> = []
    for (const incoming of run) {
      const from = this.#admit(incoming.room, incoming.verified)
      if (from !== undefined) admitted.push({ ...incoming, from })
    }
    if (admitted.length === 0) return
    const receivedAt = Date.now()
    const added = await this.#c.store.history.append(admitted.map(({ room, verified }) => ({
      conversation: roomConversation(room), id: verified.id, timestamp: Number(verified.event.sentAt), value: storedFrom(verified, receivedAt)
    })))
    const fresh = new Set(added.map((r) => `${r.conversation}\x00${r.id}`))
    for (const { room, verified, from, resolve, reject } of admitted) {
      // The same id twice in one run (sync and gossip at once) is stored, and shown, once.
      if (!fresh.delete(`${roomConversation(room)}\x00${verified.id}`)) continue
      try {
        if (verified.event.file.length > 0) await this.#c.onFile?.(room, verified.id, from, verified.event.file)
        if (this.#c.hidden?.(from) !== true) this.#c.emit('message', freshRoomMessage(verified))
        resolve()
      } catch (err) {
        reject(err)
      }
    }
  }

  async #receive (room: string, verified: VerifiedEvent): Promise<void> {
    const { event } = verified
    if (event.kind === RoomEvent.Kind.MODERATION) {
      await this.#c.policy?.receiveModeration(room, verified)
      return
    }
    const from = this.#admit(room, verified)
    if (from === undefined) return
    if (event.kind === RoomEvent.Kind.PRESENCE) {
      if (event.holds.length > 0 && this.#c.hidden?.(from) !== true) await this.#c.onHolds?.(room, from, event.holds)
      return
    }
    await this.#applyChange(room, verified, from)
  }

  async #applyChange (room: string, verified: VerifiedEvent, from: string): Promise<void> {
    const { event } = verified
    const history = this.#c.store.history
    const target = await history.get(roomConversation(room), event.target)
    if (target === undefined) return
    const isAuthor = constantTimeEqual(authorOf(target.value), verified.author)
    if (event.kind !== RoomEvent.Kind.REACTION && !isAuthor) return
    if (await history.has(roomEventsConversation(room), verified.id)) return
    // The event is kept (for sync) even when it changes nothing, e.g. an edit older than the one shown.
    const changed = applyEvent(target.value, verified)
    const tx = this.#c.store.transaction().append({
      conversation: roomEventsConversation(room), id: verified.id, timestamp: Number(event.sentAt), value: verified.bytes
    })
    if (changed !== undefined) tx.update(roomConversation(room), event.target, changed)
    await tx.commit()
    if (changed === undefined) return
    if (event.kind === RoomEvent.Kind.EDIT) this.#c.emit('edit', { room, id: event.target, from, text: event.text })
    else if (event.kind === RoomEvent.Kind.DELETE) this.#c.emit('delete', { room, id: event.target, from })
    else this.#c.emit('reaction', { room, id: event.target, from, reaction: event.reaction })
  }

  async #publish (fields: EventFields): Promise<VerifiedEvent> {
    // Strictly increasing sentAt, so our own messages keep the order they were sent in.
    const now = Math.max(Date.now(), this.#lastSentAt + 1)
    this.#c.policy?.checkSend(fields.room, fields.kind, now)
    this.#lastSentAt = now
    const verified = sealEvent(this.#c.identity, { ...fields, nick: this.#c.nick() }, this.#lastSentAt)
    if (fields.kind === RoomEvent.Kind.TEXT && verified.event.file.length === 0) {
      // A plain text leaves as its store write starts: every member's latency would otherwise
      // include our own write (a thread-pool round trip, the slowest step on a busy process).
      // Nothing local can refuse it by then, and a crash before the write lands loses nothing
      // the room does not hold (history sync brings it back). The caller still learns of it,
      // and `message` still fires, only once it is stored.
      await Promise.all([this.#c.pubsub.publish(roomTopic(fields.room), verified.bytes), this.receive(fields.room, verified)])
      return verified
    }
    // Anything else is applied here first (it may be refused: a moderation action, a file's record).
    await this.receive(fields.room, verified)
    await this.#c.pubsub.publish(roomTopic(fields.room), verified.bytes)
    return verified
  }

  /** Sends a text; resolves (and emits it) once it is stored. A plain text leaves while it is being stored, a file's after. */
  async send (name: string, text: string, options: SendOptions = {}): Promise<RoomMessage> {
    const room = this.#require(name)
    checkText(text)
    if (options.replyTo !== undefined) await this.#target(room, options.replyTo)
    const verified = await this.#publish({ room, kind: RoomEvent.Kind.TEXT, text, replyTo: options.replyTo, file: options.file, mentions: options.mentions })
    return freshRoomMessage(verified)
  }

  /** The stored text message `id` of a room; UnknownMessageError for anything else, malformed ids included. */
  async #target (room: string, id: unknown): Promise<Uint8Array> {
    const target = typeof id === 'string' && MESSAGE_ID.test(id) ? await this.#c.store.history.get(roomConversation(room), id) : undefined
    if (target === undefined) throw new UnknownMessageError(`no message ${String(id)} in ${room}`)
    return target.value
  }

  async #ownTarget (room: string, id: string): Promise<void> {
    if (!constantTimeEqual(authorOf(await this.#target(room, id)), this.#c.identity.publicKey)) {
      throw new NotAuthorError('only the author can edit or delete a message')
    }
  }

  /** Replaces the text of one of our own messages (NotAuthorError for anyone else's). */
  async edit (name: string, id: string, text: string): Promise<void> {
    const room = this.#require(name)
    checkText(text)
    await this.#ownTarget(room, id)
    await this.#publish({ room, kind: RoomEvent.Kind.EDIT, target: id, text })
  }

  /** Deletes one of our own messages for everyone (NotAuthorError for anyone else's). */
  async delete (name: string, id: string): Promise<void> {
    const room = this.#require(name)
    await this.#ownTarget(room, id)
    await this.#publish({ room, kind: RoomEvent.Kind.DELETE, target: id })
  }

  /** Adds a reaction (1..MAX_REACTION_LENGTH characters) to any message of the room (TooManyReactionsError when full). */
  async react (name: string, id: string, reaction: string): Promise<void> {
    const room = this.#require(name)
    checkReaction(reaction)
    checkRoomForReaction(reactionCount(await this.#target(room, id)), id)
    await this.#publish({ room, kind: RoomEvent.Kind.REACTION, target: id, reaction })
  }

  /** Publishes a moderation action (an encoded ModAction; communities/ checks who may) in a joined room. */
  async publishModeration (name: string, moderation: Uint8Array): Promise<VerifiedEvent> {
    return this.#publish({ room: this.#require(name), kind: RoomEvent.Kind.MODERATION, moderation: moderation as Uint8Array<ArrayBuffer> })
  }

  /** Whether a stored record of a room stays out of history sync (an owned room's rules hide it). */
  excluded (room: string, conversation: string, id: string, value: Uint8Array): boolean {
    return this.#c.policy?.excluded(room, conversation, id, value) ?? false
  }

  /**
   * Whether our presence in `room` is due: called every PRESENCE_INTERVAL_MS, it is due at every
   * call in a room of up to 60 members, and once per the room's longer interval in a larger one
   * (RoomMembers.updateInterval; half a call's period of slack, so a due one is not put off a whole period).
   */
  presenceDue (room: string, now = Date.now()): boolean {
    const last = this.#announced.get(room)
    return last === undefined || now - last >= this.#members.updateInterval(room, now) - PRESENCE_INTERVAL_MS / 2
  }

  /** Tells a joined room we are here (and under which nick); sent on join, on a nick change and periodically. */
  async announcePresence (room: string): Promise<void> {
    if (!this.#joined.has(room)) return
    this.#announced.set(room, Date.now())
    try {
      await this.#publish({ room, kind: RoomEvent.Kind.PRESENCE })
    } catch (err) {
      // Banned from an owned room: we stay joined (and read it), but say nothing there.
      if ((err as Error).name !== 'BannedError') throw err
    }
  }

  /** Tells a joined room we hold these of its files whole (a presence naming them, at most MAX_HOLD_ROOTS). */
  async announceHolding (room: string, roots: Array<Uint8Array<ArrayBuffer>>): Promise<void> {
    await this.#publish({ room: this.#require(room), kind: RoomEvent.Kind.PRESENCE, holds: roots })
  }

  /** A page of a room's history, oldest first (joined or not: history stays after leaving). */
  async history (name: string, options: { limit?: number, before?: string | null } = {}): Promise<RoomHistoryPage> {
    const room = normaliseRoomName(name)
    const page = await this.#c.store.history.page(roomConversation(room), { limit: options.limit ?? DEFAULT_PAGE, before: options.before })
    const messages = page.messages.map((r) => toRoomMessage(r.id, r.value)).filter((m) => this.#shown(room, m))
    return { messages, before: page.before }
  }

  /** One stored text message of a room, as shown now (after edits and reactions); undefined when unknown or hidden. */
  async get (name: string, id: string): Promise<RoomMessage | undefined> {
    const record = await this.#c.store.history.get(roomConversation(normaliseRoomName(name)), id)
    if (record === undefined) return undefined
    const message = toRoomMessage(record.id, record.value)
    return this.#shown(normaliseRoomName(name), message) ? message : undefined
  }

  /** Not from someone we blocked, nor hidden by the room's moderators. */
  #shown (room: string, m: RoomMessage): boolean {
    return this.#c.hidden?.(m.from) !== true && this.#c.policy?.shows(room, m) !== false
  }

  /** Members seen in the room within the presence window, most recent first. */
  members (name: string): Member[] {
    return this.#members.list(this.#require(name))
  }
}

/** The text and nick checks live in the one message model; re-exported for existing importers. */
export { checkNick, checkText } from './message-model.js'
