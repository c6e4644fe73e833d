/**
 * The terminal's owned-room commands: /create, /mod, /unmod, /ban, /unban, /mute, /remove (a
 * message), /topic, /pin, /slow, /rules and /info, and how a moderation event is told. The
 * member a command names is resolved by the one name resolver (communities/who.ts).
 */
import { displayName, displayText } from '../display-text.js'
import { resolveMember } from '../communities/who.js'
import { roomLabel } from '../communities/owned-room.js'
import type { ModActionName, ModerationEvent, ModRequest } from '../communities/communities.js'
import type { Peer } from '../peer.js'
import type { RoomReport } from '../communities/reports.js'

/** Help lines of the owned-room commands. */
export const MOD_HELP: Array<[string, string]> = [
  ['/create <name>', 'create a room you own (shown as name~your key) and switch to it'],
  ['/info', 'the owner, moderators, bans, topic, pin and slow mode of this owned room'],
  ['/mod <petname|peerId>', 'make someone a moderator here (owner)'],
  ['/unmod <petname|peerId>', 'remove a moderator (owner); their later actions stop counting'],
  ['/ban <who>', 'ban a member (owner, moderators)'],
  ['/unban <who>', 'lift a ban'],
  ['/mute <who> <duration>', 'mute a member for 30s, 10m, 2h or 1d (0 lifts it)'],
  ['/remove <id>', 'in an owned room: hide a message for everyone'],
  ['/topic <text>', 'set the topic'],
  ['/pin <id|none>', 'pin a message'],
  ['/slow <seconds>', 'slow mode: one message per member per n seconds (0: off)'],
  ['/rules <seconds> <text>', 'posting rules: present n seconds before posting, and the text shown'],
  ['/report <id> <reason>', 'report a message to this owned room\'s moderators, privately'],
  ['/reports', 'the reports sent to you as a moderator of this room'],
  ['/announce [description]', 'list this room you own in the directory (refreshed while you run)'],
  ['/unlist', 'take this room you own out of the directory, at every peer at once'],
  ['/list [words]', 'rooms in the directory, most active first; /join one by its id'],
  ['/event <start> <duration> <title>', 'schedule an event: start as +10m or an ISO time, duration as 1h'],
  ['/events', 'upcoming events here, with your answers'],
  ['/rsvp <event> yes|no', 'answer an event (a yes reminds you when it starts)']
]

/** A bad argument: the hint shown. */
export class ModHint extends Error {}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 }

/** Seconds of `30s`, `10m`, `2h`, `1d` or a plain number of seconds. */
export function parseDuration (text: string | undefined): number {
  const m = /^(\d+)([smhd]?)$/.exec(text ?? '')
  if (m === null) throw new ModHint('a duration: 30s, 10m, 2h, 1d')
  return Number(m[1]) * UNITS[m[2] === '' ? 's' : m[2]]
}

/**
 * Runs one owned-room command in `room` (the current public room); `nicks` are the nicks the
 * terminal has seen, `id` resolves a shown short message id. Returns the line to print.
 */
