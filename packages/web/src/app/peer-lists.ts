/**
 * The lists the UI shows, read from the peer and translated to the port's types: conversations,
 * members, contacts, invitations, message requests and a contact's safety number. Names come from
 * `name` (petname, else the last nickname seen, else a short peer id).
 */
import { compareScannable, fromHex, InvalidScannableError, MAX_SCANNABLE_LENGTH, toHex } from '@parley/crypto'
import { peerIdFromString } from '@libp2p/peer-id'
import { dmConversationId, privateRoomConversationId, roomConversationId, roomLabel } from '@parley/node/browser'
import { fingerprintOf } from './timeline-items.js'
import type { ContactInfo, ConversationSummary, InviteInfo, MemberInfo, RequestInfo, SafetyNumberInfo, ScanVerdict } from './chat-backend.js'
import type { UiState } from './ui-state.js'
import type { ConversationRef, MessageRequest, Peer } from '@parley/node/browser'

/** How a peer is named: its petname, else the last nickname seen from it, else a short form of its id. */
export type Namer = (peerId: string, petname: string) => string

/** A {@link Namer} over the UI state's nicknames. */
export function namer (ui: UiState): Namer {
  return (peerId, petname) => petname !== '' ? petname : ui.nick(peerId) ?? `${peerId.slice(0, 8)}…${peerId.slice(-4)}`
}

const firstUnread = (ui: UiState, id: string): Partial<ConversationSummary> => {
  const at = ui.unread(id) > 0 ? ui.firstUnread(id) : undefined
  return at === undefined ? {} : { firstUnread: at.id }
}

/** Rooms (by name), private rooms, then unblocked contacts' DMs. */
export function conversationList (peer: Peer, ui: UiState, name: Namer): ConversationSummary[] {
  const summary = (id: string, kind: ConversationSummary['kind'], title: string, extra: Partial<ConversationSummary> = {}): ConversationSummary =>
    ({ id, kind, title, unread: ui.unread(id), ...(ui.mentioned(id) > 0 ? { mentions: ui.mentioned(id) } : {}), ...firstUnread(ui, id), muted: ui.muted(id), ...extra })
  return [
    ...peer.rooms.list().sort().map((room) => summary(roomConversationId(room), 'public-room', roomLabel(room))),
    ...peer.privateRooms.list().map((r) => summary(privateRoomConversationId(r.room), 'private-room', r.name)),
    ...peer.contacts.list().filter((c) => !c.blocked).map((c) =>
      summary(dmConversationId(c.peerId), 'dm', name(c.peerId, c.petname), { peerId: c.peerId, verified: c.verified }))
  ]
}

/** A room's members: recently present (public) or holding the key (private); none for DMs. */
export function memberList (peer: Peer, ref: ConversationRef, name: Namer): MemberInfo[] {
  const contacts = new Set(peer.contacts.list().map((c) => c.peerId))
  const info = (id: string, nickname: string): MemberInfo =>
    ({ id, nickname, fingerprint: fingerprintOf(id), self: id === peer.peerId, contact: contacts.has(id) })
  if (ref.kind === 'public-room') return peer.rooms.members(ref.room).map((m) => info(m.peerId, m.nick))
  if (ref.kind === 'dm') return []
  const room = peer.privateRooms.list().find((r) => r.room === ref.room)
  return (room?.members ?? []).map((id) => info(id, id === peer.peerId ? peer.nick : name(id, '')))
}

export function contactList (peer: Peer, name: Namer): ContactInfo[] {
  return peer.contacts.list().map((c) => ({
    id: c.peerId, nickname: name(c.peerId, c.petname), fingerprint: c.fingerprint, verified: c.verified, blocked: c.blocked
  }))
}

export function inviteList (peer: Peer, name: Namer): InviteInfo[] {
  return peer.privateRooms.invites().map((i) => ({
    conversationId: privateRoomConversationId(i.room),
    name: i.name,
    from: { id: i.owner, nickname: name(i.owner, ''), fingerprint: fingerprintOf(i.owner) }
  }))
}

export function requestInfo (r: MessageRequest): RequestInfo {
  return { peerId: r.peer, nickname: r.nick, fingerprint: r.fingerprint, count: r.count, preview: r.preview, lastAt: r.lastAt }
}

/** The safety number with `peerId`: digits, what the QR code encodes, and whether it was verified. */
export function safetyNumberOf (peer: Peer, peerId: string): SafetyNumberInfo {
  const { groups } = peer.contacts.safetyNumber(peerId, peer.identity.publicKey)
  const scannable = peer.contacts.scannableSafetyNumber(peerId, peer.identity.publicKey)
  const verified = peer.contacts.list().find((c) => c.peerId === peerId)?.verified ?? false
  return { groups, qr: toHex(scannable), verified }
}

/**
 * Whether `code` (the text of the contact's safety-number QR code: the scannable bytes in hex,
 * as {@link safetyNumberOf} draws it) shows the same two keys as ours. The text is hostile: it is
 * bounded and must be hex before libsignal's comparison parses it.
 *
 * @throws InvalidScannableError when it is not a safety-number code
 */
export function compareScanned (peer: Peer, peerId: string, code: string): ScanVerdict {
  const text = code.trim()
  if (text.length > 2 * MAX_SCANNABLE_LENGTH || !/^(?:[0-9a-f]{2})+$/i.test(text)) {
    throw new InvalidScannableError('the scanned code is not a Parley safety number')
  }
  const side = (id: string, publicKey: Uint8Array): { id: Uint8Array, publicKey: Uint8Array } =>
    ({ id: peerIdFromString(id).toMultihash().bytes, publicKey })
  const local = side(peer.peerId, peer.identity.publicKey)
  const remote = side(peerId, peer.contacts.publicKeyOf(peerId))
  return compareScannable(local, remote, fromHex(text)) ? 'match' : 'mismatch'
}
