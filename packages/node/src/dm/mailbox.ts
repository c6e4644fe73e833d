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
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { pbStream } from '@libp2p/utils'
import { isValidSignature, randomBytes, sign, SIGNATURE_LABELS, toHex, type Identity } from '@parley/crypto'
import { MailboxAnnouncement, MailboxItem, MailboxReply, MailboxRequest, SignedMailboxAnnouncement } from '../pb/dm.js'
import { DM_TIMEOUT_MS, MAX_DM_FRAME_BYTES } from './constants.js'
import { InvalidDmError } from './errors.js'
import type { Contacts } from './contacts.js'
import type { ProfileStore } from '../store/index.js'
import type { Libp2p } from 'libp2p'
import type { Connection, Stream } from '@libp2p/interface'

export const MAILBOX_PROTOCOL = '/parley/mailbox/1.0.0'
/** Most items and bytes a mailbox holds for one contact. */
export const MAILBOX_QUOTA_ITEMS = 2000
export const MAILBOX_QUOTA_BYTES = 16 * 1024 * 1024
/** How long a mailbox keeps an item. */
export const MAILBOX_EXPIRY_MS = 14 * 24 * 3600 * 1000
/** Most bytes of items in one fetch reply. */
const MAX_FETCH_BYTES = 512 * 1024

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

const itemKey = (recipient: string, at: number, id: string): string => `${recipient}\x00${at.toString(16).padStart(13, '0')}\x00${id}`

export class Mailboxes {
  readonly #c: MailboxComponents

  constructor (components: MailboxComponents) {
    this.#c = components
  }

  async start (): Promise<void> {
    if (this.#c.enabled) await this.#c.libp2p.handle(MAILBOX_PROTOCOL, (stream, connection) => { void this.#serve(stream, connection) }, { maxInboundStreams: 8 })
    this.#c.libp2p.addEventListener('peer:connect', (evt) => {
      void this.fetchFrom(evt.detail.toString()).catch((error: Error) => { this.#c.onError(error) })
    })
  }

  async stop (): Promise<void> {
    if (this.#c.enabled) await this.#c.libp2p.unhandle(MAILBOX_PROTOCOL)
  }

  // ---- our own mailboxes and our contacts' ----

  /** Our mailboxes, and the signed announcement of them to send to contacts. */
  async use (mailboxes: string[]): Promise<Uint8Array> {
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
    const decoded = MailboxAnnouncement.decode(announcement)
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
    const stream = await this.#c.libp2p.dialProtocol(peerIdFromString(peer), MAILBOX_PROTOCOL, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
    const pb = pbStream(stream, { maxDataLength: MAX_FETCH_BYTES + MAX_DM_FRAME_BYTES })
    try {
      await pb.write({ op: MailboxRequest.Op.DEPOSIT, recipient: '', frame: new Uint8Array(), ids: [], ...request }, MailboxRequest, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      const reply = await pb.read(MailboxReply, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
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

  /** How many items the mailbox holds, per recipient. */
  async held (): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for await (const [key] of this.#c.store.kv('mailbox').entries()) {
      const recipient = key.slice(0, key.indexOf('\x00'))
      out[recipient] = (out[recipient] ?? 0) + 1
    }
    return out
  }

  async #items (recipient: string): Promise<Array<[string, MailboxItem]>> {
    const out: Array<[string, MailboxItem]> = []
    for await (const [key, bytes] of this.#c.store.kv('mailbox').entries({ prefix: `${recipient}\x00` })) out.push([key, MailboxItem.decode(bytes)])
    return out
  }

  async #serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const pb = pbStream(stream, { maxDataLength: MAX_DM_FRAME_BYTES + 1024 })
    try {
      const request = await pb.read(MailboxRequest, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      let reply: MailboxReply = { ok: true, error: '', items: [], held: 0 }
      try {
        reply = await this.#handle(peer, request)
      } catch (err) {
        reply = { ok: false, error: `${(err as Error).name}: ${(err as Error).message}`, items: [], held: 0 }
      }
      await pb.write(reply, MailboxReply, { signal: AbortSignal.timeout(DM_TIMEOUT_MS) })
      await stream.close()
    } catch (err) {
      stream.abort(err as Error)
    }
  }

  async #handle (peer: string, request: MailboxRequest): Promise<MailboxReply> {
    const kv = this.#c.store.kv('mailbox')
    const now = Date.now()
    if (request.op === MailboxRequest.Op.DEPOSIT) {
      if (!this.#c.contacts.list().some((c) => c.peerId === request.recipient && !c.blocked)) throw new InvalidDmError('this mailbox only holds DMs for its contacts')
      if (request.frame.length === 0 || request.frame.length > MAX_DM_FRAME_BYTES) throw new InvalidDmError('frame size out of range')
      const items = await this.#items(request.recipient)
      for (const [key, item] of items) if (now - Number(item.depositedAt) > MAILBOX_EXPIRY_MS) await kv.del(key)
      const bytes = items.reduce((n, [, i]) => n + i.frame.length, 0)
      if (items.length >= MAILBOX_QUOTA_ITEMS || bytes + request.frame.length > MAILBOX_QUOTA_BYTES) throw new InvalidDmError('the mailbox is full for this recipient')
      const id = toHex(randomBytes(16))
      await kv.put(itemKey(request.recipient, now, id), MailboxItem.encode({ id, sender: peer, frame: request.frame, depositedAt: BigInt(now) }))
      return { ok: true, error: '', items: [], held: items.length + 1 }
    }
    const items = await this.#items(peer)
    if (request.op === MailboxRequest.Op.ACK) {
      const acked = new Set(request.ids)
      for (const [key, item] of items) if (acked.has(item.id)) await kv.del(key)
      return { ok: true, error: '', items: [], held: items.length - acked.size }
    }
    const out: MailboxItem[] = []
    let size = 0
    for (const [, item] of items) {
      if (now - Number(item.depositedAt) > MAILBOX_EXPIRY_MS) continue
      if (size + item.frame.length > MAX_FETCH_BYTES) break
      out.push(item)
      size += item.frame.length
    }
    return { ok: true, error: '', items: request.op === MailboxRequest.Op.FETCH ? out : [], held: items.length }
  }
}
