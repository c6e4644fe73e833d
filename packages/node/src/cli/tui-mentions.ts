/**
 * Mentions in the terminal: Tab after `@prefix` completes to the members of the current
 * conversation and records the member's key, so the message carries it (a nick alone notifies
 * no one); a message mentioning us is marked; `/mentions` lists the mentions received.
 */
import { MAX_MENTIONS } from '../mentions/index.js'
import { isDisplaySafe, displayName } from '../display-text.js'
import type { Peer } from '../peer.js'

/** Help lines of the mention commands. */
export const MENTION_HELP: Array<[string, string]> = [
  ['/mentions [n]', 'the last n messages that mentioned you (default 20); @nick<Tab> mentions a member']
]

/** The marker before a message that mentions us. */
export const MENTION_MARK = '» '

/** A member of the current conversation that can be mentioned. */
export interface Mentionable {
  peerId: string
  nick: string
}

/** The token a member is completed to: `@nick`, or `@nick~<end of PeerId>` when others share the nick. */
function tokenOf (member: Mentionable, all: Mentionable[]): string {
  const shared = all.some((m) => m.peerId !== member.peerId && m.nick === member.nick)
  return shared ? `@${member.nick}~${member.peerId.slice(-6)}` : `@${member.nick}`
}

/** Whether `token` stands in `text` as a word (not a prefix of a longer name). */
function holds (text: string, token: string): boolean {
  let at = text.indexOf(token)
  while (at >= 0) {
    const next = text[at + token.length]
    if (next === undefined || !/[\p{L}\p{N}_~-]/u.test(next)) return true
    at = text.indexOf(token, at + 1)
  }
  return false
}

/** The keys recorded by completion while a line is typed. */
export class MentionCompleter {
  /** token → PeerId, for the line being typed. */
  readonly #recorded = new Map<string, string>()

  /**
   * Completions of `last` when it starts with `@`: the tokens of the members whose nick starts
   * with what follows (display-safe nicks only: completion writes into the input line). A single
   * hit records its key. Undefined when `last` is no mention.
   */
  complete (last: string, members: Mentionable[]): string[] | undefined {
    if (!last.startsWith('@')) return undefined
    const safe = members.filter((m) => isDisplaySafe(m.nick) && displayName(m.nick) === m.nick && !/\s/.test(m.nick))
    const prefix = last.slice(1)
    const hits = safe.filter((m) => m.nick.startsWith(prefix) || tokenOf(m, safe).startsWith(last))
    if (hits.length === 1) this.#recorded.set(tokenOf(hits[0], safe), hits[0].peerId)
    return hits.map((m) => tokenOf(m, safe))
  }

  /**
   * The keys of the recorded tokens `text` holds (at most MAX_MENTIONS); the record is cleared
   * (a line that fails to send comes back for editing: Tab records its mentions again).
   */
  take (text: string): string[] {
    const keys = [...this.#recorded].filter(([token]) => holds(text, token)).map(([, key]) => key)
    this.#recorded.clear()
    return [...new Set(keys)].slice(0, MAX_MENTIONS)
  }
}

/** Who can be mentioned in `conversation`: the room's members seen, the private room's members, the DM's contact (never us; nicks as last seen). */
export function mentionable (peer: Peer, conversation: string, nicks: ReadonlyMap<string, string>): Mentionable[] {
  let all: Array<{ peerId: string, nick: string | undefined }> = []
  if (conversation.startsWith('room:')) all = peer.rooms.members(conversation.slice(5))
  else if (conversation.startsWith('private:')) all = (peer.privateRooms.list().find((r) => r.room === conversation.slice(8))?.members ?? []).map((peerId) => ({ peerId, nick: nicks.get(peerId) }))
  else if (conversation.startsWith('dm:')) all = [{ peerId: conversation.slice(3), nick: nicks.get(conversation.slice(3)) }]
  return all.filter((m): m is Mentionable => m.nick !== undefined && m.peerId !== peer.peerId)
}
