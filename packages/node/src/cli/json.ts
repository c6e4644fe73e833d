/**
 * `parley --json`: newline-delimited JSON on stdin/stdout (documented in the
 * README's "Machine interface"). Each command may carry an "id", echoed in
 * its reply; malformed input gets an error reply and the peer keeps running.
 */
import { createInterface } from 'node:readline'
import { shortFingerprint } from '@parley/crypto'
import { DmPayload } from '../pb/dm.js'
import { normaliseRoomName } from '../room-name.js'
import { backupRunningPeer, exportRunningPeer } from './archive.js'
import { resolveMember } from '../communities/who.js'
import { fileHandlers, LONG_COMMANDS } from './json-files.js'
import { nodeStats } from '../node/stats.js'
import type { ModActionName } from '../communities/communities.js'
import type { Peer } from '../peer.js'

type Json = Record<string, unknown>

/** A command the peer does not know, or one with bad arguments. */
export class BadCommandError extends Error {
  static override name = 'BadCommandError'
  constructor (message: string) {
    super(message)
    this.name = BadCommandError.name
  }
}

const str = (cmd: Json, key: string): string => {
  const value = cmd[key]
  if (typeof value !== 'string') throw new BadCommandError(`"${key}" must be a string`)
  return value
}
const optStr = (cmd: Json, key: string): string | undefined => (cmd[key] === undefined || cmd[key] === null ? undefined : str(cmd, key))
const optBool = (cmd: Json, key: string): boolean | undefined => {
  const value = cmd[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new BadCommandError(`"${key}" must be true or false`)
  return value
}

/** A DM text: a string (its limits are the core's: InvalidInputError, TextTooLongError). */
const dmText = (cmd: Json): string => str(cmd, 'text')

type Handler = (peer: Peer, cmd: Json) => Promise<Json> | Json

/** The optional "mentions" (PeerIds) of a send; the core checks them (InvalidMentionError, TooManyMentionsError). */
const mentionsOf = (cmd: Json): string[] | undefined => (cmd.mentions === undefined || cmd.mentions === null ? undefined : cmd.mentions as string[])

/** A conversation's gap markers (store/gaps.ts) as history replies give them: each span's first and last time and how many messages are missing. */
async function gapsOf (peer: Peer, conversation: string): Promise<Array<{ from: number, to: number, missing: number }>> {
  return (await peer.gaps(conversation)).map(({ from, to, missing }) => ({ from, to, missing }))
}

const HANDLERS: Record<string, Handler> = {
  join: async (peer, cmd) => ({ room: await peer.join(str(cmd, 'room')) }),
  leave: async (peer, cmd) => ({ room: await peer.rooms.leave(str(cmd, 'room')) }),
  rooms: (peer) => ({ rooms: peer.rooms.list() }),
  send: async (peer, cmd) => ({ message: await peer.rooms.send(str(cmd, 'room'), str(cmd, 'text'), { replyTo: optStr(cmd, 'replyTo'), mentions: mentionsOf(cmd) }) }),
  edit: async (peer, cmd) => { await peer.rooms.edit(str(cmd, 'room'), str(cmd, 'target'), str(cmd, 'text')); return {} },
  delete: async (peer, cmd) => { await peer.rooms.delete(str(cmd, 'room'), str(cmd, 'target')); return {} },
  react: async (peer, cmd) => { await peer.rooms.react(str(cmd, 'room'), str(cmd, 'target'), str(cmd, 'reaction')); return {} },
  history: async (peer, cmd) => {
    const limit = cmd.limit === undefined ? undefined : Number(cmd.limit)
    if (limit !== undefined && !Number.isInteger(limit)) throw new BadCommandError('"limit" must be an integer')
    const page = await peer.rooms.history(str(cmd, 'room'), { limit, before: optStr(cmd, 'before') })
    const room = normaliseRoomName(str(cmd, 'room'))
    return { messages: page.messages, before: page.before, incomplete: peer.isIncomplete(room), gaps: await gapsOf(peer, `room:${room}`) }
  },
  members: (peer, cmd) => ({ members: peer.rooms.members(str(cmd, 'room')) }),
  peers: (peer) => ({ peers: peer.peers() }),
  nick: async (peer, cmd) => { await peer.setNick(str(cmd, 'nick')); return { nick: peer.nick } },
  whoami: (peer) => ({ peerId: peer.peerId, nick: peer.nick, fingerprint: shortFingerprint(peer.identity.publicKey), addrs: peer.addrs() }),
  dial: async (peer, cmd) => { await peer.dial(str(cmd, 'addr')); return {} },
  dm: async (peer, cmd) => ({ message: await peer.dms.send(str(cmd, 'to'), { kind: DmPayload.Kind.TEXT, text: dmText(cmd), replyTo: optStr(cmd, 'replyTo') ?? '', ...(mentionsOf(cmd) === undefined ? {} : { mentions: mentionsOf(cmd) }) }) }),
  'dm-history': async (peer, cmd) => {
    const page = await peer.dms.history(str(cmd, 'peer'), { limit: cmd.limit === undefined ? undefined : Number(cmd.limit), before: optStr(cmd, 'before') })
    return { messages: page.messages, before: page.before, gaps: await gapsOf(peer, `dm:${str(cmd, 'peer')}`) }
  },
  'dm-edit': async (peer, cmd) => { await peer.dms.send(str(cmd, 'peer'), { kind: DmPayload.Kind.EDIT, target: str(cmd, 'target'), text: dmText(cmd) }); return {} },
  'dm-delete': async (peer, cmd) => { await peer.dms.send(str(cmd, 'peer'), { kind: DmPayload.Kind.DELETE, target: str(cmd, 'target') }); return {} },
  'dm-react': async (peer, cmd) => { await peer.dms.send(str(cmd, 'peer'), { kind: DmPayload.Kind.REACTION, target: str(cmd, 'target'), reaction: str(cmd, 'reaction') }); return {} },
  read: async (peer, cmd) => { await peer.dms.send(str(cmd, 'peer'), { kind: DmPayload.Kind.READ, target: str(cmd, 'target') }); return {} },
  typing: async (peer, cmd) => { await peer.dms.send(str(cmd, 'to'), { kind: DmPayload.Kind.TYPING }); return {} },
  outbox: async (peer) => ({ pending: await peer.dms.pending() }),
  requests: async (peer) => ({ requests: await peer.dms.requests() }),
  'request-accept': async (peer, cmd) => ({ contact: await peer.dms.acceptRequest(str(cmd, 'peer')) }),
  'request-delete': async (peer, cmd) => { await peer.dms.deleteRequest(str(cmd, 'peer')); return {} },
  contacts: (peer) => ({ contacts: peer.contacts.list() }),
  'contact-add': async (peer, cmd) => ({ contact: await peer.contacts.add(str(cmd, 'peer'), optStr(cmd, 'petname') ?? '') }),
  card: (peer, cmd) => ({ card: peer.card({ validityMs: cmd.validityMs === undefined ? undefined : Number(cmd.validityMs) }) }),
  connect: async (peer, cmd) => {
    const { contact, card, connected, error } = await peer.connectCard(str(cmd, 'card'), optStr(cmd, 'petname'))
    return { contact, connected, ...(card === undefined ? {} : { nick: card.nick, expiresAt: card.expiresAt }), ...(error === undefined ? {} : { reason: error }) }
  },
  block: async (peer, cmd) => ({ contact: await peer.contacts.block(str(cmd, 'peer')) }),
  unblock: async (peer, cmd) => ({ contact: await peer.contacts.unblock(str(cmd, 'peer')) }),
  verify: async (peer, cmd) => ({ contact: await peer.contacts.verify(str(cmd, 'peer')) }),
  'safety-number': (peer, cmd) => peer.contacts.safetyNumber(str(cmd, 'peer'), peer.identity.publicKey),
  'private-create': async (peer, cmd) => ({ room: await peer.privateRooms.create(str(cmd, 'name')) }),
  'private-rooms': (peer) => ({ rooms: peer.privateRooms.list() }),
  invites: (peer) => ({ invites: peer.privateRooms.invites() }),
  invite: async (peer, cmd) => { await peer.privateRooms.invite(str(cmd, 'room'), str(cmd, 'peer')); return {} },
  accept: async (peer, cmd) => { await peer.privateRooms.accept(str(cmd, 'room')); return {} },
  'remove-member': async (peer, cmd) => { await peer.privateRooms.remove(str(cmd, 'room'), str(cmd, 'peer')); return {} },
  'private-send': async (peer, cmd) => ({ message: await peer.privateRooms.send(str(cmd, 'room'), str(cmd, 'text'), undefined, mentionsOf(cmd)) }),
  'private-history': async (peer, cmd) => {
    const page = await peer.privateRooms.history(str(cmd, 'room'), { limit: cmd.limit === undefined ? undefined : Number(cmd.limit), before: optStr(cmd, 'before') })
    return { messages: page.messages, before: page.before, gaps: await gapsOf(peer, `private:${str(cmd, 'room')}`) }
  },
  'mailbox-use': async (peer, cmd) => {
    const peers = cmd.peers
    if (!Array.isArray(peers) || peers.some((x) => typeof x !== 'string')) throw new BadCommandError('"peers" must be an array of PeerIds')
    await peer.dms.useMailboxes(peers as string[])
    return {}
  },
  mailbox: async (peer) => ({ held: await peer.dms.mailboxes.held(), ours: await peer.dms.mailboxes.ours() }),
  'mailboxes-of': async (peer, cmd) => ({ mailboxes: await peer.dms.mailboxes.of(str(cmd, 'peer')) }),
  resync: async (peer, cmd) => ({ results: await peer.resync(str(cmd, 'room')) }),
  'room-create': async (peer, cmd) => ({ room: await peer.join(peer.communities.roomId(str(cmd, 'name'))) }),
  mod: async (peer, cmd) => {
    const room = normaliseRoomName(str(cmd, 'room'))
    const action = str(cmd, 'action') as ModActionName
    const num = (key: string): number | undefined => {
      if (cmd[key] === undefined) return undefined
      if (typeof cmd[key] !== 'number') throw new BadCommandError(`"${key}" must be a number`)
      return cmd[key]
    }
    const who = optStr(cmd, 'who')
    return {
      action: await peer.communities.moderate(room, {
        action,
        who: who === undefined ? undefined : resolveMember(peer, room, who, action),
        target: optStr(cmd, 'target'),
        duration: num('duration'),
        topic: optStr(cmd, 'topic'),
        description: optStr(cmd, 'description'),
        seconds: num('seconds'),
        rules: optStr(cmd, 'rules')
      })
    }
  },
  'room-info': (peer, cmd) => ({ info: peer.communities.info(str(cmd, 'room')) }),
  report: async (peer, cmd) => {
    const room = normaliseRoomName(str(cmd, 'room'))
    const who = optStr(cmd, 'who')
    return await peer.reports.send(room, { target: optStr(cmd, 'target'), who: who === undefined ? undefined : resolveMember(peer, room, who, 'ban'), reason: str(cmd, 'reason') })
  },
  reports: async (peer, cmd) => ({ reports: await peer.reports.list(str(cmd, 'room')) }),
  'event-create': async (peer, cmd) => {
    const start = cmd.start
    const duration = cmd.duration ?? 3600
    if (typeof start !== 'number' || typeof duration !== 'number') throw new BadCommandError('"start" (ms since the epoch) and "duration" (seconds) must be numbers')
    return { action: await peer.events.create(str(cmd, 'room'), { title: str(cmd, 'title'), start, duration, description: optStr(cmd, 'description') }) }
  },
  events: (peer, cmd) => ({ events: peer.events.list(str(cmd, 'room')) }),
  rsvp: async (peer, cmd) => ({ event: await peer.events.rsvp(str(cmd, 'room'), str(cmd, 'event'), str(cmd, 'answer') as 'yes' | 'no') }),
  directory: (peer, cmd) => ({ rooms: peer.directory.list((optStr(cmd, 'words') ?? '').split(/\s+/)) }),
  'room-list': async (peer, cmd) => ({ entry: await peer.communities.list(str(cmd, 'room'), { description: optStr(cmd, 'description'), language: optStr(cmd, 'language') }) }),
  'room-unlist': async (peer, cmd) => { await peer.directory.unlist(normaliseRoomName(str(cmd, 'room'))); return {} },
  'mod-log': (peer, cmd) => ({ actions: peer.communities.actions(str(cmd, 'room')) }),
  stats: async (peer, cmd) => ({ ...await nodeStats(peer, { gc: cmd.gc === true }) }),
  'peer-score': (peer, cmd) => ({ peer: str(cmd, 'peer'), score: peer.peerScore(str(cmd, 'peer')) }),
  search: async (peer, cmd) => {
    const found = await peer.search(str(cmd, 'query'), { conversation: optStr(cmd, 'conversation'), limit: cmd.limit === undefined ? undefined : Number(cmd.limit) })
    return { results: found.map(({ conversation, id, from, nick, text, sentAt }) => ({ conversation, id, from, nick, text, sentAt })) }
  },
  mentions: async (peer, cmd) => {
    const limit = cmd.limit === undefined ? undefined : Number(cmd.limit)
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new BadCommandError('"limit" must be a positive integer')
    return { mentions: await peer.mentions(limit) }
  },
  backup: async (peer, cmd) => backupRunningPeer(peer, str(cmd, 'path'), optStr(cmd, 'passphrase')),
  export: async (peer, cmd) => exportRunningPeer(peer, str(cmd, 'conversation'), str(cmd, 'format'), str(cmd, 'path')),
  ...fileHandlers(str, optStr, optBool)
}

function errorJson (err: unknown): Json {
  const e = err instanceof Error ? err : new Error(String(err))
  return { name: e.name, message: e.message }
}

/** Runs the NDJSON loop until stdin closes or "quit"; resolves when the peer should stop. */
export async function runJson (peer: Peer, write: (obj: Json) => void, info: { web?: string } = {}): Promise<void> {
  for (const type of ['message', 'edit', 'delete', 'reaction', 'presence', 'sync', 'dm', 'request', 'dm-receipt', 'dm-update', 'typing', 'invite', 'private-message', 'gap', 'gap-filled', 'gap-refilled', 'session-reset', 'identity-elsewhere', 'moderation', 'report', 'event-reminder', 'file', 'file-progress', 'mention', 'call'] as const) {
    peer.addEventListener(type, (evt) => { write({ event: type, ...(type === 'message' ? evt.detail : evt.detail) as Json }) })
  }
  peer.addEventListener('peer:connect', (evt) => { write({ event: 'connect', peerId: evt.detail.peerId }) })
  peer.addEventListener('peer:disconnect', (evt) => { write({ event: 'disconnect', peerId: evt.detail.peerId }) })
  write({ event: 'ready', peerId: peer.peerId, nick: peer.nick, addrs: peer.addrs(), ...(info.web === undefined ? {} : { web: info.web }) })
  // Connections opened while the peer started (its bootstrap peers) are told like later ones.
  for (const peerId of new Set(peer.peers().map((c) => c.peerId))) write({ event: 'connect', peerId })
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (line.trim() === '') continue
    let cmd: Json
    try {
      const parsed: unknown = JSON.parse(line)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BadCommandError('a command must be a JSON object')
      cmd = parsed as Json
    } catch (err) {
      write({ ok: false, error: errorJson(err instanceof SyntaxError ? new BadCommandError(`malformed JSON: ${err.message}`) : err) })
      continue
    }
    const id = cmd.id
    if (cmd.cmd === 'quit') {
      write({ id, ok: true })
      return
    }
    // Own keys only: "__proto__", "toString" and the like are unknown commands, not the object's prototype.
    const handler = typeof cmd.cmd === 'string' && Object.hasOwn(HANDLERS, cmd.cmd) ? HANDLERS[cmd.cmd] : undefined
    const run = async (): Promise<void> => {
      try {
        if (handler === undefined) throw new BadCommandError(`unknown command ${JSON.stringify(cmd.cmd)}`)
        write({ id, ok: true, ...(await handler(peer, cmd)) })
      } catch (err) {
        write({ id, ok: false, error: errorJson(err) })
      }
    }
    // A DM's reply waits for its outbox write: DMs run side by side (in the order they came), so a
    // burst of them shares writes (the store's group commit) instead of waiting for one each.
    if (typeof cmd.cmd === 'string' && (LONG_COMMANDS.has(cmd.cmd) || cmd.cmd === 'dm')) void run()
    else await run()
  }
}
