/**
 * Private rooms and group IMs: a random room secret, room id = keyed
 * BLAKE2b of it, topic `/parley/private/1/<room-id-hex>` (the name never
 * travels in clear). Messages are signed by their author and sealed under the
 * current epoch key. Invites and new epoch keys travel as DMs. The owner
 * removes a member by starting a new epoch whose key goes only to the others.
 */
import { blake2b256, createRoomSecret, openRoomMessage, roomIdFromSecret, RoomKeyring, sealRoomMessage, shortFingerprint, toHex, type Identity } from '@parley/crypto'
import { InvalidInputError, NotAuthorError, NotJoinedError } from './errors.js'
import { DmPayload, PrivateRoomKeys } from './pb/dm.js'
import { TopicValidatorResult, type GossipSub } from './pubsub.js'
import { checkText } from './rooms.js'
import { peerIdOfKey } from './room-messages.js'
import type { DmService } from './dm/dm-service.js'
import type { ProfileStore } from './store/index.js'
import type { PeerEvents, PrivateMessage } from './types.js'

export type { PrivateMessage }
import type { Message } from '@libp2p/gossipsub'

/** Topic of a private room. */
export const privateTopic = (roomIdHex: string): string => `/parley/private/1/${roomIdHex}`
const conversation = (roomIdHex: string): string => `private:${roomIdHex}`


interface RoomState { name: string, owner: string, members: string[], keyring: RoomKeyring, joined: boolean }

export interface PrivateRoomsComponents {
  identity: Identity
  self: string
  store: ProfileStore
  pubsub: GossipSub
  dms: () => DmService
  nick: () => string
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
}

export class PrivateRooms {
  readonly #c: PrivateRoomsComponents
  readonly #rooms = new Map<string, RoomState>()
  #lastSentAt = 0

  constructor (components: PrivateRoomsComponents) {
    this.#c = components
    this.#c.pubsub.addEventListener('message', (evt) => { void this.#onMessage(evt.detail) })
  }

  async restore (): Promise<void> {
    const kv = this.#c.store.kv('rooms')
    for await (const [, bytes] of kv.entries({ prefix: 'private:' })) {
      const keys = PrivateRoomKeys.decode(bytes)
      const roomIdHex = toHex(keys.roomId)
      const state = this.#fromKeys(keys, (await kv.get(`joined-private:${roomIdHex}`)) !== undefined)
      this.#rooms.set(roomIdHex, state)
      if (state.joined) this.#subscribe(roomIdHex)
    }
  }

