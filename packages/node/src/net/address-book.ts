/**
 * Where contacts were last found, kept across restarts. libp2p's peer store lives in memory, so
 * without this a restarted peer forgets the addresses a contact card gave it (and the ones it
 * reached the contact on) and can reach the contact only if a relay or the DHT finds it again.
 *
 * Storage: the profile's `settings` sublevel, key `reach-addrs:<peer id>`, value JSON
 * `[[multiaddr, expiresAt], …]` (multiaddrs without the trailing `/p2p/<peer id>`), at most
 * MAX_REMEMBERED_ADDRS per contact, best first (public, relay, LAN, loopback; the newest first
 * within each). Written through the store's key-value API, so a passphrase seals it like every
 * other record. Only contacts are remembered (a stranger that connects adds nothing), and a
 * record is rewritten only when its addresses change or half of their lifetime has passed.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { rankAddresses } from './contact-card.js'
import { MAX_CARD_ADDR_BYTES, MAX_REMEMBERED_ADDRS, REMEMBERED_ADDR_TTL_MS } from './constants.js'
import { CorruptMessageError } from '../errors.js'
import type { Connection, IdentifyResult } from '@libp2p/interface'
import type { ProfileStore } from '../store/index.js'
import type { Libp2p } from 'libp2p'

const PREFIX = 'reach-addrs:'

/** What {@link AddressBook} needs from the peer. */
export interface AddressBookComponents {
  libp2p: Libp2p
  store: ProfileStore
  /** Whether `peer` is a contact (only contacts' addresses are kept). */
  isContact: (peer: string) => boolean
  /** Hears of a failed write (the book is a cache: nothing else depends on it). */
  onError?: (error: Error) => void
}

type Entry = [address: string, expiresAt: number]

/** Strips a trailing `/p2p/<peer>` so that every stored address has one form. */
function bare (addr: Multiaddr, peer: string): string {
  const text = addr.toString()
  const suffix = `/p2p/${peer}`
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text
}

/**
 * A stored record's entries that are well formed and not expired (a malformed entry is skipped);
 * a record that is not a list at all is damaged: CorruptMessageError.
 */
function parse (bytes: Uint8Array, now: number): Entry[] {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch (err) {
    throw new CorruptMessageError(`a stored address record does not read back: ${(err as Error).message}`)
  }
  if (!Array.isArray(value)) throw new CorruptMessageError('a stored address record is not a list')
  return value.slice(0, MAX_REMEMBERED_ADDRS).filter((e: unknown): e is Entry =>
    Array.isArray(e) && typeof e[0] === 'string' && e[0].length <= 4 * MAX_CARD_ADDR_BYTES &&
    typeof e[1] === 'number' && e[1] > now && ((): boolean => { try { multiaddr(e[0]); return true } catch { return false } })())
}

