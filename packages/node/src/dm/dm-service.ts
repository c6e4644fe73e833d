/**
 * Direct messages: `/parley/prekey/1.0.0` serves our prekey bundle and
 * `/parley/dm/1.0.0` carries Double Ratchet messages, one length-prefixed
 * DmFrame answered by one DmAck.
 *
 * Delivery: a DM is written to history and the outbox (one batch) before it
 * is sent; the recipient stores it (with its session state, one batch)
 * before it acknowledges; the acknowledgement removes it from the outbox.
 * The outbox keeps plaintext payloads and is re-encrypted on every attempt,
 * so a retry after a crash never reuses a message key; the recipient
 * de-duplicates on the payload id. Retries run when the peer connects and
 * every RETRY_INTERVAL_MS. Session state is persisted before a ciphertext
 * leaves, and after every message received.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import { decodePrekeyBundle, encodePrekeyBundle, initiateSession, isPrekeyMessage, randomBytes, respondToSession, toHex, constantTimeEqual, type Identity, type Session } from '@parley/crypto'
import { DmAck, DmFrame, DmPayload, PrekeyResponse, StoredDm } from '../pb/dm.js'
import { DM_FRAMES_PER_SECOND, DM_IDLE_MS, DM_PROTOCOL, DM_SEND_RATE, DM_SENDER_IDLE_MS, DM_TIMEOUT_MS, MAX_DM_FRAME_BYTES, PREKEY_PROTOCOL, PREKEY_REQUESTS_PER_MINUTE, RETRY_INTERVAL_MS, dmConversation } from './constants.js'
import { InvalidDmError, RateLimitedError, UnreachableError } from './errors.js'
import { NotAuthorError, UnknownMessageError } from '../errors.js'
import { Mailboxes } from './mailbox.js'
import { SessionStore } from './session-store.js'
import type { Contacts } from './contacts.js'
import type { ProfileStore } from '../store/index.js'
import type { DirectMessage, PeerEvents } from '../types.js'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

export interface DmComponents {
  libp2p: Libp2p
  identity: Identity
  store: ProfileStore
  contacts: Contacts
  nick: () => string
  /** Serve as a mailbox for our contacts. */
  mailbox?: boolean
  /** Invites and rekeys of private rooms, handed to their owner module. */
  onRoomKeys?: (peer: string, kind: DmPayload.Kind, data: Uint8Array) => Promise<void>
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
}

/** An open DM stream to one contact. */
interface Channel {
  stream: Stream
  pb: ReturnType<typeof pbStream>
  idle?: ReturnType<typeof setTimeout>
  /** Kept from an earlier flush (so it may have died without our noticing). */
  reused: boolean
}

/** Outbox keys sort by contact, then time, then id. */
const outboxKey = (peer: string, sentAt: number, id: string): string => `${peer}\x00${sentAt.toString(16).padStart(13, '0')}\x00${id}`

export class DmService {
  readonly #c: DmComponents
  readonly #sessions: SessionStore
  /** One flush at a time per contact keeps their messages in order and the ratchet single-threaded. */
  readonly #flushing = new Map<string, Promise<void>>()
  /** Open DM streams to contacts, kept between flushes (see #channel). */
  readonly #channels = new Map<string, Channel>()
  /** The last read-modify-write of each contact's stored DMs (see #serially). */
  readonly #updating = new Map<string, Promise<void>>()
  readonly #again = new Set<string>()
  /** Outbox entries already left at a mailbox in this run (kept in the outbox until the receipt). */
  readonly #deposited = new Set<string>()
  readonly mailboxes: Mailboxes
  readonly #rate = new Map<string, { second: number, frames: number }>()
  /** Each contact's send bucket (see #pace). */
  readonly #sendBucket = new Map<string, { tokens: number, at: number }>()
  readonly #prekeyRate = new Map<string, { minute: number, requests: number }>()
  #lastSentAt = 0
  #retry: ReturnType<typeof setInterval> | undefined

