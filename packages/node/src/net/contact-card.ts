/**
 * Contact cards: who a peer is and where it can be reached, signed by its identity key, shared
 * out of band (a link in another messenger, a QR code shown across a table) so that two people
 * with no room and no connection in common can add each other and talk.
 *
 * Wire format: `parley:card/` + base64url (no padding) of a protobuf `SignedContactCard`
 * (pb/card.proto), whose `card` field is an encoded `ContactCard` and whose `signature` is the
 * Ed25519 signature of those exact bytes under `SIGNATURE_LABELS.contactCard` by the key the card
 * carries. The PeerId is derived from that key, so a card cannot name one peer and be signed by
 * another. Addresses are binary multiaddrs without the trailing `/p2p/<peer id>` (it is implied),
 * which keeps a card with a few relay addresses small enough for a QR code.
 *
 * Every card read is hostile input (anyone can hand over a link): the link's length, the decoded
 * sizes, each address, the nickname, the signature and the dates are checked before anything is
 * used, and each failure is a typed error.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { isLoopback, isPrivate } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { isValidSignature, sign, SIGNATURE_LABELS, type Identity } from '@parley/crypto'
import { fromString, toString } from 'uint8arrays'
import { isDisplaySafe } from '../display-text.js'
import { MAX_NICK_LENGTH } from '../constants.js'
import { ContactCard as ContactCardPb, SignedContactCard } from '../pb/card.js'
import {
  CARD_CLOCK_SKEW_MS, CARD_LINK_PREFIX, CARD_VALIDITY_MS, CARD_VERSION, MAX_CARD_ADDR_BYTES, MAX_CARD_ADDRS, MAX_CARD_LINK_LENGTH, MAX_CARD_VALIDITY_MS
} from './constants.js'
import { ContactCardTooLargeError, ExpiredContactCardError, InvalidContactCardError } from './errors.js'

/** A verified contact card. */
export interface ContactCard {
  /** The PeerId the card's key derives, as a string. */
  peerId: string
  /** The nickname the peer chose (not yet a petname: the user may name the contact otherwise). */
  nick: string
  /** Where to dial the peer, each ending in `/p2p/<peerId>`. */
  addrs: Multiaddr[]
  /** When the card was made and until when it may be used, ms since the epoch. */
  issuedAt: number
  expiresAt: number
}

/** What {@link createContactCard} puts in a card. */
export interface ContactCardInit {
  nick: string
  /** Addresses to list (duplicates dropped, the first MAX_CARD_ADDRS kept); a trailing `/p2p/<own id>` is removed. */
  addrs: ReadonlyArray<Multiaddr | string>
  /** ms since the epoch (default now). */
  issuedAt?: number
  /** How long the card stays valid, in ms (default CARD_VALIDITY_MS, at most MAX_CARD_VALIDITY_MS). */
  validityMs?: number
}

/** Whether `text` looks like a contact card link (it may still be invalid). */
export function isContactCardLink (text: string): boolean {
  return typeof text === 'string' && text.trim().toLowerCase().startsWith(CARD_LINK_PREFIX)
}

/**
 * Makes and signs a contact card for `identity`, as a `parley:card/…` link.
 *
 * @throws TypeError / RangeError for a bad nick, address list or validity
 */
export function createContactCard (identity: Identity, init: ContactCardInit): string {
  const peerId = peerIdFromPublicKey(publicKeyFromRaw(identity.publicKey)).toString()
  if (typeof init.nick !== 'string' || init.nick.trim().length === 0 || init.nick.length > MAX_NICK_LENGTH) {
    throw new TypeError(`nick must be 1..${MAX_NICK_LENGTH} characters`)
  }
  const validity = init.validityMs ?? CARD_VALIDITY_MS
  if (!Number.isSafeInteger(validity) || validity <= 0 || validity > MAX_CARD_VALIDITY_MS) {
    throw new RangeError(`validityMs must be 1..${MAX_CARD_VALIDITY_MS}`)
  }
  const issuedAt = init.issuedAt ?? Date.now()
  const suffix = `/p2p/${peerId}`
  const seen = new Set<string>()
  const addrs: Array<Uint8Array<ArrayBuffer>> = []
  for (const input of rankAddresses(init.addrs.map((a) => multiaddr(a.toString())))) {
    const text = input.toString()
    const bare = text.endsWith(suffix) ? text.slice(0, -suffix.length) : text
    const bytes = multiaddr(bare).bytes
    if (seen.has(bare) || bytes.length > MAX_CARD_ADDR_BYTES || addrs.length >= MAX_CARD_ADDRS) continue
    seen.add(bare)
    addrs.push(bytes)
  }
  const card = ContactCardPb.encode({
    version: CARD_VERSION,
    publicKey: identity.publicKey as Uint8Array<ArrayBuffer>,
    nick: init.nick.trim(),
    addrs,
    issuedAt: BigInt(issuedAt),
    expiresAt: BigInt(issuedAt + validity)
  })
  const signature = sign(identity, SIGNATURE_LABELS.contactCard, card) as Uint8Array<ArrayBuffer>
  return CARD_LINK_PREFIX + toString(SignedContactCard.encode({ card, signature }), 'base64url')
}

