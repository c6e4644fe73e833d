/**
 * Peer mailboxes for offline DMs (`/parley/mailbox/1.0.0`).
 *
 * A peer acting as a mailbox holds DM ciphertexts for its contacts while
 * they are offline, with a quota and an expiry, and hands them over when the
 * contact connects and asks. It learns nothing of the content and cannot
 * forge or alter a message: each item is a Double Ratchet message to the
 * recipient, authenticated end to end. A recipient names its mailboxes in a
 * signed announcement sent to its contacts; a sender whose recipient is
 * offline deposits there and keeps the DM in its outbox until the
 * recipient's delivery receipt arrives. The recipient de-duplicates.
 *
 * Who may deposit: anyone but a peer the mailbox's user blocked, and only
 * for a recipient that is one of the user's (unblocked) contacts; the
 * recipient's own contacts are usually strangers to the mailbox. Each
 * depositor has its own share of a recipient's quota, and all of them
 * together a total (mailbox-ledger.ts, counters rebuilt once at start).
 * Items expire after MAILBOX_EXPIRY_MS. A refusal names only its kind
 * (the error's name): a blocked depositor is told the same as one writing
 * for a non-contact.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { protobufFramed } from '../net/length-prefix.js'
import { openStream } from '../net/contact-dialler.js'
import { isValidSignature, randomBytes, sign, SIGNATURE_LABELS, toHex, type Identity } from '@parley/crypto'
import { MailboxAnnouncement, MailboxItem, MailboxReply, MailboxRequest, SignedMailboxAnnouncement } from '../pb/dm.js'
import { CorruptMessageError, named } from '../errors.js'
import { DM_TIMEOUT_MS, MAX_DM_FRAME_BYTES } from './constants.js'
import { InvalidDmError } from './errors.js'
import { MailboxLedger, type LedgerItem } from './mailbox-ledger.js'
import type { Contacts } from './contacts.js'
import type { ProfileStore } from '../store/index.js'
import type { Libp2p } from 'libp2p'
import type { Connection, Stream } from '@libp2p/interface'

export const MAILBOX_PROTOCOL = '/parley/mailbox/1.0.0'
/** Most items and bytes a mailbox holds for one contact, from all depositors together. */
export const MAILBOX_QUOTA_ITEMS = 2000
export const MAILBOX_QUOTA_BYTES = 16 * 1024 * 1024
/** Most items and bytes one depositor may leave for one contact. */
export const MAILBOX_SHARE_ITEMS = 200
export const MAILBOX_SHARE_BYTES = 2 * 1024 * 1024
/** How long a mailbox keeps an item. */
export const MAILBOX_EXPIRY_MS = 14 * 24 * 3600 * 1000
/** Most mailboxes a peer names (ours, and what a contact's announcement may list). */
export const MAX_MAILBOXES = 8
/** How often held items are checked for expiry (besides on every request for their recipient). */
const EXPIRY_SWEEP_MS = 3600 * 1000
/** Most bytes of items in one fetch reply. */
const MAX_FETCH_BYTES = 512 * 1024

/** A deposit the mailbox does not take: the recipient is not one of its user's contacts, or the depositor is blocked. */
export class MailboxRefusedError extends named('MailboxRefusedError') {}
/** A deposit over the depositor's share, or over a full recipient quota where the depositor already holds the most. */
export class MailboxFullError extends named('MailboxFullError') {}
/** A mailbox request that breaks a limit (an empty or oversized frame). */
export class InvalidMailboxRequestError extends named('InvalidMailboxRequestError') {}
/** The kinds of refusal a mailbox tells a remote peer; anything else is reported as InvalidMailboxRequestError. */
const TOLD = new Set([MailboxRefusedError.name, MailboxFullError.name, InvalidMailboxRequestError.name])

export interface MailboxComponents {
  libp2p: Libp2p
  identity: Identity
  store: ProfileStore
  contacts: Contacts
  /** Serve as a mailbox for our contacts. */
  enabled: boolean
  /** Hands a fetched frame to the DM layer as if `sender` had sent it directly. */
  accept: (sender: string, frame: Uint8Array) => Promise<void>
  onError: (error: Error) => void
}

