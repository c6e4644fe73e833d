/**
 * Direct messages: `/parley/prekey/1.0.0` serves our prekey bundle
 * (prekeys.ts) and `/parley/dm/1.0.0` carries Double Ratchet messages,
 * length-prefixed DmFrames one way and cumulative DmAcks the other, a window
 * of frames in flight (delivery.ts sends, receive.ts and inbound.ts receive).
 *
 * Delivery: a DM is written to history and the outbox (one batch) before it
 * is sent; the recipient stores it (with its session state; the frames that
 * arrive together in one batch) before it acknowledges; the acknowledgement
 * removes it from the outbox (the DMs one ack covers, in one batch).
 * Retries run when the peer connects and every RETRY_INTERVAL_MS.
 *
 * Message requests (requests.ts): a DM from someone who is not a contact is
 * held apart until accepted; sending someone a DM makes them a contact.
 * Edits, deletes and reactions follow the one message model (dm-model.ts).
 */
import { checkMentions, InvalidMentionError } from '../mentions/check.js'
import { peerIdFromString } from '@libp2p/peer-id'
import { randomBytes, toHex, type Identity } from '@parley/crypto'
import { NotAuthorError, UnknownMessageError } from '../errors.js'
import { checkReaction, checkRoomForReaction, checkText } from '../message-model.js'
import { decodeFileRef } from '../files/file-ref.js'
import { decodeCallSignal } from '../calls/signal.js'
import { DmPayload, StoredDm } from '../pb/dm.js'
import { DM_PROTOCOL, RETRY_INTERVAL_MS, SESSION_RESET_KEY, dmConversation } from './constants.js'
import { Delivery, outboxKey } from './delivery.js'
import { applyChange, CHANGE_KINDS, decodeOwnStoredDm, decodeStoredDm, encodeStoredDm, toDirectMessage } from './dm-model.js'
import { STORED_KINDS, storeFromContact } from './from-contact.js'
import { NotAContactError, UnreachableError } from './errors.js'
import { Mailboxes } from './mailbox.js'
import { Prekeys } from './prekeys.js'
import { Inbox } from './receive.js'
import { MessageRequests } from './requests.js'
import { SessionStore } from './session-store.js'
import type { Contact, Contacts } from './contacts.js'
import type { ProfileStore, Transaction } from '../store/index.js'
import type { DirectMessage, MessageRequest, PeerEvents } from '../types.js'
import type { Libp2p } from 'libp2p'

export { toDirectMessage } from './dm-model.js'

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
  /** A report to an owned room's moderators arrived (communities/reports.ts). */
  onReport?: (peer: string, data: Uint8Array) => Promise<void>
  /** A FILE DM was stored (received from a contact, or a held one accepted): files/ records it. */
  onFile?: (peer: string, stored: StoredDm) => Promise<void>
  /** A CALL DM from a contact (calls/ checks it against the live call). */
  onCall?: (peer: string, payload: DmPayload) => Promise<void>
  emit: <K extends keyof PeerEvents>(type: K, detail: PeerEvents[K]['detail']) => void
  /** Dials a contact a DM was just queued for, however this host reaches it (the peer's one contact dialler). */
  reach?: (peer: string) => void
}


/** Kinds that only go to contacts: nothing is sent back to a requester until it is accepted. */
const CONTACTS_ONLY = [DmPayload.Kind.READ, DmPayload.Kind.TYPING, DmPayload.Kind.DELIVERED]

export class DmService {
  readonly #c: DmComponents
  readonly #sessions: SessionStore
  readonly #delivery: Delivery
  readonly #inbox: Inbox
  /** Our prekeys: served, handed out once each, rotated (rotateIfDue). */
  readonly prekeys: Prekeys
  /** The mailboxes we use and, with --mailbox, the one we serve. */
  readonly mailboxes: Mailboxes
  readonly #requests: MessageRequests
  /** The last read-modify-write of each contact's stored DMs (see #serially). */
  readonly #updating = new Map<string, Promise<void>>()
  #lastSentAt = 0
  #retry: ReturnType<typeof setInterval> | undefined

