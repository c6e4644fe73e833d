/**
 * Contact cards for the {@link PeerBackend}: this profile's card, and adding a contact from a
 * card link or a peer address through the peer's `connectCard`, returning once the contact is
 * stored rather than when the dial ends (reaching a browser through a relay and WebRTC can take
 * tens of seconds; the peer keeps dialling, and a DM written meanwhile goes out when it connects).
 */
import { isContactCardLink, parseContactCard, parsePeerAddress, peerIdOf } from '@parley/node/browser'
import type { CardInfo } from './chat-backend.js'
import type { Peer } from '@parley/node/browser'

export class ContactCards {
  readonly #peer: Peer
  /** Who waits for a peer to become a contact. */
  readonly #waiters = new Map<string, () => void>()

  /** Call once per peer, before it starts (it registers a contact listener). */
  constructor (peer: Peer) {
    this.#peer = peer
    peer.contacts.onAdd(async (id) => {
      this.#waiters.get(id)?.()
      await Promise.resolve()
    })
  }

  /** The peer's signed card and when it expires. */
  mine (): CardInfo {
    const link = this.#peer.card()
    return { link, expiresAt: parseContactCard(link).expiresAt }
  }

  /**
   * Adds the contact `input` names; resolves with its peer id once it is stored.
   *
   * @throws InvalidContactCardError, ContactCardTooLargeError, ExpiredContactCardError, InvalidPeerAddressError, InvalidPeerIdError
   */
  async add (input: string): Promise<string> {
    const text = input.trim()
    // Read here first for the peer id (and a bad card's typed error at once); the peer reads it again.
    const id = isContactCardLink(text) ? parseContactCard(text).peerId : peerIdOf(parsePeerAddress(text))
    const contacts: Peer['contacts'] = this.#peer.contacts
    contacts.checkPeerId(id)
    const added = new Promise<void>((resolve) => { this.#waiters.set(id, resolve) })
    const connecting = this.#peer.connectCard(text)
    connecting.then((result) => {
      if (!result.connected) console.warn(`not connected to ${id} yet`, result.error)
    }, () => { /* the race below reports it */ })
    try {
      await Promise.race([connecting, added])
    } finally {
      this.#waiters.delete(id)
    }
    return id
  }
}