/** The store key of a held item: recipient, deposit time, id (so a recipient's items sort oldest first). */
export const mailboxItemKey = (recipient: string, at: number, id: string): string => `${recipient}\x00${at.toString(16).padStart(13, '0')}\x00${id}`

export class Mailboxes {
  readonly #c: MailboxComponents
  readonly #ledger = new MailboxLedger({
    totalItems: MAILBOX_QUOTA_ITEMS, totalBytes: MAILBOX_QUOTA_BYTES, shareItems: MAILBOX_SHARE_ITEMS, shareBytes: MAILBOX_SHARE_BYTES, expiryMs: MAILBOX_EXPIRY_MS
  })

  /** Requests are served one at a time, so counters and store never disagree. */
  #serving: Promise<unknown> = Promise.resolve()
  #sweep: ReturnType<typeof setInterval> | undefined

  constructor (components: MailboxComponents) {
    this.#c = components
  }

  async start (): Promise<void> {
    if (this.#c.enabled) {
      await this.#open()
      this.#sweep = setInterval(() => { void this.#serial(async () => { await this.#expireAll() }).catch((error: Error) => { this.#c.onError(error) }) }, EXPIRY_SWEEP_MS)
    }
    if (this.#c.enabled) await this.#c.libp2p.handle(MAILBOX_PROTOCOL, (stream, connection) => { void this.#serve(stream, connection) }, { maxInboundStreams: 8, runOnLimitedConnection: true })
    const fetch = (peer: string): void => { void this.fetchFrom(peer).catch((error: Error) => { this.#c.onError(error) }) }
    this.#c.libp2p.addEventListener('peer:connect', (evt) => { fetch(evt.detail.toString()) })
    // A mailbox that connected (inbound) before we started is asked too.
    for (const peer of this.#c.libp2p.getPeers()) fetch(peer.toString())
  }

  async stop (): Promise<void> {
    clearInterval(this.#sweep)
    if (this.#c.enabled) await this.#c.libp2p.unhandle(MAILBOX_PROTOCOL)
  }

  // ---- our own mailboxes and our contacts' ----

  /** Our mailboxes, and the signed announcement of them to send to contacts. */
  async use (mailboxes: string[]): Promise<Uint8Array> {
    if (mailboxes.length > MAX_MAILBOXES) throw new InvalidMailboxRequestError(`at most ${MAX_MAILBOXES} mailboxes, got ${mailboxes.length}`)
    for (const m of mailboxes) this.#c.contacts.checkPeerId(m)
    await this.#c.store.kv('settings').put('mailboxes', new TextEncoder().encode(JSON.stringify(mailboxes)))
    const announcement = MailboxAnnouncement.encode({ peer: this.#c.libp2p.peerId.toString(), mailboxes, issuedAt: BigInt(Date.now()) })
    return SignedMailboxAnnouncement.encode({ announcement, signature: sign(this.#c.identity, SIGNATURE_LABELS.mailboxAnnouncement, announcement) as Uint8Array<ArrayBuffer> })
  }

  async ours (): Promise<string[]> {
    const bytes = await this.#c.store.kv('settings').get('mailboxes')
    return bytes === undefined ? [] : JSON.parse(new TextDecoder().decode(bytes)) as string[]
  }

  /** Verifies and stores a contact's announcement (newest wins). */
  async learn (from: string, signed: Uint8Array): Promise<void> {
    const { announcement, signature } = SignedMailboxAnnouncement.decode(signed)
    if (!isValidSignature(this.#c.contacts.publicKeyOf(from), SIGNATURE_LABELS.mailboxAnnouncement, announcement, signature)) {
      throw new InvalidDmError('mailbox announcement signature does not verify')
    }
    let decoded: MailboxAnnouncement
    try {
      decoded = MailboxAnnouncement.decode(announcement, { limits: { mailboxes: MAX_MAILBOXES } })
    } catch (err) {
      throw new InvalidDmError(`mailbox announcement does not decode: ${(err as Error).name}`)
    }
    if (decoded.peer !== from) throw new InvalidDmError('mailbox announcement is for another peer')
    const previous = await this.#c.store.kv('settings').get(`mailboxes-of:${from}`)
    if (previous !== undefined && MailboxAnnouncement.decode(SignedMailboxAnnouncement.decode(previous).announcement).issuedAt > decoded.issuedAt) return
    await this.#c.store.kv('settings').put(`mailboxes-of:${from}`, signed)
  }

  /** The mailboxes a contact announced. */
  async of (peer: string): Promise<string[]> {
    const bytes = await this.#c.store.kv('settings').get(`mailboxes-of:${peer}`)
    return bytes === undefined ? [] : MailboxAnnouncement.decode(SignedMailboxAnnouncement.decode(bytes).announcement).mailboxes
  }

  async #exchange (peer: string, request: Partial<MailboxRequest>): Promise<MailboxReply> {
    const stream = await openStream(this.#c.libp2p, peerIdFromString(peer), MAILBOX_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const pb = protobufFramed(stream, { maxDataLength: MAX_FETCH_BYTES + MAX_DM_FRAME_BYTES })
    try {
      await pb.write({ op: MailboxRequest.Op.DEPOSIT, recipient: '', frame: new Uint8Array(), ids: [], ...request }, MailboxRequest, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      const reply = await pb.read(MailboxReply, { signal: AbortSignal.timeout(DM_TIMEOUT_MS), limits: { items: MAILBOX_QUOTA_ITEMS } })
      await stream.close()
      if (!reply.ok) throw new InvalidDmError(`mailbox ${peer} refused: ${reply.error}`)
      return reply
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  /** Deposits a frame for `recipient` at one of its mailboxes we can reach; true when one took it. */
  async deposit (recipient: string, frame: Uint8Array): Promise<boolean> {
    for (const mailbox of await this.of(recipient)) {
      if (this.#c.libp2p.getConnections(peerIdFromString(mailbox)).length === 0) continue
      try {
        await this.#exchange(mailbox, { op: MailboxRequest.Op.DEPOSIT, recipient, frame: frame as Uint8Array<ArrayBuffer> })
        return true
      } catch (error) {
        this.#c.onError(error as Error)
      }
    }
    return false
  }

  /** Fetches what a mailbox holds for us, hands each frame to the DM layer, then acknowledges. */
  async fetchFrom (mailbox: string): Promise<number> {
    if (!(await this.ours()).includes(mailbox)) return 0
    let total = 0
    for (let round = 0; round < 100; round++) {
      const reply = await this.#exchange(mailbox, { op: MailboxRequest.Op.FETCH })
      if (reply.items.length === 0) break
      const done: string[] = []
      for (const item of reply.items) {
        try {
          await this.#c.accept(item.sender, item.frame)
        } catch (error) {
          // A duplicate (already received directly) or a broken frame: either way the mailbox may drop it.
          this.#c.onError(error as Error)
        }
        done.push(item.id)
      }
      await this.#exchange(mailbox, { op: MailboxRequest.Op.ACK, ids: done })
      total += done.length
    }
    return total
  }

  // ---- serving as a mailbox ----

  /** Rebuilds the counters from the store, once; drops what expired or does not decode. */
  async #open (): Promise<void> {
    const kv = this.#c.store.kv('mailbox')
    const broken: string[] = []
    for await (const [key, bytes] of kv.entries()) {
      try {
        const item = MailboxItem.decode(bytes)
        this.#ledger.add({ key, id: item.id, recipient: key.slice(0, key.indexOf('\x00')), sender: item.sender, bytes: item.frame.length, at: Number(item.depositedAt) })
      } catch {
        broken.push(key)
      }
    }
    // Others' ciphertext we cannot read back: dropped (their senders' outboxes still hold it), but said.
    if (broken.length > 0) this.#c.onError(new CorruptMessageError(`${broken.length} held mailbox item(s) did not decode and were dropped`))
    for (const key of broken) await kv.del(key)
    await this.#expireAll()
  }

  async #expireAll (): Promise<void> {
    for (const recipient of this.#ledger.recipients()) await this.#expire(recipient, Date.now())
  }

  async #expire (recipient: string, now: number): Promise<void> {
    await this.#drop(this.#ledger.expired(recipient, now))
  }

  async #drop (items: LedgerItem[]): Promise<void> {
    for (const item of items) {
      await this.#c.store.kv('mailbox').del(item.key)
      this.#ledger.remove(item.recipient, item.id)
    }
  }

  async #serial<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.#serving.then(fn)
    this.#serving = run.catch(() => {})
    return run
  }

  /** How many items the mailbox holds, per recipient. */
  async held (): Promise<Record<string, number>> {
    await this.#serving
    return Object.fromEntries(this.#ledger.recipients().map((r) => [r, this.#ledger.held(r).items]))
  }

  async #serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const pb = protobufFramed(stream, { maxDataLength: MAX_DM_FRAME_BYTES + 1024 })
    try {
      const request = await pb.read(MailboxRequest, { signal: AbortSignal.timeout(DM_TIMEOUT_MS), limits: { ids: MAILBOX_QUOTA_ITEMS } })
      let reply: MailboxReply
      try {
        reply = await this.#serial(async () => this.#handle(peer, request))
      } catch (err) {
        const name = (err as Error).name
        if (!TOLD.has(name)) this.#c.onError(err as Error)
        reply = { ok: false, error: TOLD.has(name) ? name : InvalidMailboxRequestError.name, items: [], held: 0 }
      }
      await pb.write(reply, MailboxReply, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  async #handle (peer: string, request: MailboxRequest): Promise<MailboxReply> {
    const now = Date.now()
    if (request.op === MailboxRequest.Op.DEPOSIT) return this.#deposit(peer, request, now)
    await this.#expire(peer, now)
    if (request.op === MailboxRequest.Op.ACK) {
      const acked = new Set(request.ids)
      for (const id of acked) {
        const item = this.#ledger.remove(peer, id)
        if (item !== undefined) await this.#c.store.kv('mailbox').del(item.key)
      }
      return { ok: true, error: '', items: [], held: this.#ledger.held(peer).items }
    }
    const out: MailboxItem[] = []
    if (request.op === MailboxRequest.Op.FETCH) {
      let size = 0
      for await (const [, bytes] of this.#c.store.kv('mailbox').entries({ prefix: `${peer}\x00` })) {
        const item = MailboxItem.decode(bytes)
        if (size + item.frame.length > MAX_FETCH_BYTES) break
        out.push(item)
        size += item.frame.length
      }
    }
    return { ok: true, error: '', items: out, held: this.#ledger.held(peer).items }
  }

  async #deposit (peer: string, request: MailboxRequest, now: number): Promise<MailboxReply> {
    const { recipient, frame } = request
    if (this.#c.contacts.isBlocked(peer) || !this.#c.contacts.list().some((c) => c.peerId === recipient && !c.blocked)) {
      throw new MailboxRefusedError('this mailbox holds DMs only for its contacts, from peers it has not blocked')
    }
    if (frame.length === 0 || frame.length > MAX_DM_FRAME_BYTES) throw new InvalidMailboxRequestError(`frame of ${frame.length} bytes is outside 1..${MAX_DM_FRAME_BYTES}`)
    await this.#expire(recipient, now)
    const decision = this.#ledger.admit(recipient, peer, frame.length)
    if ('refused' in decision) throw new MailboxFullError(decision.refused === 'share' ? 'this depositor\'s share is used up' : 'the mailbox is full for this recipient')
    await this.#drop(decision.evict)
    const id = toHex(randomBytes(16))
    const key = mailboxItemKey(recipient, now, id)
    await this.#c.store.kv('mailbox').put(key, MailboxItem.encode({ id, sender: peer, frame, depositedAt: BigInt(now) }))
    this.#ledger.add({ key, id, recipient, sender: peer, bytes: frame.length, at: now })
    return { ok: true, error: '', items: [], held: this.#ledger.held(recipient, peer).items }
  }
}
