/**
 * The owned-room API of a peer (`peer.communities`): create a room, act as its owner or a
 * moderator, and read its state. Every refusal is typed (errors.ts) and checked before anything
 * is signed: we never publish what our own validator, and so every honest peer, would drop.
 */
import { toHex } from '@parley/crypto'
import { ModAction } from '../pb/moderation.js'
import { normaliseRoomName } from '../room-name.js'
import { MAX_LOG_ENTRIES, MAX_MUTE_MS } from './constants.js'
import { InvalidModActionError, ModerationLogFullError, NotModeratorError, NotOwnedRoomError, NotOwnerError } from './errors.js'
import { keyOfPeerId, peerIdOfKeyHex } from './keys.js'
import { ACTION_NAMES, checkModAction, isSubjectAction, modAction } from './mod-action.js'
import { ownedRoomId, parseOwnedRoom, roomLabel } from './owned-room.js'
import type { LoggedAction } from './mod-state.js'
import type { Moderation } from './moderation.js'
import type { Rooms } from '../rooms.js'
import type { Directory, DirectoryEntry } from './directory.js'

/** The action names of {@link ModRequest} (as in `--json`). */
export type ModActionName = 'add-mod' | 'remove-mod' | 'ban' | 'unban' | 'mute' | 'remove' | 'topic' | 'pin' | 'slow' | 'rules' | 'event' | 'cancel-event'

/** A moderation command. */
export interface ModRequest {
  action: ModActionName
  /** The member (PeerId): add-mod, remove-mod, ban, unban, mute. */
  who?: string
  /** A message id: remove, pin (none: unpin). */
  target?: string
  /** How long a mute lasts, in seconds (0 lifts it). */
  duration?: number
  topic?: string
  description?: string
  /** Slow mode interval, or for rules how long a member must have been present, in seconds. */
  seconds?: number
  rules?: string
  /** An event's title and start (ms since the epoch); its duration is `seconds`. */
  title?: string
  start?: number
}

/** An owned room's state as the interface shows it (PeerIds, not keys). */
export interface RoomInfo {
  room: string
  label: string
  owner: string
  moderators: string[]
  banned: string[]
  muted: Array<{ peerId: string, until: number }>
  topic: string
  description: string
  pin: string
  slow: number
  rules: string
  presentSeconds: number
  /** Actions stored in the log. */
  log: number
}

/** A moderation action as events and `--json` show it. */
export interface ModerationEvent {
  room: string
  id: string
  action: string
  by: string
  sentAt: number
  /** Whether it takes effect (the signer held the role it needs at its time). */
  counts: boolean
  who?: string
  target?: string
  until?: number
  topic?: string
  description?: string
  seconds?: number
  rules?: string
  title?: string
  start?: number
}

const ACTIONS: Record<ModActionName, ModAction.Action> = {
  'add-mod': ModAction.Action.ADD_MOD,
  'remove-mod': ModAction.Action.REMOVE_MOD,
  ban: ModAction.Action.BAN,
  unban: ModAction.Action.UNBAN,
  mute: ModAction.Action.MUTE,
  remove: ModAction.Action.REMOVE,
  topic: ModAction.Action.TOPIC,
  pin: ModAction.Action.PIN,
  slow: ModAction.Action.SLOW,
  rules: ModAction.Action.RULES,
  event: ModAction.Action.EVENT,
  'cancel-event': ModAction.Action.CANCEL_EVENT
}

/** The event form of a logged action. */
export function moderationEvent (room: string, a: LoggedAction, counts: boolean): ModerationEvent {
  const x = a.action
  return {
    room,
    id: a.id,
    action: ACTION_NAMES[x.action],
    by: peerIdOfKeyHex(a.signer),
    sentAt: a.sentAt,
    counts,
    ...(x.subject.length === 32 ? { who: peerIdOfKeyHex(toHex(x.subject)) } : {}),
    ...(x.target !== '' ? { target: x.target } : {}),
    ...(x.action === ModAction.Action.MUTE ? { until: Number(x.until) } : {}),
    ...(x.action === ModAction.Action.TOPIC ? { topic: x.topic, description: x.description } : {}),
    ...(x.action === ModAction.Action.SLOW || x.action === ModAction.Action.RULES ? { seconds: x.seconds } : {}),
    ...(x.action === ModAction.Action.RULES ? { rules: x.rules } : {}),
    ...(x.action === ModAction.Action.EVENT ? { title: x.title, start: Number(x.start), description: x.description } : {})
  }
}

/** What the API needs from the peer. */
export interface CommunitiesComponents {
  self: Uint8Array
  rooms: Rooms
  moderation: Moderation
  directory: Directory
}

/** Owned rooms of one peer. */
export class Communities {
  readonly #c: CommunitiesComponents

  constructor (components: CommunitiesComponents) {
    this.#c = components
  }