export async function modCommand (peer: Peer, room: string, cmd: string, args: string[], nicks: ReadonlyMap<string, string>, id: (ref: string | undefined) => string): Promise<string> {
  const who = (action: ModActionName): string => {
    if (args[0] === undefined) throw new ModHint(`${cmd} <petname, nick or PeerId>`)
    return resolveMember(peer, room, args[0], action, nicks)
  }
  const text = args.join(' ')
  let request: ModRequest
  switch (cmd) {
    case '/mod': request = { action: 'add-mod', who: who('add-mod') }; break
    case '/unmod': request = { action: 'remove-mod', who: who('remove-mod') }; break
    case '/ban': request = { action: 'ban', who: who('ban') }; break
    case '/unban': request = { action: 'unban', who: who('unban') }; break
    case '/mute': { const duration = parseDuration(args[1]); request = { action: 'mute', who: who('mute'), duration }; break }
    case '/remove': request = { action: 'remove', target: id(args[0]) }; break
    case '/topic': request = { action: 'topic', topic: text }; break
    case '/pin': request = { action: 'pin', target: args[0] === 'none' ? '' : id(args[0]) }; break
    case '/slow': request = { action: 'slow', seconds: parseDuration(args[0]) }; break
    case '/rules': request = { action: 'rules', seconds: parseDuration(args[0]), rules: args.slice(1).join(' ') }; break
    case '/info': return describeRoom(peer, room)
    case '/report': {
      if (args.length < 2) throw new ModHint('/report <id> <reason>')
      const { sent } = await peer.reports.send(room, { target: id(args[0]), reason: args.slice(1).join(' ') })
      return `* reported to ${sent} moderator${sent === 1 ? '' : 's'}`
    }
    case '/event': {
      if (args.length < 3) throw new ModHint('/event <start: +10m or 2026-12-01T18:00> <duration: 1h> <title>')
      const start = args[0].startsWith('+') ? Date.now() + parseDuration(args[0].slice(1)) * 1000 : Date.parse(args[0])
      if (!Number.isFinite(start)) throw new ModHint('a start: +10m, or an ISO time such as 2026-12-01T18:00')
      const e = await peer.events.create(room, { title: args.slice(2).join(' '), start, duration: parseDuration(args[1]) })
      return `* event ${e.id.slice(0, 6)} scheduled`
    }
    case '/events': {
      const all = peer.events.list(room)
      return all.length === 0 ? '* no upcoming events' : all.map((e) => `  ${e.id.slice(0, 6)} ${new Date(e.start).toISOString().slice(0, 16)} ${displayText(e.title)}${e.rsvp === undefined ? '' : ` (${e.rsvp})`}`).join('\n')
    }
    case '/rsvp': {
      const event = peer.events.list(room).find((e) => e.id.startsWith(args[0] ?? '-'))
      if (event === undefined || (args[1] !== 'yes' && args[1] !== 'no')) throw new ModHint('/rsvp <event id as /events shows it> yes|no')
      await peer.events.rsvp(room, event.id, args[1])
      return `* answered ${args[1]}`
    }
    case '/announce': {
      const entry = await peer.communities.list(room, text === '' ? {} : { description: text })
      return `* ${displayName(entry.label)} listed in the directory`
    }
    case '/unlist': {
      await peer.directory.unlist(room)
      return `* ${displayName(roomLabel(room))} unlisted from the directory`
    }
    case '/reports': {
      const all = await peer.reports.list(room)
      return all.length === 0 ? '* no reports' : all.map((r) => describeReport(r, (p) => p.slice(-8))).join('\n')
    }
    default: throw new ModHint(`unknown command ${cmd}`)
  }
  await peer.communities.moderate(room, request)
  return `* ${request.action} sent to ${roomLabel(room)}`
}

function describeRoom (peer: Peer, room: string): string {
  const i = peer.communities.info(room)
  const lines = [
    `* ${displayName(i.label)}: owner ${i.owner}`,
    `  moderators: ${i.moderators.join(', ') || 'none'}`,
    `  banned: ${i.banned.length}, muted: ${i.muted.length}, slow mode: ${i.slow > 0 ? `${i.slow} s` : 'off'}, log: ${i.log} actions`,
    `  topic: ${displayText(i.topic || '-')}`,
    ...(i.pin === '' ? [] : [`  pinned: ${i.pin.slice(0, 6)}`]),
    ...(i.rules === '' && i.presentSeconds === 0 ? [] : [`  rules: ${displayText(i.rules)}${i.presentSeconds > 0 ? ` (present ${i.presentSeconds} s before posting)` : ''}`])
  ]
  return lines.join('\n')
}

/** The directory, one room a line (remote names and texts made safe). */
export function describeDirectory (peer: Peer, words: string[]): string {
  const rooms = peer.directory.list(words)
  if (rooms.length === 0) return '* no rooms found'
  return rooms.map((r) => `  ${displayName(r.label)} (${r.members}) ${displayText(r.topic || r.description).slice(0, 80)}\n    /join ${r.room}`).join('\n')
}

/** One line telling a report (the reason and the reported text are remote: made safe). */
export function describeReport (r: RoomReport, nick: (peerId: string) => string): string {
  const what = r.message === undefined ? `member ${displayName(nick(r.who))} ${r.fingerprint}` : `${r.message.id.slice(0, 6)} by ${displayName(nick(r.who))}: "${displayText(r.message.text.slice(0, 80))}"`
  return `* report from ${displayName(nick(r.from))}: ${what} — ${displayText(r.reason)}`
}

/** One line telling a moderation event (remote names and texts made safe). */
export function describeModeration (e: ModerationEvent, nick: (peerId: string) => string): string {
  const by = displayName(nick(e.by))
  const who = e.who === undefined ? '' : ` ${displayName(nick(e.who))}`
  const detail = e.action === 'topic'
    ? `: ${displayText(e.topic ?? '')}`
    : e.action === 'mute' ? ` until ${new Date(e.until ?? 0).toTimeString().slice(0, 5)}`
      : e.action === 'slow' ? ` ${e.seconds ?? 0} s`
        : e.target === undefined || e.action === 'remove-mod' ? '' : ` ${e.target.slice(0, 6)}`
  return `* ${by} ${e.action}${who}${detail}${e.counts ? '' : ' (does not count: not a moderator then)'}`
}
