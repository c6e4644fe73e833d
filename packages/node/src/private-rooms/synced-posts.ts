/**
 * The private rooms' side of history sync (sync/private-sync.ts): which stored posts a member
 * reconciles and serves, and how served or pushed posts are checked before any is stored.
 */
import { openRoomMessage, type OpenedRoomMessage } from '@parley/crypto'
import { peerIdOfKey } from '../room-messages.js'
import { InvalidSyncMessageError } from '../sync/errors.js'
import { shortIdKey, shortIdOf } from '../sync/iblt.js'
import { LEARNED_MIN_AGE_MS } from '../sync/room-sync.js'
import { decodeStored, openBody, privateConversation } from './body.js'
import type { PrivateRoomBody } from '../pb/private-room.js'
import type { ProfileStore } from '../store/index.js'
import type { PrivateHistory } from '../sync/private-sync.js'
import type { RoomState } from './room-state.js'

/** What {@link syncedPosts} needs from PrivateRooms. */
export interface SyncedPostsComponents {
  store: ProfileStore
  /** A joined room's state; NotJoinedError otherwise. */
  require: (room: string) => RoomState
  /** The author of an opened post; NotMemberError when the member list does not name it now. */
  author: (room: string, state: RoomState, opened: OpenedRoomMessage) => string
  /** Stores a checked post and shows it when it is new. */
  keep: (room: string, opened: OpenedRoomMessage, author: string, body: PrivateRoomBody, sealed: Uint8Array) => Promise<unknown>
  /** Posts of `room` were kept (some may have been held already). */
  onStored: (room: string) => void
  onError: (error: Error) => void
}

interface Checked { opened: OpenedRoomMessage, author: string, body: PrivateRoomBody, bytes: Uint8Array }

/** The stored-history half of {@link PrivateHistory}. */
export function syncedPosts (c: SyncedPostsComponents): Omit<PrivateHistory, 'isMember'> {
  return {
    /** Ids of the stored posts sent since `since` by members now (a record that does not decode is left out). */
    async ids (room, since) {
      const members = new Set(c.require(room).members)
      const ids: string[] = []
      for await (const record of c.store.history.range(privateConversation(room), { from: since })) {
        try {
          if (members.has(peerIdOfKey(decodeStored(record).author))) ids.push(record.id)
        } catch {
          // A record that does not decode is not offered (repair reports it).
        }
      }
      return ids
    },

    /** The sealed bytes of stored posts (none for a post stored before they were kept). */
    async sealed (room, ids) {
      const records = await c.store.history.getMany(privateConversation(room), ids)
      return records.map((record) => {
        try {
          const sealed = record === undefined ? undefined : decodeStored(record).sealed
          return sealed !== undefined && sealed.length > 0 ? sealed : undefined
        } catch {
          return undefined
        }
      })
    },

    /**
     * All posts are opened and checked before any is stored: one that does not open
     * (InvalidRoomMessageError), whose body breaks a limit, that is an announcement, or (`wanted`)
     * that was not asked for is thrown and nothing is stored. One under an epoch we lack, or by
     * someone not a member now, is refused (onError: UnknownEpochError, NotMemberError, one per kind)
     * and the others are stored, oldest first: an honest member may lag behind a re-key.
     */
    async receive (room, sealed, wanted) {
      const state = c.require(room)
      const taken: Checked[] = []
      const received: string[] = []
      const refused = new Map<string, { error: Error, count: number }>()
      const refuse = (error: Error): void => { refused.set(error.name, { error, count: (refused.get(error.name)?.count ?? 0) + 1 }) }
      for (const bytes of sealed) {
        let opened: OpenedRoomMessage
        try {
          opened = openRoomMessage(state.keyring, bytes)
        } catch (err) {
          if ((err as Error).name !== 'UnknownEpochError') throw err
          refuse(err as Error)
          continue
        }
        const key = shortIdKey(shortIdOf(opened.id))
        if (wanted !== undefined && !wanted.has(key)) throw new InvalidSyncMessageError('a synced post that was not asked for')
        const body = openBody(opened.payload)
        if (body.holds.length > 0) throw new InvalidSyncMessageError('an announcement is not history')
        received.push(key)
        try {
          taken.push({ opened, author: c.author(room, state, opened), body, bytes })
        } catch (err) {
          refuse(err as Error)
        }
      }
      taken.sort((x, y) => Number(x.body.sentAt - y.body.sentAt))
      for (const t of taken) await c.keep(room, t.opened, t.author, t.body, t.bytes)
      if (taken.length > 0) c.onStored(room)
      for (const { error, count } of refused.values()) {
        error.message = `${count} synced post(s) of private room ${room} refused: ${error.message}`
        c.onError(error)
      }
      const settled = Date.now() - LEARNED_MIN_AGE_MS
      return { received, settled: taken.filter((t) => Number(t.body.sentAt) <= settled).length, refused: [...refused.values()].reduce((n, r) => n + r.count, 0) }
    }
  }
}