  #fromKeys (keys: PrivateRoomKeys, joined: boolean): RoomState {
    return { name: keys.name, owner: keys.owner, members: keys.members, keyring: RoomKeyring.deserialize(keys.keyring), joined }
  }

  #keys (roomIdHex: string, state: RoomState): PrivateRoomKeys {
    return { roomId: state.keyring.roomId as Uint8Array<ArrayBuffer>, name: state.name, owner: state.owner, members: state.members, epoch: state.keyring.currentEpoch, keyring: state.keyring.serialize() as Uint8Array<ArrayBuffer> }
  }

  async #save (roomIdHex: string, state: RoomState): Promise<void> {
    const tx = this.#c.store.transaction().put('rooms', `private:${roomIdHex}`, PrivateRoomKeys.encode(this.#keys(roomIdHex, state)))
    if (state.joined) tx.put('rooms', `joined-private:${roomIdHex}`, new Uint8Array())
    await tx.commit()
  }

  #subscribe (roomIdHex: string): void {
    const topic = privateTopic(roomIdHex)
    this.#c.pubsub.topicValidators.set(topic, (_peer, msg) => this.#validate(roomIdHex, msg))
    this.#c.pubsub.subscribe(topic)
  }

  #require (roomIdHex: string): RoomState {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined || !state.joined) throw new NotJoinedError(`not in private room ${roomIdHex}`)
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
    if (typeof name !== 'string' || name.trim() === '' || name.length > 64) throw new InvalidInputError('name must be 1..64 characters')
    const roomId = roomIdFromSecret(createRoomSecret())
    const roomIdHex = toHex(roomId)
    const state: RoomState = { name: name.trim(), owner: this.#c.self, members: [this.#c.self], keyring: RoomKeyring.create(roomId), joined: true }
    this.#rooms.set(roomIdHex, state)
    await this.#save(roomIdHex, state)
    this.#subscribe(roomIdHex)
    return roomIdHex
  }

  /** Sends the room's keys to a contact by DM (owner only). */
  async invite (roomIdHex: string, peer: string): Promise<void> {
    const state = this.#require(roomIdHex)
    if (state.owner !== this.#c.self) throw new NotAuthorError('only the room\'s creator can invite')
    if (!state.members.includes(peer)) state.members.push(peer)
    await this.#save(roomIdHex, state)
    await this.#c.dms().send(peer, { kind: DmPayload.Kind.INVITE, data: PrivateRoomKeys.encode(this.#keys(roomIdHex, state)) })
    await this.#rekeyMembers(roomIdHex, state, [peer])
  }

  /** Accepts an invite received earlier: joins the room. */
  async accept (roomIdHex: string): Promise<void> {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined) throw new NotJoinedError(`no invite to private room ${roomIdHex}`)
    state.joined = true
    await this.#save(roomIdHex, state)
    this.#subscribe(roomIdHex)
  }

  /** Removes a member (owner only): a new epoch whose key goes by DM to every remaining member. */
  async remove (roomIdHex: string, peer: string): Promise<void> {
    const state = this.#require(roomIdHex)
    if (state.owner !== this.#c.self) throw new NotAuthorError('only the room\'s creator can remove members')
    state.members = state.members.filter((m) => m !== peer)
    state.keyring.rotate()
    await this.#save(roomIdHex, state)
    await this.#rekeyMembers(roomIdHex, state, [])
  }

  async #rekeyMembers (roomIdHex: string, state: RoomState, except: string[]): Promise<void> {
    const data = PrivateRoomKeys.encode(this.#keys(roomIdHex, state))
    for (const member of state.members) {
      if (member !== this.#c.self && !except.includes(member)) await this.#c.dms().send(member, { kind: DmPayload.Kind.REKEY, data })
    }
  }

  /** An invite or rekey arrived by DM. */
  async onRoomKeys (peer: string, kind: DmPayload.Kind, data: Uint8Array): Promise<void> {
    const keys = PrivateRoomKeys.decode(data)
    const roomIdHex = toHex(keys.roomId)
    if (keys.owner !== peer) return
    const known = this.#rooms.get(roomIdHex)
    if (kind === DmPayload.Kind.REKEY && known === undefined) return
    if (known !== undefined && known.owner !== peer) return
    const incoming = this.#fromKeys(keys, known?.joined ?? false)
    if (known !== undefined) {
      const ring = incoming.keyring
      for (let e = 0; e <= ring.currentEpoch; e++) {
        try { known.keyring.addEpoch(e, ring.epochKey(e)) } catch { /* epochs the sender no longer keeps */ }
      }
      known.members = incoming.members
    } else {
      this.#rooms.set(roomIdHex, incoming)
    }
    await this.#save(roomIdHex, this.#rooms.get(roomIdHex) as RoomState)
    if (kind === DmPayload.Kind.INVITE) this.#c.emit('invite', { room: roomIdHex, name: keys.name, from: peer })
  }

  #validate (roomIdHex: string, msg: Message): TopicValidatorResult {
    const state = this.#rooms.get(roomIdHex)
    if (state === undefined) return TopicValidatorResult.Ignore
    try {
      const opened = openRoomMessage(state.keyring, msg.data)
      return state.members.includes(peerIdOfKey(opened.author)) ? TopicValidatorResult.Accept : TopicValidatorResult.Reject
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

  async #store (roomIdHex: string, sealed: Uint8Array): Promise<PrivateMessage | undefined> {
    const state = this.#require(roomIdHex)
    const opened = openRoomMessage(state.keyring, sealed)
    const body = JSON.parse(new TextDecoder().decode(opened.payload)) as { text: string, nick: string, sentAt: number }
    const message: PrivateMessage = {
      room: roomIdHex, id: toHex(blake2b256(sealed)), from: peerIdOfKey(opened.author), nick: String(body.nick), fingerprint: shortFingerprint(opened.author), text: String(body.text), sentAt: Number(body.sentAt)
    }
    const added = await this.#c.store.history.append([{ conversation: conversation(roomIdHex), id: message.id, timestamp: message.sentAt, value: new TextEncoder().encode(JSON.stringify(message)) }])
    if (added.length > 0) this.#c.emit('private-message', message)
    return message
  }

  async send (roomIdHex: string, text: string): Promise<PrivateMessage> {
    const state = this.#require(roomIdHex)
    checkText(text)
    this.#lastSentAt = Math.max(Date.now(), this.#lastSentAt + 1)
    const payload = new TextEncoder().encode(JSON.stringify({ text, nick: this.#c.nick(), sentAt: this.#lastSentAt }))
    const sealed = sealRoomMessage(this.#c.identity, state.keyring, payload)
    const message = await this.#store(roomIdHex, sealed) as PrivateMessage
    await this.#c.pubsub.publish(privateTopic(roomIdHex), sealed)
    return message
  }

  async history (roomIdHex: string, options: { limit?: number, before?: string | null } = {}): Promise<{ messages: PrivateMessage[], before: string | null }> {
    this.#require(roomIdHex)
    const page = await this.#c.store.history.page(conversation(roomIdHex), { limit: options.limit ?? 50, before: options.before })
    return { messages: page.messages.map((r) => JSON.parse(new TextDecoder().decode(r.value)) as PrivateMessage), before: page.before }
  }
}
