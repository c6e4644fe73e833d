/**
 * Adding a contact from what a person handed over: a contact card link, or a bare multiaddr that
 * ends in `/p2p/<peer id>`. The addresses go to the peer store (where every later dial, by any
 * protocol, finds them) and to the address book (kept across restarts), the peer becomes a
 * contact, and it is dialled at once.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { parsePeerAddress, peerIdOf } from './bootstrap-peers.js'
import { isContactCardLink, parseContactCard, type ContactCard } from './contact-card.js'
import type { Contact, Contacts } from '../dm/contacts.js'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { Libp2p } from 'libp2p'

/** What {@link connectCard} did. */
export interface ConnectedCard {
  /** The contact as stored now. */
  contact: Contact
  /** The verified card, when the input was one. */
  card?: ContactCard
  /** Whether a connection to the contact is open now (if not, later sends keep trying). */
  connected: boolean
  /** Why the dial failed (an error name), when it did. */
  error?: string
}

/** What {@link connectCard} needs from the peer. */
export interface ConnectCardComponents {
  libp2p: Libp2p
  contacts: Contacts
  /** Dials the contact however this host reaches peers (the peer's contact dialler). */
  reach: (peer: string) => Promise<void>
  /** Keeps the addresses across restarts, until `expiresAt` (the peer's address book). */
  remember?: (peer: string, addrs: Multiaddr[], expiresAt?: number) => Promise<void>
}

/**
 * Reads `input` (a card link or a multiaddr), stores its addresses, adds the contact and dials it.
 * The contact's petname is `petname`, else the one it already has, else the card's nick.
 *
 * @throws InvalidContactCardError, ContactCardTooLargeError or ExpiredContactCardError for a bad card
 * @throws InvalidPeerAddressError for a bad multiaddr
 * @throws InvalidPeerIdError when it names this peer itself
 */
export async function connectCard (c: ConnectCardComponents, input: string, petname?: string): Promise<ConnectedCard> {
  let card: ContactCard | undefined
  let peer: string
  let addrs
  if (isContactCardLink(input)) {
    card = parseContactCard(input)
    peer = card.peerId
    addrs = card.addrs
  } else {
    const addr = parsePeerAddress(input)
    peer = peerIdOf(addr)
    addrs = [addr]
  }
  c.contacts.checkPeerId(peer)
  const existing = c.contacts.list().find((k) => k.peerId === peer)
  const name = petname ?? (existing?.petname !== undefined && existing.petname !== '' ? existing.petname : card?.nick ?? '')
  await c.libp2p.peerStore.merge(peerIdFromString(peer), { multiaddrs: addrs })
  const contact = await c.contacts.add(peer, name)
  await c.remember?.(peer, addrs, card?.expiresAt)
  try {
    await c.reach(peer)
    return { contact, card, connected: true }
  } catch (err) {
    return { contact, card, connected: c.libp2p.getConnections(peerIdFromString(peer)).length > 0, error: (err as Error).name }
  }
}
