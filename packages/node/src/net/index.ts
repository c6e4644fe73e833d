/**
 * Reaching other peers, on every host: bootstrap addresses and where they come from, the
 * bootstrap keeper (a libp2p service that redials them forever), the connection watch (a libp2p
 * service that aborts dead connections and keeps slow ones), the contact dialler and contact
 * cards, and the address book that remembers where contacts are.
 */
export * from './constants.js'
export * from './errors.js'
export { parsePeerAddress, peerIdOf, peersFromLink, fetchServedPeers } from './bootstrap-peers.js'
export { type BootstrapKeeper, type BootstrapKeeperInit, type BootstrapKeeperComponents, bootstrapKeeper } from './bootstrap-keeper.js'
export { type ConnectionWatch, type ConnectionWatchInit, type ConnectionWatchComponents, connectionWatch } from './connection-watch.js'
export { createContactCard, isContactCardLink, parseContactCard, verifyContactCard, type ContactCard, type ContactCardInit } from './contact-card.js'
export { connectCard, type ConnectedCard, type ConnectCardComponents } from './connect-card.js'
export { bestConnection, ContactDialler, openStream, type ContactDiallerInit } from './contact-dialler.js'
export { AddressBook, type AddressBookComponents } from './address-book.js'
export { MemberReach, type MemberReachComponents, type MemberReachInit, type MemberRoom } from './member-reach.js'
