/**
 * Contacts, keyed by identity (the PeerId is the Ed25519 key): a local
 * petname, blocked, and the key the user verified by safety number. A
 * nickname is never an identity: the same nick under another key is another
 * contact.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { constantTimeEqual, formatSafetyNumber, safetyNumber, scannableSafetyNumber, shortFingerprint, toHex, type FingerprintIdentity } from '@parley/crypto'
import { named } from '../errors.js'
import { BoundedMap } from '../bounded.js'
import { MAX_PACED_CONTACTS } from './constants.js'
import { InvalidPeerIdError } from './errors.js'
import type { ProfileStore } from '../store/index.js'

/** A contact as the UI sees it. */
export interface Contact {
  peerId: string
  petname: string
  fingerprint: string
  blocked: boolean
  /** True when the user compared safety numbers and the key is still the one verified. */
  verified: boolean
}

interface Stored { petname: string, blocked: boolean, verifiedKey?: string }

/** A stored contact record that does not parse (a damaged database); it is skipped, the rest load. */
export class CorruptContactError extends named('CorruptContactError') {}

/** The stored record, or undefined unless it is the JSON of a {@link Stored}. */
function parseStored (bytes: Uint8Array): Stored | undefined {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return undefined
  }
  const v = value as Partial<Stored> | null
  if (typeof v !== 'object' || v === null || typeof v.petname !== 'string' || typeof v.blocked !== 'boolean') return undefined
  if (v.verifiedKey !== undefined && typeof v.verifiedKey !== 'string') return undefined
  return { petname: v.petname, blocked: v.blocked, ...(v.verifiedKey === undefined ? {} : { verifiedKey: v.verifiedKey }) }
}

export class Contacts {
  readonly #store: ProfileStore
  readonly #self: string
  readonly #all = new Map<string, Stored>()
  /** PeerIds parsed lately, and the keys they embed. */
  readonly #keys = new BoundedMap<string, Uint8Array>(MAX_PACED_CONTACTS)
  readonly #onBlock: Array<(peer: string) => Promise<void>> = []
  readonly #onAdd: Array<(peer: string) => Promise<void>> = []
  readonly #onError: (error: Error) => void

  /** `onError` hears of each stored record load() skips (CorruptContactError); by default they are skipped silently. */
  constructor (store: ProfileStore, self: string, onError: (error: Error) => void = () => {}) {
    this.#store = store
    this.#self = self
    this.#onError = onError
  }

  /** Loads the stored contacts; a damaged record is skipped and reported as a CorruptContactError, the rest load. */
  async load (): Promise<void> {
    for await (const [peer, bytes] of this.#store.kv('contacts').entries()) {
      const stored = parseStored(bytes)
      let valid = stored !== undefined
      try { this.checkPeerId(peer) } catch { valid = false }
      if (stored !== undefined && valid) this.#all.set(peer, stored)
      else this.#onError(new CorruptContactError(`skipped a damaged contact record (${peer.slice(0, 80)})`))
    }
  }

  /** Throws InvalidPeerIdError unless `peer` is an Ed25519 PeerId other than ours. */
  checkPeerId (peer: unknown): asserts peer is string {
    this.publicKeyOf(peer as string)
    if (peer === this.#self) throw new InvalidPeerIdError('that is your own PeerId')
  }

  /** The Ed25519 key a PeerId embeds (parsed once per PeerId: every DM sent and received asks). */
  publicKeyOf (peer: string): Uint8Array {
    const known = this.#keys.get(peer)
    if (known !== undefined) return known
    try {
      const key = peerIdFromString(peer).publicKey
      if (key?.type !== 'Ed25519') throw new Error('not Ed25519')
      this.#keys.set(peer, key.raw)
      return key.raw
    } catch {
      throw new InvalidPeerIdError(`not a Parley PeerId: ${String(peer)}`)
    }
  }

  /** Whether `peer` is a contact (added, or written to) and not blocked. */
  isContact (peer: string): boolean {
    const stored = this.#all.get(peer)
    return stored !== undefined && !stored.blocked
  }

  /** Runs `listener` (awaited) whenever a contact is added, e.g. to accept its message request. */
  onAdd (listener: (peer: string) => Promise<void>): void {
    this.#onAdd.push(listener)
  }

  /** Runs `listener` (awaited) whenever a peer is blocked, e.g. to drop its message request. */
  onBlock (listener: (peer: string) => Promise<void>): void {
    this.#onBlock.push(listener)
  }

  isBlocked (peer: string): boolean {
    return this.#all.get(peer)?.blocked === true
  }

  async #save (peer: string, value: Stored): Promise<void> {
    this.#all.set(peer, value)
    await this.#store.kv('contacts').put(peer, new TextEncoder().encode(JSON.stringify(value)))
  }