  constructor (components: DmComponents) {
    this.#c = components
    const { libp2p, identity, store, contacts } = components
    const onError = (error: Error): void => { this.#c.emit('error', { error }) }
    this.#sessions = new SessionStore(store)
    this.#requests = new MessageRequests({ store, contacts, sessions: this.#sessions, onError: (error) => { components.emit('error', { error }) } })
    this.prekeys = new Prekeys({ libp2p, identity, contacts, sessions: this.#sessions })
    this.#delivery = new Delivery({
      libp2p,
      store,
      sessions: this.#sessions,
      prekeys: this.prekeys,
      mailboxes: () => this.mailboxes,
      delivered: async (peer, done) => { await this.#delivered(peer, done) },
      onError
    })
    this.#inbox = new Inbox({
      identity,
      store,
      contacts,
      sessions: this.#sessions,
      requests: this.#requests,
      fromContact: async (peer, payloads, persist) => storeFromContact({
        store,
        onStored: async (dm) => {
          if (dm.payload?.kind === DmPayload.Kind.FILE) await this.#c.onFile?.(peer, dm)
          this.#c.emit('dm', toDirectMessage(peer, dm))
        },
        apply: async (payload) => { await this.#applyControl(peer, payload) }
      }, peer, payloads, persist),
      onRoomKeys: components.onRoomKeys,
      onReport: components.onReport,
      learnMailboxes: async (peer, data) => { await this.mailboxes.learn(peer, data) },
      onRequest: (request) => { this.#c.emit('request', request) },
      onError
    })
    this.mailboxes = new Mailboxes({
      libp2p,
      identity,
      store,
      contacts,
      enabled: components.mailbox === true,
      accept: async (sender, frame) => {
        const payload = await this.#inbox.accept(sender, frame)
        if (payload.kind === DmPayload.Kind.TEXT && contacts.isContact(sender)) await this.send(sender, { kind: DmPayload.Kind.DELIVERED, target: payload.id })
      },
      onError
    })
    contacts.onBlock(async (peer) => { if (this.#requests.has(peer)) await this.#requests.take(peer, false) })
    contacts.onAdd(async (peer) => { await this.#deliverHeld(peer) })
  }

  /** Names our mailboxes and tells every contact, in a signed announcement. */
  async useMailboxes (mailboxes: string[]): Promise<void> {
    const data = await this.mailboxes.use(mailboxes)
    for (const contact of this.#c.contacts.list()) await this.send(contact.peerId, { kind: DmPayload.Kind.MAILBOXES, data: data as Uint8Array<ArrayBuffer> })
  }

  /** Loads the held requests and prekeys side by side, then, once `ready` (the peer's other state) resolves, serves DMs. */
  async start (ready?: Promise<unknown>): Promise<void> {
    const [,, reset] = await Promise.all([this.#requests.load(), this.prekeys.start(), this.#c.store.kv('settings').get(SESSION_RESET_KEY), ready])
    if (reset !== undefined) await this.#announceReset()
    await this.#c.libp2p.handle(DM_PROTOCOL, (stream, connection) => { void this.#inbox.serve(stream, connection) }, { maxInboundStreams: 8, runOnLimitedConnection: true })
    this.#c.libp2p.addEventListener('peer:connect', (evt) => { void this.flush(evt.detail.toString()) })
    for (const peer of this.#c.libp2p.getPeers()) void this.flush(peer.toString())
    this.#retry = setInterval(() => { void this.flushAll() }, RETRY_INTERVAL_MS)
    await this.mailboxes.start()
  }

  /**
   * After a restore (which leaves SESSION_RESET_KEY, read by start(), and no session): a SESSION_RESET DM to every
   * unblocked contact, queued in the outbox like any DM, so each starts a fresh session with us and
   * tells its user. The marker goes once they are queued (a crash before: they are queued again,
   * and the notice may show twice).
   */
  async #announceReset (): Promise<void> {
    for (const contact of this.#c.contacts.list()) {
      if (!contact.blocked) await this.send(contact.peerId, { kind: DmPayload.Kind.SESSION_RESET })
    }
    await this.#c.store.kv('settings').del(SESSION_RESET_KEY)
  }

  async stop (): Promise<void> {
    clearInterval(this.#retry)
    this.#delivery.stop()
    await this.mailboxes.stop().catch(() => {})
    await this.prekeys.stop().catch(() => {})
    await this.#c.libp2p.unhandle(DM_PROTOCOL)
  }

  /**
   * Writes a DM to history and the outbox, then tries to deliver it. Sending a text, edit, delete,
   * reaction or room keys makes the recipient a contact (and accepts its pending request); read
   * receipts and typing go to contacts only (NotAContactError).
   */
  async send (to: string, fields: Partial<DmPayload> & { kind: DmPayload.Kind }): Promise<DirectMessage> {
    this.#c.contacts.checkPeerId(to)
    // Taken first, so DMs sent side by side keep the order they were sent in, whatever each waits for.
    const sentAt = this.#lastSentAt = Math.max(Date.now(), this.#lastSentAt + 1)
    if (fields.kind === DmPayload.Kind.TYPING && this.#c.libp2p.getConnections(peerIdFromString(to)).length === 0) {
      throw new UnreachableError('typing indicators are only sent to connected contacts')
    }
    this.#checkFields(fields)
    if (!this.#c.contacts.isContact(to) && !this.#c.contacts.isBlocked(to)) {
      if (CONTACTS_ONLY.includes(fields.kind)) throw new NotAContactError('accept the message request first')
      if (this.#requests.has(to)) await this.acceptRequest(to)
      else await this.#c.contacts.ensure(to)
    }
    await this.#checkTarget(to, fields)
    const payload: DmPayload = { id: toHex(randomBytes(32)), sentAt: BigInt(sentAt), nick: this.#c.nick(), text: '', target: '', reaction: '', replyTo: '', data: new Uint8Array(), mentions: [], ...fields }
    const encoded = DmPayload.encode(payload)
    const key = outboxKey(to, sentAt, payload.id)
    const tx = this.#c.store.transaction().put('outbox', key, encoded)
    const stored: StoredDm = { payload, from: this.#c.libp2p.peerId.toString(), outgoing: true, delivered: false, read: false, deleted: false, reactions: [], editedAt: 0n, editedId: '' }
    if (STORED_KINDS.includes(payload.kind)) tx.append({ conversation: dmConversation(to), id: payload.id, timestamp: sentAt, value: encodeStoredDm(stored, encoded) })
    // Our own edits, deletes and reactions change our copy too, in the same batch, after the
    // read-modify-writes already running on this conversation. Anything else commits at once,
    // sealed in the same batch when it is the next frame to leave (delivery.ts seal()).
    const changed = !CHANGE_KINDS.includes(payload.kind)
      ? await this.#commitSealed(to, key, payload, encoded, tx)
      : await this.#serially(to, async () => {
        const target = await this.#changeTarget(to, this.#c.libp2p.peerId.toString(), payload, true)
        if (target !== undefined) tx.update(dmConversation(to), payload.target, StoredDm.encode(target))
        await tx.commit()
        return target
      })
    this.#delivery.queued(to, key, encoded, payload)
    if (changed !== undefined) this.#c.emit('dm-update', toDirectMessage(to, changed))
    void this.flush(to)
    // Dials (or upgrades a relayed connection) unless the DM stream is open already.
    if (fields.kind !== DmPayload.Kind.TYPING && !this.#delivery.streaming(to)) this.#c.reach?.(to)
    return toDirectMessage(to, stored)
  }

  async #commitSealed (to: string, key: string, payload: DmPayload, encoded: Uint8Array, tx: Transaction): Promise<undefined> {
    const sealed = this.#delivery.seal(to, key, encoded, payload)
    if (sealed !== undefined) tx.put('sessions', ...sealed)
    try {
      await tx.commit()
    } catch (err) {
      this.#delivery.unseal(to, key)
      throw err
    }
    return undefined
  }

  /** The one message model's limits, checked in the core for every host (typed errors). */
  #checkFields (fields: Partial<DmPayload> & { kind: DmPayload.Kind }): void {
    if (fields.kind === DmPayload.Kind.TEXT || fields.kind === DmPayload.Kind.EDIT) checkText(fields.text)
    if (fields.kind === DmPayload.Kind.REACTION) checkReaction(fields.reaction)
    if (fields.kind === DmPayload.Kind.FILE) decodeFileRef(fields.data ?? new Uint8Array(), Number.MAX_SAFE_INTEGER)
    if (fields.kind === DmPayload.Kind.CALL) decodeCallSignal(fields.data ?? new Uint8Array())
    checkMentions(fields.mentions ?? [])
    if ((fields.mentions?.length ?? 0) > 0 && fields.kind !== DmPayload.Kind.TEXT && fields.kind !== DmPayload.Kind.FILE) throw new InvalidMentionError('only a text or file message carries mentions')
  }

  /**
   * An edit, delete or reaction names a stored message of this conversation (UnknownMessageError),
   * only its author edits or deletes it (NotAuthorError), and a full message takes no more reactions.
   */
  async #checkTarget (peer: string, fields: Partial<DmPayload> & { kind: DmPayload.Kind }): Promise<void> {
    const { kind } = fields
    if (kind !== DmPayload.Kind.EDIT && kind !== DmPayload.Kind.DELETE && kind !== DmPayload.Kind.REACTION) return
    const target = typeof fields.target === 'string' && fields.target !== '' ? await this.#c.store.history.get(dmConversation(peer), fields.target) : undefined
    if (target === undefined) throw new UnknownMessageError(`no message ${String(fields.target)} with ${peer}`)
    const stored = decodeStoredDm(target.value)
    if (kind !== DmPayload.Kind.REACTION && !stored.outgoing) throw new NotAuthorError('only the author can edit or delete a message')
    if (kind === DmPayload.Kind.REACTION) checkRoomForReaction(stored.reactions.length, fields.target as string)
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
    return this.#delivery.flush(peer)
  }

  async flushAll (): Promise<void> {
    return this.#delivery.flushAll()
  }

  /** How many DMs wait in the outbox. */
  async pending (peer?: string): Promise<number> {
    let n = 0
    for await (const _ of this.#c.store.kv('outbox').entries(peer === undefined ? {} : { prefix: `${peer}\x00` })) n++
    return n
  }

  /**
   * DMs the contact acknowledged (one ack, or a receipt): out of the outbox, our copies marked
   * delivered, in one batch. Each outbox entry's bytes (`encoded`) spare decoding and encoding the
   * stored copy's text again (dm-model.ts decodeOwnStoredDm).
   */
  async #delivered (peer: string, done: Array<{ key: string, payload: DmPayload, encoded: Uint8Array }>): Promise<void> {
    const conversation = dmConversation(peer)
    // The receipt tells what the contact acknowledged (it has stored them); our own mark follows.
    for (const { payload } of done) {
      if (payload.kind === DmPayload.Kind.TEXT) this.#c.emit('dm-receipt', { peer, id: payload.id, status: 'delivered' })
    }
    const stored = await this.#serially(peer, async () => {
      const tx = this.#c.store.transaction()
      for (const { key } of done) tx.del('outbox', key)
      const texts = done.filter(({ payload }) => payload.kind === DmPayload.Kind.TEXT)
      const records = await this.#c.store.history.getMany(conversation, texts.map(({ payload }) => payload.id))
      const changed: StoredDm[] = []
      records.forEach((record, i) => {
        if (record === undefined) return
        const { dm: own, payloadBytes } = decodeOwnStoredDm(record.value, texts[i].payload, texts[i].encoded)
        const dm = { ...own, delivered: true }
        // Rewritten at the timestamp just read: the commit looks up no id again.
        tx.rewrite({ ...record, value: payloadBytes === undefined ? StoredDm.encode(dm) : encodeStoredDm(dm, payloadBytes) })
        changed.push(dm)
      })
      await tx.commit()
      return changed
    })
    for (const dm of stored) this.#c.emit('dm-update', toDirectMessage(peer, dm))
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
    if (payload.kind === DmPayload.Kind.SESSION_RESET) {
      const petname = this.#c.contacts.get(peer).petname
      const name = petname !== '' ? petname : payload.nick
      this.#c.emit('session-reset', { peer, name, notice: `${name}'s session was reset` })
      return
    }
    if (payload.kind === DmPayload.Kind.DELIVERED) {
      await this.#delivery.receiptFor(peer, payload.target)
      return
    }
    if (payload.kind === DmPayload.Kind.INVITE || payload.kind === DmPayload.Kind.REKEY) {
      await this.#c.onRoomKeys?.(peer, payload.kind, payload.data)
      return
    }
    if (payload.kind === DmPayload.Kind.REPORT) {
      await this.#c.onReport?.(peer, payload.data)
      return
    }
    if (payload.kind === DmPayload.Kind.CALL) {
      await this.#c.onCall?.(peer, payload)
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

  /** The stored DM a read receipt, edit, delete or reaction changes, changed (dm-model.ts); undefined when it changes nothing. */
  async #changeTarget (peer: string, from: string, payload: DmPayload, own: boolean): Promise<StoredDm | undefined> {
    if (!CHANGE_KINDS.includes(payload.kind) || payload.target === '') return undefined
    const record = await this.#c.store.history.get(dmConversation(peer), payload.target).catch(() => undefined)
    if (record === undefined) return undefined
    return applyChange(decodeStoredDm(record.value), from, payload, own)
  }

  /** Pending message requests, the most recent first. */
  async requests (): Promise<MessageRequest[]> {
    return Promise.resolve(this.#requests.list())
  }

  /**
   * Accepts a message request: the requester becomes a contact, its held DMs join the conversation
   * in order (each fires `dm`), and receipts go to it from now on (a delivery receipt for each held
   * DM, so its outbox empties if they came through a mailbox). Adding the requester as a contact
   * does the same; for a peer without a request it only adds the contact.
   */
  async acceptRequest (peer: string): Promise<Contact> {
    this.#c.contacts.checkPeerId(peer)
    await this.#c.contacts.ensure(peer)
    await this.#deliverHeld(peer)
    return this.#c.contacts.get(peer)
  }

  /** Moves a new contact's held DMs (if it had a request) into its conversation: acceptRequest, or adding it as a contact. */
  async #deliverHeld (peer: string): Promise<void> {
    if (!this.#requests.has(peer)) return
    const held = await this.#requests.take(peer, true)
    const records = held.map((m) => ({ conversation: dmConversation(peer), id: m.payload?.id ?? '', timestamp: Number(m.payload?.sentAt ?? 0n), value: StoredDm.encode(m) }))
    const added = new Set((await this.#c.store.history.append(records)).map((r) => r.id))
    for (const m of held) {
      if (!added.has(m.payload?.id ?? '')) continue
      if (m.payload?.kind === DmPayload.Kind.FILE) await this.#c.onFile?.(peer, m)
      this.#c.emit('dm', toDirectMessage(peer, m))
    }
    for (const m of held) await this.send(peer, { kind: DmPayload.Kind.DELIVERED, target: m.payload?.id ?? '' })
  }

  /** Deletes a message request and its held DMs (the requester is not told; a later DM makes a new request). */
  async deleteRequest (peer: string): Promise<void> {
    this.#c.contacts.checkPeerId(peer)
    if (this.#requests.has(peer)) await this.#requests.take(peer, false)
  }

  /** A page of a DM conversation, oldest first; a requester's held DMs while its request is pending. */
  async history (peer: string, options: { limit?: number, before?: string | null } = {}): Promise<{ messages: DirectMessage[], before: string | null }> {
    this.#c.contacts.checkPeerId(peer)
    if (!this.#c.contacts.isContact(peer) && this.#requests.has(peer)) {
      const held = await this.#requests.messages(peer)
      return { messages: held.slice(-(options.limit ?? 50)).map((m) => toDirectMessage(peer, m)), before: null }
    }
    const page = await this.#c.store.history.page(dmConversation(peer), { limit: options.limit ?? 50, before: options.before })
    return { messages: page.messages.map((r) => toDirectMessage(peer, decodeStoredDm(r.value))), before: page.before }
  }
}