/**
 * Orders addresses by use to someone elsewhere, so the ones kept under MAX_CARD_ADDRS are the
 * best: public direct addresses, then relay addresses, then LAN ones, then loopback (a stable
 * sort: the given order within each kind).
 */
export function rankAddresses (addrs: Multiaddr[]): Multiaddr[] {
  const score = (a: Multiaddr): number => {
    if (a.toString().includes('/p2p-circuit')) return 1
    if (isLoopback(a)) return 3
    return isPrivate(a) ? 2 : 0
  }
  return addrs.map((a) => ({ a, s: score(a) })).sort((x, y) => x.s - y.s).map(({ a }) => a)
}

/**
 * Reads and verifies a contact card link.
 *
 * @throws ContactCardTooLargeError for a link over MAX_CARD_LINK_LENGTH
 * @throws InvalidContactCardError when it does not decode, breaks a limit, or its signature does not verify
 * @throws ExpiredContactCardError when `now` is past its expiry (or far before its issue time)
 */
export function parseContactCard (link: string, options: { now?: number } = {}): ContactCard {
  if (typeof link !== 'string') throw new InvalidContactCardError('prefix', 'a contact card is a string')
  const text = link.trim()
  if (text.length > MAX_CARD_LINK_LENGTH) throw new ContactCardTooLargeError(text.length, MAX_CARD_LINK_LENGTH)
  if (!isContactCardLink(text)) throw new InvalidContactCardError('prefix', `a contact card starts with ${CARD_LINK_PREFIX}`)
  let bytes: Uint8Array
  try {
    bytes = fromString(text.slice(CARD_LINK_PREFIX.length), 'base64url')
  } catch {
    throw new InvalidContactCardError('encoding', 'the card is not base64url')
  }
  return verifyContactCard(bytes, options.now ?? Date.now())
}

/** Verifies the bytes of a SignedContactCard (see {@link parseContactCard} for what it throws). */
export function verifyContactCard (bytes: Uint8Array, now: number): ContactCard {
  let signed: SignedContactCard
  let card: ContactCardPb
  try {
    signed = SignedContactCard.decode(bytes)
    card = ContactCardPb.decode(signed.card, { limits: { addrs: MAX_CARD_ADDRS } })
  } catch (err) {
    throw new InvalidContactCardError('decode', `the card does not decode: ${(err as Error).name}`)
  }
  if (card.version !== CARD_VERSION) throw new InvalidContactCardError('version', `card version ${card.version} is not supported`)
  let peerId: string
  try {
    peerId = peerIdFromPublicKey(publicKeyFromRaw(card.publicKey)).toString()
  } catch {
    throw new InvalidContactCardError('key', 'the card carries no valid Ed25519 key')
  }
  if (card.publicKey.length !== 32 || !isValidSignature(card.publicKey, SIGNATURE_LABELS.contactCard, signed.card, signed.signature)) {
    throw new InvalidContactCardError('signature', 'the card signature does not verify')
  }
  if (card.nick.trim().length === 0 || card.nick.length > MAX_NICK_LENGTH || !isDisplaySafe(card.nick)) {
    throw new InvalidContactCardError('nick', 'the card nickname is empty, too long or not displayable')
  }
  const issuedAt = Number(card.issuedAt)
  const expiresAt = Number(card.expiresAt)
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= issuedAt || expiresAt - issuedAt > MAX_CARD_VALIDITY_MS) {
    throw new InvalidContactCardError('dates', 'the card validity period is not acceptable')
  }
  if (now > expiresAt || issuedAt > now + CARD_CLOCK_SKEW_MS) throw new ExpiredContactCardError(issuedAt, expiresAt, now)
  return { peerId, nick: card.nick, addrs: card.addrs.map((a) => addressOf(a, peerId)), issuedAt, expiresAt }
}

/** One card address, with `/p2p/<peerId>` appended. */
function addressOf (bytes: Uint8Array, peerId: string): Multiaddr {
  if (bytes.length === 0 || bytes.length > MAX_CARD_ADDR_BYTES) throw new InvalidContactCardError('address', 'a card address is empty or too long')
  let addr: Multiaddr
  try {
    addr = multiaddr(bytes)
    // A card names the peer it is for once, at the end: an address that already names a peer
    // as its last hop could send the dial to someone else.
    if (addr.getComponents().at(-1)?.name === 'p2p') throw new Error('ends in /p2p')
    return multiaddr(`${addr.toString()}/p2p/${peerId}`)
  } catch {
    throw new InvalidContactCardError('address', 'a card address is not a valid multiaddr')
  }
}