  /** The id of the owned room `name` created by us (join it to open it). */
  roomId (name: string): string {
    const normal = normaliseRoomName(name)
    if (parseOwnedRoom(normal) !== undefined) throw new InvalidModActionError('field', 'name the room without an owner: it is yours')
    return ownedRoomId(normal, this.#c.self)
  }

  #log (name: string): { room: string, log: NonNullable<ReturnType<Moderation['log']>> } {
    const room = normaliseRoomName(name)
    const log = this.#c.moderation.log(room)
    if (parseOwnedRoom(room) === undefined) throw new NotOwnedRoomError(`${room} is an open room: nobody moderates it`)
    if (log === undefined || !this.#c.rooms.list().includes(room)) throw new NotOwnedRoomError(`not in room ${room}: join it first`)
    return { room, log }
  }

  /** Signs and publishes a moderation action (NotModeratorError, NotOwnerError, … when we may not). */
  async moderate (name: string, request: ModRequest): Promise<ModerationEvent> {
    const { room, log } = this.#log(name)
    if (typeof request !== 'object' || request === null || !Object.hasOwn(ACTIONS, request.action)) throw new InvalidModActionError('action', `unknown action ${JSON.stringify(request?.action)}`)
    const now = Date.now()
    const self = toHex(this.#c.self)
    const role = log.state.roleAt(self, now)
    const action = ACTIONS[request.action]
    if (role === 'member') throw new NotModeratorError(`only the owner and moderators of ${roomLabel(room)} can ${request.action}`)
    if ((action === ModAction.Action.ADD_MOD || action === ModAction.Action.REMOVE_MOD) && role !== 'owner') throw new NotOwnerError('only the owner appoints and removes moderators')
    const subject = isSubjectAction(action) ? keyOfPeerId(String(request.who ?? '')) : new Uint8Array()
    // A moderator chains its actions; the owner's removal of a moderator names the last one of theirs that stands (mod-state.ts).
    const prev = role === 'moderator' ? log.state.tip(self, log.actions) : ''
    const removed = action === ModAction.Action.REMOVE_MOD ? log.state.tip(toHex(subject), log.actions) : undefined
    if (subject.length > 0 && toHex(subject) === log.state.owner) throw new NotOwnerError('nobody acts on the owner of a room')
    if (subject.length > 0 && role !== 'owner' && log.state.roleAt(toHex(subject), now) !== 'member') throw new NotOwnerError('a moderator cannot act against the owner or another moderator')
    if (log.actions.length >= MAX_LOG_ENTRIES) throw new ModerationLogFullError(`the moderation log of ${room} holds ${MAX_LOG_ENTRIES} actions`)
    const duration = Number(request.duration ?? 0)
    if (!Number.isFinite(duration) || duration < 0 || duration * 1000 > MAX_MUTE_MS) throw new InvalidModActionError('field', 'duration must be 0.. a year, in seconds')
    const fields = modAction({
      action,
      subject: subject as Uint8Array<ArrayBuffer>,
      target: removed ?? request.target ?? '',
      prev,
      until: action === ModAction.Action.MUTE && duration > 0 ? BigInt(now + Math.round(duration * 1000)) : 0n,
      topic: request.topic ?? '',
      description: request.description ?? '',
      seconds: Number(request.seconds ?? 0),
      rules: request.rules ?? '',
      title: request.title ?? '',
      start: BigInt(Number.isSafeInteger(request.start) && Number(request.start) > 0 ? Number(request.start) : 0)
    })
    if (!Number.isInteger(fields.seconds) || fields.seconds < 0) throw new InvalidModActionError('field', 'seconds must be a whole number')
    checkModAction(fields, now)
    const verified = await this.#c.rooms.publishModeration(room, ModAction.encode(fields))
    return moderationEvent(room, { id: verified.id, signer: self, sentAt: Number(verified.event.sentAt), action: fields }, true)
  }

  /** An owned room's state now. */
  info (name: string): RoomInfo {
    const { room, log } = this.#log(name)
    const { state } = log
    const now = Date.now()
    const rules = state.rulesAt(now)
    return {
      room,
      label: roomLabel(room),
      owner: peerIdOfKeyHex(state.owner),
      moderators: state.moderators(now).map(peerIdOfKeyHex),
      banned: state.banned(now).map(peerIdOfKeyHex),
      muted: state.muted(now).map((m) => ({ peerId: peerIdOfKeyHex(m.key), until: m.until })),
      topic: state.topic,
      description: state.description,
      pin: state.pin,
      slow: state.slowAt(now),
      rules: rules.rules,
      presentSeconds: rules.seconds,
      log: log.actions.length
    }
  }

  /**
   * Lists a room we own in the directory, now and every period while we run: its topic and
   * description (the log's, unless given), language, members seen and latest activity.
   */
  async list (name: string, options: { description?: string, language?: string } = {}): Promise<DirectoryEntry> {
    const { room, log } = this.#log(name)
    return this.#c.directory.announce(room, async () => {
      const latest = (await this.#c.rooms.history(room, { limit: 1 })).messages[0]
      return {
        topic: log.state.topic,
        description: options.description ?? log.state.description,
        language: options.language ?? '',
        members: this.#c.rooms.members(room).length,
        lastActivity: latest?.sentAt ?? 0,
        nextEvent: log.state.events().find((e) => !e.cancelled && e.start > Date.now())?.start ?? 0
      }
    })
  }

  /** The actions of an owned room's log that take effect, oldest first. */
  actions (name: string): ModerationEvent[] {
    const { room, log } = this.#log(name)
    return log.state.effective.map((a) => moderationEvent(room, a, true))
  }
}