/** Contacts' addresses, remembered across restarts (see the module comment). */
export class AddressBook {
  readonly #c: AddressBookComponents
  readonly #onIdentify = (evt: CustomEvent<IdentifyResult>): void => {
    void this.remember(evt.detail.peerId.toString(), evt.detail.listenAddrs)
  }

  readonly #onOpen = (evt: CustomEvent<Connection>): void => {
    const c = evt.detail
    // Only where we dialled: an inbound connection's remote address is an ephemeral port.
    if (c.direction === 'outbound') void this.remember(c.remotePeer.toString(), [c.remoteAddr])
  }

  /** Every write, one after another: a read-modify-write must not lose a concurrent one's addresses. */
  #writes: Promise<void> = Promise.resolve()

  constructor (components: AddressBookComponents) {
    this.#c = components
  }

  /** A stored record's entries; a damaged record is reported and reads as none (the next write replaces it). */
  #parse (bytes: Uint8Array, now: number): Entry[] {
    try {
      return parse(bytes, now)
    } catch (err) {
      this.#c.onError?.(err as Error)
      return []
    }
  }

  /** Puts every remembered, unexpired address into libp2p's peer store, and starts remembering. */
  async start (): Promise<void> {
    const now = Date.now()
    for await (const [key, bytes] of this.#c.store.kv('settings').entries({ prefix: PREFIX })) {
      const peer = key.slice(PREFIX.length)
      const entries = this.#parse(bytes, now)
      if (!this.#c.isContact(peer) || entries.length === 0) continue
      try {
        await this.#c.libp2p.peerStore.merge(peerIdFromString(peer), { multiaddrs: entries.map(([a]) => multiaddr(a)) })
      } catch (err) {
        this.#c.onError?.(err as Error)
      }
    }
    this.#c.libp2p.addEventListener('peer:identify', this.#onIdentify)
    this.#c.libp2p.addEventListener('connection:open', this.#onOpen)
  }

  /** Stops remembering; resolves once the writes under way are done (before the store closes). */
  async stop (): Promise<void> {
    this.#c.libp2p.removeEventListener('peer:identify', this.#onIdentify)
    this.#c.libp2p.removeEventListener('connection:open', this.#onOpen)
    await this.#writes.catch(() => {})
  }

  /** The remembered, unexpired addresses of `peer`, best first. */
  async addresses (peer: string): Promise<Multiaddr[]> {
    const bytes = await this.#c.store.kv('settings').get(PREFIX + peer)
    return bytes === undefined ? [] : this.#parse(bytes, Date.now()).map(([a]) => multiaddr(a))
  }

  /**
   * Remembers where `peer` (a contact) can be reached, until `expiresAt` (at most
   * REMEMBERED_ADDR_TTL_MS from now): merged with what is stored, best MAX_REMEMBERED_ADDRS kept.
   * Never rejects: a failure goes to `onError`.
   */
  async remember (peer: string, addrs: Multiaddr[], expiresAt?: number): Promise<void> {
    if (!this.#c.isContact(peer) || addrs.length === 0) return
    const write = this.#writes.then(async () => { await this.#merge(peer, addrs, expiresAt) })
    this.#writes = write
    await write
  }

  async #merge (peer: string, addrs: Multiaddr[], expiresAt?: number): Promise<void> {
    try {
      const now = Date.now()
      const until = Math.min(expiresAt ?? Infinity, now + REMEMBERED_ADDR_TTL_MS)
      const kv = this.#c.store.kv('settings')
      const stored = await kv.get(PREFIX + peer)
      const old = stored === undefined ? [] : this.#parse(stored, now)
      const fresh = new Map<string, number>()
      for (const a of addrs.slice(0, 4 * MAX_REMEMBERED_ADDRS)) {
        if (a.bytes.byteLength <= MAX_CARD_ADDR_BYTES) fresh.set(bare(a, peer), until)
      }
      for (const [a, e] of old) fresh.set(a, Math.max(e, fresh.get(a) ?? 0))
      // Ranked by kind; within a kind, what was just seen comes first (a Map keeps insertion order).
      const kept = rankAddresses([...fresh.keys()].map((a) => multiaddr(a))).slice(0, MAX_REMEMBERED_ADDRS).map((a): Entry => [a.toString(), fresh.get(a.toString()) ?? until])
      if (!this.#changed(old, kept, now)) return
      await kv.put(PREFIX + peer, new TextEncoder().encode(JSON.stringify(kept)))
    } catch (err) {
      this.#c.onError?.(err as Error)
    }
  }

  /** Whether `kept` differs from `old` in its addresses, or refreshes an expiry past half its lifetime. */
  #changed (old: Entry[], kept: Entry[], now: number): boolean {
    if (old.length !== kept.length || old.some(([a], i) => a !== kept[i][0])) return true
    return old.some(([, e], i) => kept[i][1] > e && e - now < REMEMBERED_ADDR_TTL_MS / 2)
  }

  /** Forgets `peer`'s addresses (e.g. when it is blocked). */
  async forget (peer: string): Promise<void> {
    const write = this.#writes.then(async () => { await this.#c.store.kv('settings').del(PREFIX + peer) })
    this.#writes = write.catch((err: Error) => { this.#c.onError?.(err) })
    await write
  }
}