  async add (peer: string, petname = ''): Promise<Contact> {
    this.checkPeerId(peer)
    await this.#save(peer, { ...(this.#all.get(peer) ?? { blocked: false }), petname })
    for (const listener of this.#onAdd) await listener(peer)
    return this.get(peer)
  }

  /** Makes `peer` a contact if it is not one yet (sending a DM does); an existing entry is kept as is. */
  async ensure (peer: string): Promise<void> {
    this.checkPeerId(peer)
    if (!this.#all.has(peer)) await this.#save(peer, { petname: '', blocked: false })
  }

  async setBlocked (peer: string, blocked: boolean): Promise<Contact> {
    this.checkPeerId(peer)
    await this.#save(peer, { ...(this.#all.get(peer) ?? { petname: '' }), blocked })
    if (blocked) for (const listener of this.#onBlock) await listener(peer)
    return this.get(peer)
  }

  /** Blocks a peer: its DMs are refused, its room messages hidden, its pending message request dropped. */
  async block (peer: string): Promise<Contact> {
    return this.setBlocked(peer, true)
  }

  /** Undoes {@link block}. */
  async unblock (peer: string): Promise<Contact> {
    return this.setBlocked(peer, false)
  }

  /** Marks the contact's current key as verified (after comparing safety numbers). */
  async verify (peer: string): Promise<Contact> {
    this.checkPeerId(peer)
    await this.#save(peer, { ...(this.#all.get(peer) ?? { petname: '', blocked: false }), verifiedKey: toHex(this.publicKeyOf(peer)) })
    return this.get(peer)
  }

  get (peer: string): Contact {
    this.checkPeerId(peer)
    const stored = this.#all.get(peer) ?? { petname: '', blocked: false }
    const key = this.publicKeyOf(peer)
    return {
      peerId: peer,
      petname: stored.petname,
      fingerprint: shortFingerprint(key),
      blocked: stored.blocked,
      verified: stored.verifiedKey !== undefined && constantTimeEqual(new TextEncoder().encode(stored.verifiedKey), new TextEncoder().encode(toHex(key)))
    }
  }

  list (): Contact[] {
    return [...this.#all.keys()].map((p) => this.get(p)).sort((a, b) => a.petname.localeCompare(b.petname) || a.peerId.localeCompare(b.peerId))
  }

  /** The 60-digit safety number between us and `peer`, and its 12 groups of 5. */
  safetyNumber (peer: string, selfKey: Uint8Array): { safetyNumber: string, groups: string[] } {
    const digits = safetyNumber(...this.#sides(peer, selfKey))
    return { safetyNumber: digits, groups: formatSafetyNumber(digits) }
  }

  /** The scannable safety number (what a QR code carries), libsignal's version 1 format. */
  scannableSafetyNumber (peer: string, selfKey: Uint8Array): Uint8Array {
    return scannableSafetyNumber(...this.#sides(peer, selfKey))
  }

  #sides (peer: string, selfKey: Uint8Array): [FingerprintIdentity, FingerprintIdentity] {
    this.checkPeerId(peer)
    const side = (id: string, key: Uint8Array): FingerprintIdentity =>
      ({ id: peerIdFromString(id).toMultihash().bytes, publicKey: publicKeyFromRaw(key).raw })
    return [side(this.#self, selfKey), side(peer, this.publicKeyOf(peer))]
  }
}