  constructor (components: DmComponents) {
    this.#c = components
    this.#sessions = new SessionStore(components.store)
    this.mailboxes = new Mailboxes({
      libp2p: components.libp2p,
      identity: components.identity,
      store: components.store,
      contacts: components.contacts,
      enabled: components.mailbox === true,
      accept: async (sender, frame) => {
        const payload = await this.#accept(sender, frame)
        if (payload?.kind === DmPayload.Kind.TEXT) await this.send(sender, { kind: DmPayload.Kind.DELIVERED, target: payload.id })
      },
      onError: (error) => { this.#c.emit('error', { error }) }
    })
  }

  /** Names our mailboxes and tells every contact, in a signed announcement. */
  async useMailboxes (mailboxes: string[]): Promise<void> {
    const data = await this.mailboxes.use(mailboxes)
    for (const contact of this.#c.contacts.list()) await this.send(contact.peerId, { kind: DmPayload.Kind.MAILBOXES, data: data as Uint8Array<ArrayBuffer> })
  }

  async start (): Promise<void> {
    await this.#sessions.prekeys(this.#c.identity)
    await this.#c.libp2p.handle(PREKEY_PROTOCOL, (stream, connection) => { void this.#servePrekeys(stream, connection) }, { maxInboundStreams: 4 })
    await this.#c.libp2p.handle(DM_PROTOCOL, (stream, connection) => { void this.#receive(stream, connection) }, { maxInboundStreams: 8 })
    this.#c.libp2p.addEventListener('peer:connect', (evt) => { void this.flush(evt.detail.toString()) })
    this.#retry = setInterval(() => { void this.flushAll() }, RETRY_INTERVAL_MS)
    await this.mailboxes.start()
  }

  async stop (): Promise<void> {
    clearInterval(this.#retry)
    for (const peer of [...this.#channels.keys()]) this.#dropChannel(peer, new Error('the peer is stopping'))
    await this.mailboxes.stop().catch(() => {})
    await this.#c.libp2p.unhandle([PREKEY_PROTOCOL, DM_PROTOCOL])
  }

  /** Writes a DM to history and the outbox, then tries to deliver it. */
  async send (to: string, fields: Partial<DmPayload> & { kind: DmPayload.Kind }): Promise<DirectMessage> {
    this.#c.contacts.checkPeerId(to)
    if (fields.kind === DmPayload.Kind.TYPING && this.#c.libp2p.getConnections(peerIdFromString(to)).length === 0) {
      throw new UnreachableError('typing indicators are only sent to connected contacts')
    }
    await this.#checkTarget(to, fields)
    this.#lastSentAt = Math.max(Date.now(), this.#lastSentAt + 1)
    const payload: DmPayload = { id: toHex(randomBytes(32)), sentAt: BigInt(this.#lastSentAt), nick: this.#c.nick(), text: '', target: '', reaction: '', replyTo: '', data: new Uint8Array(), ...fields }
    const encoded = DmPayload.encode(payload)
    const tx = this.#c.store.transaction().put('outbox', outboxKey(to, this.#lastSentAt, payload.id), encoded)
    const stored: StoredDm = { payload, from: this.#c.libp2p.peerId.toString(), outgoing: true, delivered: false, read: false, deleted: false, reactions: [] }
    if (payload.kind === DmPayload.Kind.TEXT) tx.append({ conversation: dmConversation(to), id: payload.id, timestamp: this.#lastSentAt, value: StoredDm.encode(stored) })
    // Our own edits, deletes and reactions change our copy too, in the same batch.
    const changed = await this.#serially(to, async () => {
      const target = await this.#changeTarget(to, this.#c.libp2p.peerId.toString(), payload, true)
      if (target !== undefined) tx.update(dmConversation(to), payload.target, StoredDm.encode(target))
      await tx.commit()
      return target
    })
    if (changed !== undefined) this.#c.emit('dm-update', toDirectMessage(to, changed))
    void this.flush(to)
    return toDirectMessage(to, stored)
  }

  /**
   * An edit, delete or reaction names a stored message of this conversation (UnknownMessageError),
   * and only its author edits or deletes it (NotAuthorError).
   */
  async #checkTarget (peer: string, fields: Partial<DmPayload> & { kind: DmPayload.Kind }): Promise<void> {
    const { kind } = fields
    if (kind !== DmPayload.Kind.EDIT && kind !== DmPayload.Kind.DELETE && kind !== DmPayload.Kind.REACTION) return
    const target = typeof fields.target === 'string' && fields.target !== '' ? await this.#c.store.history.get(dmConversation(peer), fields.target) : undefined
    if (target === undefined) throw new UnknownMessageError(`no message ${String(fields.target)} with ${peer}`)
    if (kind !== DmPayload.Kind.REACTION && !StoredDm.decode(target.value).outgoing) throw new NotAuthorError('only the author can edit or delete a message')
  }

  /**
   * Runs a read-modify-write of a contact's stored DMs after the ones already running: a delivery
   * receipt, a read receipt, an edit and a reaction may land on the same message at once, and
   * each must see the others' writes.
   */
  async #serially<T> (peer: string, update: () => Promise<T>): Promise<T> {
    const previous = this.#updating.get(peer) ?? Promise.resolve()
    const run = previous.then(update)
    const settled = run.then(() => {}, () => {})
    this.#updating.set(peer, settled)
    void settled.then(() => { if (this.#updating.get(peer) === settled) this.#updating.delete(peer) })
    return run
  }

  /** Delivers a contact's outbox in order; stops at the first failure (retried later). */
  async flush (peer: string): Promise<void> {
    const running = this.#flushing.get(peer)
    if (running !== undefined) {
      // Messages queued while a flush runs go out right after it, not at the next retry.
      this.#again.add(peer)
      return running
    }
    let failed = false
    const run = this.#flush(peer)
      .catch((error: Error) => { failed = true; this.#c.emit('error', { error }) })
      .finally(() => {
        this.#flushing.delete(peer)
        if (this.#again.delete(peer) && !failed) void this.flush(peer)
      })
    this.#flushing.set(peer, run)
    return run
  }

  async flushAll (): Promise<void> {
    const peers = new Set<string>()
    for await (const [key] of this.#c.store.kv('outbox').entries()) peers.add(key.slice(0, key.indexOf('\x00')))
    await Promise.all([...peers].map(async (p) => this.flush(p)))
  }

  /** How many DMs wait in the outbox. */
  async pending (peer?: string): Promise<number> {
    let n = 0
    for await (const _ of this.#c.store.kv('outbox').entries(peer === undefined ? {} : { prefix: `${peer}\x00` })) n++
    return n
  }

  async #flush (peer: string): Promise<void> {
    const entries: Array<[string, Uint8Array]> = []
    for await (const entry of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) entries.push(entry)
    if (entries.length === 0) return
    const target = peerIdFromString(peer)
    if (this.#c.libp2p.getConnections(target).length === 0) {
      await this.#depositAll(peer, entries)
      return
    }
    const channel = await this.#channel(peer)
    try {
      for (const [key, encoded] of entries) {
        const session = await this.#sendingSession(target)
        const ciphertext = session.encrypt(encoded)
        const [sessionKey, sessionBytes] = await this.#sessions.encoded(peer)
        await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
        await this.#pace(peer)
        await channel.pb.write({ ciphertext: ciphertext as Uint8Array<ArrayBuffer> }, DmFrame, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        const ack = await channel.pb.read(DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        if (!ack.ok) throw new InvalidDmError(`${peer} refused a DM: ${ack.error}`)
        await this.#delivered(peer, key, DmPayload.decode(encoded))
      }
    } catch (err) {
      this.#dropChannel(peer, err as Error)
      // A kept stream may have died unnoticed (the contact restarted): try a fresh one right away.
      if (channel.reused) {
        this.#again.add(peer)
        return
      }
      throw err
    }
    this.#idleClose(peer, channel)
  }

  /**
   * The DM stream to a contact: the open one if there is one, else a new one. A stream stays open
   * for DM_SENDER_IDLE_MS after its last frame, so a conversation does not pay for a new stream
   * (on WebRTC, a new data channel) per message.
   */
  async #channel (peer: string): Promise<Channel> {
    const open = this.#channels.get(peer)
    if (open !== undefined && open.stream.status === 'open' && open.stream.writeStatus === 'writable') {
      clearTimeout(open.idle)
      open.reused = true
      return open
    }
    if (open !== undefined) this.#dropChannel(peer)
    const stream = await this.#c.libp2p.dialProtocol(peerIdFromString(peer), DM_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const channel: Channel = { stream, pb: pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES }), reused: false }
    this.#channels.set(peer, channel)
    return channel
  }

  #idleClose (peer: string, channel: Channel): void {
    clearTimeout(channel.idle)
    channel.idle = setTimeout(() => {
      if (this.#channels.get(peer) !== channel || this.#flushing.has(peer)) return
      this.#channels.delete(peer)
      channel.stream.close().catch((err: Error) => { channel.stream.abort(err) })
    }, DM_SENDER_IDLE_MS)
  }

  /** Forgets a contact's DM stream, aborting it (after a failure, nothing more can be read from it in order). */
  #dropChannel (peer: string, err: Error = new Error('DM stream replaced')): void {
    const channel = this.#channels.get(peer)
    if (channel === undefined) return
    this.#channels.delete(peer)
    clearTimeout(channel.idle)
    channel.stream.abort(err)
  }

  /** Leaves what waits for an offline contact at its mailboxes; needs a session with it already. */
  async #depositAll (peer: string, entries: Array<[string, Uint8Array]>): Promise<void> {
    const [session] = await this.#sessions.sessions(peer)
    if (session === undefined || (await this.mailboxes.of(peer)).length === 0) return
    for (const [key, encoded] of entries) {
      if (this.#deposited.has(key)) continue
      const frame = session.encrypt(encoded)
      const [sessionKey, sessionBytes] = await this.#sessions.encoded(peer)
      await this.#c.store.kv('sessions').put(sessionKey, sessionBytes)
      if (!(await this.mailboxes.deposit(peer, frame))) return
      this.#deposited.add(key)
    }
  }

  /** A delivery receipt for a DM that went through a mailbox: it leaves the outbox. */
  async #receiptFor (peer: string, id: string): Promise<void> {
    for await (const [key, encoded] of this.#c.store.kv('outbox').entries({ prefix: `${peer}\x00` })) {
      const payload = DmPayload.decode(encoded)
      if (payload.id === id) {
        await this.#delivered(peer, key, payload)
        this.#deposited.delete(key)
        return
      }
    }
  }

  async #delivered (peer: string, outboxKeyValue: string, payload: DmPayload): Promise<void> {
    const stored = await this.#serially(peer, async () => {
      const tx = this.#c.store.transaction().del('outbox', outboxKeyValue)
      const record = payload.kind === DmPayload.Kind.TEXT ? await this.#c.store.history.get(dmConversation(peer), payload.id) : undefined
      const changed = record === undefined ? undefined : { ...StoredDm.decode(record.value), delivered: true }
      if (changed !== undefined) tx.update(dmConversation(peer), payload.id, StoredDm.encode(changed))
      await tx.commit()
      return changed
    })
    if (payload.kind === DmPayload.Kind.TEXT) this.#c.emit('dm-receipt', { peer, id: payload.id, status: 'delivered' })
    if (stored !== undefined) this.#c.emit('dm-update', toDirectMessage(peer, stored))
  }

  /** The session to send with, starting one from the contact's prekey bundle when there is none. */
  async #sendingSession (target: PeerId): Promise<Session> {
    const peer = target.toString()
    const [current] = await this.#sessions.sessions(peer)
    if (current !== undefined) return current
    const stream = await this.#c.libp2p.dialProtocol(target, PREKEY_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    const response = await pb.read(PrekeyResponse, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    await stream.close()
    const bundle = decodePrekeyBundle(response.bundle)
    if (!constantTimeEqual(bundle.identityKey, this.#c.contacts.publicKeyOf(peer))) throw new InvalidDmError(`${peer} served a bundle for another identity`)
    const session = initiateSession(this.#c.identity, bundle)
    await this.#sessions.promote(peer, session)
    return session
  }

  async #servePrekeys (stream: Stream, connection: Connection): Promise<void> {
    try {
      const peer = connection.remotePeer.toString()
      const minute = Math.floor(Date.now() / 60_000)
      const r = this.#prekeyRate.get(peer)
      if (r === undefined || r.minute !== minute) this.#prekeyRate.set(peer, { minute, requests: 1 })
      else if (++r.requests > PREKEY_REQUESTS_PER_MINUTE) throw new RateLimitedError('too many prekey requests')
      const secrets = await this.#sessions.prekeys(this.#c.identity)
      if (secrets.oneTimeCount < 10) {
        secrets.addOneTimePrekeys(90)
        await this.#sessions.savePrekeys()
      }
      const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
      await pb.write({ bundle: encodePrekeyBundle(secrets.bundle(1)) as Uint8Array<ArrayBuffer> }, PrekeyResponse, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  /** Waits for a token of this contact's send bucket (DM_SEND_RATE), so the recipient never refuses us. */
  async #pace (peer: string): Promise<void> {
    const now = Date.now()
    const bucket = this.#sendBucket.get(peer) ?? { tokens: DM_SEND_RATE, at: now }
    bucket.tokens = Math.min(DM_SEND_RATE, bucket.tokens + (now - bucket.at) * DM_SEND_RATE / 1000)
    bucket.at = now
    this.#sendBucket.set(peer, bucket)
    if (bucket.tokens < 1) {
      const wait = Math.ceil((1 - bucket.tokens) * 1000 / DM_SEND_RATE)
      await new Promise((resolve) => setTimeout(resolve, wait))
      bucket.tokens += wait * DM_SEND_RATE / 1000
      bucket.at = Date.now()
    }
    bucket.tokens -= 1
  }

  #allow (peer: string): boolean {
    const second = Math.floor(Date.now() / 1000)
    const r = this.#rate.get(peer)
    if (r === undefined || r.second !== second) {
      this.#rate.set(peer, { second, frames: 1 })
      return true
    }
    return ++r.frames <= DM_FRAMES_PER_SECOND
  }

  async #receive (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES })
    try {
      while (true) {
        const frame = await pb.read(DmFrame, { signal: AbortSignal.timeout(DM_IDLE_MS) }).catch(() => undefined)
        if (frame === undefined) break
        let ack: DmAck = { ok: true, error: '' }
        try {
          if (!this.#allow(peer)) throw new RateLimitedError('too many DM frames')
          await this.#accept(peer, frame.ciphertext)
        } catch (err) {
          const error = err as Error
          ack = { ok: false, error: `${error.name}: ${error.message}` }
          this.#c.emit('error', { error })
        }
        await pb.write(ack, DmAck, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
        if (!ack.ok) throw new InvalidDmError(ack.error)
      }
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  /** Decrypts with one of the contact's sessions (or starts one from a prekey message); the state is kept only in memory until #accept persists it. */
  async #decrypt (peer: string, ciphertext: Uint8Array): Promise<{ session: Session, plaintext: Uint8Array, prekeysChanged: boolean }> {
    const sessions = await this.#sessions.sessions(peer)
    let lastError: Error = new InvalidDmError('no session with this peer')
    for (const session of sessions) {
      try {
        return { session, plaintext: session.decrypt(ciphertext), prekeysChanged: false }
      } catch (err) {
        lastError = err as Error
        if (lastError.name === 'DuplicateMessageError') throw lastError
      }
    }
    if (!isPrekeyMessage(ciphertext)) throw lastError
    const secrets = await this.#sessions.prekeys(this.#c.identity)
    const { session, plaintext } = respondToSession(this.#c.identity, secrets, ciphertext)
    return { session, plaintext, prekeysChanged: true }
  }

  async #accept (peer: string, ciphertext: Uint8Array): Promise<DmPayload | undefined> {
    if (this.#c.contacts.isBlocked(peer)) throw new InvalidDmError('blocked')
    const { session, plaintext, prekeysChanged } = await this.#decrypt(peer, ciphertext)
    if (!constantTimeEqual(session.remoteIdentityKey, this.#c.contacts.publicKeyOf(peer))) {
      this.#sessions.forget(peer)
      throw new InvalidDmError('the message was sealed by someone other than the stream\'s peer')
    }
    await this.#sessions.promote(peer, session)
    if (prekeysChanged) await this.#sessions.savePrekeys()
    const payload = DmPayload.decode(plaintext)
    const [sessionKey, sessionBytes] = await this.#sessions.encoded(peer)
    const tx = this.#c.store.transaction().put('sessions', sessionKey, sessionBytes)
    if (payload.kind === DmPayload.Kind.TEXT) {
      const stored: StoredDm = { payload, from: peer, outgoing: false, delivered: true, read: false, deleted: false, reactions: [] }
      tx.append({ conversation: dmConversation(peer), id: payload.id, timestamp: Number(payload.sentAt), value: StoredDm.encode(stored) })
      const added = await tx.commit()
      if (added.length > 0) this.#c.emit('dm', toDirectMessage(peer, stored))
      return payload
    }
    await tx.commit()
    await this.#applyControl(peer, payload)
    return payload
  }

  async #applyControl (peer: string, payload: DmPayload): Promise<void> {
    if (payload.kind === DmPayload.Kind.TYPING) {
      this.#c.emit('typing', { peer })
      return
    }
    if (payload.kind === DmPayload.Kind.MAILBOXES) {
      await this.mailboxes.learn(peer, payload.data)
      return
    }
    if (payload.kind === DmPayload.Kind.DELIVERED) {
      await this.#receiptFor(peer, payload.target)
      return
    }
    if (payload.kind === DmPayload.Kind.INVITE || payload.kind === DmPayload.Kind.REKEY) {
      await this.#c.onRoomKeys?.(peer, payload.kind, payload.data)
      return
    }
    const stored = await this.#serially(peer, async () => {
      const changed = await this.#changeTarget(peer, peer, payload, false)
      if (changed !== undefined) await this.#c.store.history.update(dmConversation(peer), payload.target, StoredDm.encode(changed))
      return changed
    })
    if (stored === undefined) return
    if (payload.kind === DmPayload.Kind.READ) this.#c.emit('dm-receipt', { peer, id: payload.target, status: 'read' })
    this.#c.emit('dm-update', toDirectMessage(peer, stored))
  }

  /**
   * The stored DM a read receipt, edit, delete or reaction changes, changed; undefined when it
   * changes nothing. Only the author edits or deletes, and a read receipt is for the other side's
   * message: `own` says whether `payload` was written by this profile.
   */
  async #changeTarget (peer: string, from: string, payload: DmPayload, own: boolean): Promise<StoredDm | undefined> {
    const kinds = [DmPayload.Kind.READ, DmPayload.Kind.EDIT, DmPayload.Kind.DELETE, DmPayload.Kind.REACTION]
    if (!kinds.includes(payload.kind) || payload.target === '') return undefined
    const record = await this.#c.store.history.get(dmConversation(peer), payload.target).catch(() => undefined)
    if (record === undefined) return undefined
    const stored = StoredDm.decode(record.value)
    const authored = stored.outgoing === own
    if (payload.kind === DmPayload.Kind.READ && !own && stored.outgoing) stored.read = true
    else if (payload.kind === DmPayload.Kind.EDIT && authored && !stored.deleted) stored.editedText = payload.text
    else if (payload.kind === DmPayload.Kind.DELETE && authored) stored.deleted = true
    else if (payload.kind === DmPayload.Kind.REACTION) stored.reactions.push(`${from} ${payload.reaction}`)
    else return undefined
    return stored
  }

  /** A page of a DM conversation, oldest first. */
  async history (peer: string, options: { limit?: number, before?: string | null } = {}): Promise<{ messages: DirectMessage[], before: string | null }> {
    this.#c.contacts.checkPeerId(peer)
    const page = await this.#c.store.history.page(dmConversation(peer), { limit: options.limit ?? 50, before: options.before })
    return { messages: page.messages.map((r) => toDirectMessage(peer, StoredDm.decode(r.value))), before: page.before }
  }
}

/** The UI view of a stored DM. */
export function toDirectMessage (peer: string, stored: StoredDm): DirectMessage {
  const p = stored.payload ?? { id: '', sentAt: 0n, nick: '', text: '', replyTo: '' }
  return {
    peer,
    id: p.id,
    from: stored.from,
    nick: p.nick,
    text: stored.deleted ? '' : (stored.editedText ?? p.text),
    sentAt: Number(p.sentAt),
    outgoing: stored.outgoing,
    delivered: stored.delivered,
    read: stored.read,
    edited: stored.editedText !== undefined,
    deleted: stored.deleted,
    reactions: stored.reactions.map((r) => ({ from: r.slice(0, r.indexOf(' ')), reaction: r.slice(r.indexOf(' ') + 1) })),
    ...(p.replyTo === '' ? {} : { replyTo: p.replyTo })
  }
}
