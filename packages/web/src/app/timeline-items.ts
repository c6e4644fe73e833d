/** Messages of the peer's three conversation kinds, translated to the UI's {@link TimelineItem}. */
import { peerIdFromString } from '@libp2p/peer-id'
import { shortFingerprint } from '@parley/crypto'
import type { TimelineItem } from './chat-backend.js'
import type { DirectMessage, FileInfo, PrivateMessage, RoomMessage } from '@parley/node/browser'

/** A public-room message; `self` is this profile's peer id. */
export function roomItem (m: RoomMessage, self: string): TimelineItem {
  return {
    id: m.id,
    author: { id: m.from, nickname: m.nick, fingerprint: m.fingerprint },
    own: m.from === self,
    text: m.text,
    sentAt: m.sentAt,
    ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo }),
    edited: m.edited,
    deleted: m.deleted,
    reactions: m.reactions.map((r) => ({ from: r.from, reaction: r.reaction })),
    ...fileOf(m),
    ...(m.from !== self && m.mentions?.includes(self) === true ? { mentionsMe: true } : {})
  }
}

/** A private-room message: private rooms have no edits, deletes or reactions yet. */
export function privateItem (m: PrivateMessage, self: string): TimelineItem {
  return roomItem({ ...m, edited: false, deleted: false, reactions: [] }, self)
}

/** A direct message, with its receipt when it is ours; `self` is this profile's peer id (a mention of it is highlighted). */
export function dmItem (m: DirectMessage, self: string): TimelineItem {
  return {
    id: m.id,
    author: { id: m.from, nickname: m.nick, fingerprint: fingerprintOf(m.from) },
    own: m.outgoing,
    text: m.text,
    sentAt: m.sentAt,
    ...(m.replyTo === undefined ? {} : { replyTo: m.replyTo }),
    edited: m.edited,
    deleted: m.deleted,
    reactions: m.reactions.map((r) => ({ from: r.from, reaction: r.reaction })),
    ...(m.outgoing ? { receipt: m.read ? 'read' : m.delivered ? 'delivered' : 'sent' } : {}),
    ...fileOf(m),
    ...(!m.outgoing && m.from !== self && m.mentions?.includes(self) === true ? { mentionsMe: true } : {})
  }
}

/** A message's file, as the UI shows it (never its key: the peer's view carries none). */
function fileOf (m: { file?: FileInfo }): Pick<TimelineItem, 'file'> {
  if (m.file === undefined) return {}
  const { id, name, type, size, thumbnail } = m.file
  return { file: { id, name, type, size, ...(thumbnail === undefined ? {} : { thumbnail }) } }
}

/** The short fingerprint of the identity key a peer id carries ('' for one that carries none). */
export function fingerprintOf (peerId: string): string {
  try {
    const key = peerIdFromString(peerId).publicKey
    return key === undefined ? '' : shortFingerprint(key.raw)
  } catch {
    return ''
  }
}
