/**
 * @packageDocumentation
 * The Parley peer, isomorphic: {@link createPeer} builds a libp2p node keyed by
 * the user's identity (so the PeerId is the identity) with gossipsub rooms,
 * direct messages, private rooms and history sync over a {@link ProfileStore}.
 * The caller chooses the transports, discovery and the store: the Node entry
 * (`@parley/node/node`) composes TCP, WebSockets and LevelDB on disk; a browser
 * composes WebSockets, WebRTC and IndexedDB. Events ({@link PeerEvents}) are
 * what the CLI and the web app render; nothing here draws anything.
 *
 * @example
 * ```ts
 * const peer = await createPeer({ identity, store, nick: 'alice', libp2p: { transports: [webSockets()] } })
 * peer.addEventListener('message', (evt) => { console.log(evt.detail.nick, evt.detail.text) })
 * await peer.start()
 * await peer.rooms.join('lobby')
 * await peer.rooms.send('lobby', 'hello')
 * ```
 */
import './pb-runtime.js'
import './libp2p-runtime.js'
export { createPeer, Peer, type PeerInit, type PeerInfo, type PeerNode, type PeerOptions, type Services } from './peer.js'
export { createPeerLibp2p, type PeerLibp2pInit } from './peer-libp2p.js'
export type { PeerStats, StatsOptions } from './stats.js'
export * from './net/index.js'
export * from './conversation-id.js'
export type { DirectMessage, Member, MessageRequest, PeerEvents, Reaction, RoomMessage } from './types.js'
export type { Rooms, RoomHistoryPage, SendOptions } from './rooms.js'
export type { PrivateMessage, PrivateRooms } from './private-rooms.js'
export * from './private-rooms/constants.js'
export type { Contact, Contacts } from './dm/contacts.js'
export type { DmService } from './dm/dm-service.js'
export type { RoomSync, SyncResult } from './sync/room-sync.js'
export { parleyPubsub, type PubsubInit } from './pubsub.js'
export { normaliseRoomName } from './room-name.js'
export { AmbiguousNameError, MAX_NAME_CANDIDATES, NicknameNotAcceptedError, resolvePeerName, UnknownNameError, type NameCandidate, type NameDirectory, type NameUse } from './name-resolver.js'
export { displayLines, displayName, displayText, isDisplaySafe, MAX_DISPLAY_NAME_LENGTH } from './display-text.js'
export { loadOrCreateIdentity, PassphraseRequiredError, type LoadedIdentity } from './identity-store.js'
export * from './constants.js'
export * from './errors.js'
export { BlockedError, DmRefusedError, InvalidDmError, InvalidPeerIdError, NoSessionError, NotAContactError, RateLimitedError, SessionRestartError, UnreachableError } from './dm/errors.js'
export { IbltDecodeError, InvalidSyncMessageError } from './sync/errors.js'
export { DM_FRAMES_PER_SECOND, DM_PROTOCOL, DM_WINDOW_FRAMES, MAX_DM_FRAME_BYTES, PREKEY_PROTOCOL } from './dm/constants.js'
/** What a DM carries (`DmKind.TEXT`, `READ`, `TYPING`, `EDIT`, …): the `kind` argument of `peer.dms.send`. */
export { DmPayload } from './pb/dm.js'
export { SYNC_PROTOCOL } from './sync/room-sync.js'
export {
  createProfileStore,
  DataDirDamagedError,
  DataDirLockedError,
  InvalidCursorError,
  InvalidRecordError,
  loadReadReceipts,
  MessageNotFoundError,
  READ_RECEIPTS_KEY,
  saveReadReceipts,
  StoreClosedError,
  TransactionCommittedError,
  type HistoryPage,
  type HistoryStore,
  type KeyValueStore,
  type LevelDatabase,
  type MessageRecord,
  type ProfileStore,
  type StoreSize,
  type SublevelName,
  type Transaction
} from './store/index.js'
export * from './communities/index.js'
export * from './files/index.js'
export { FileRef, BlobRequest, BlobReply, FileRecord } from './pb/files.js'
export * from './search/index.js'
export * from './format/index.js'
export * from './mentions/index.js'
export * from './calls/index.js'
