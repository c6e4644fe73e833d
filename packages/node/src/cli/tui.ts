/**
 * The interactive terminal chat: irssi-style slash commands, tab completion
 * of commands, rooms and nicks, unread counts, and incoming lines printed
 * above the prompt, which is redrawn with whatever was being typed.
 *
 * Everything another peer chose (texts, nicks, room names, reactions, addresses) is shown through
 * display-text and laid out by tui-text: no escape sequence reaches the terminal, and every line of
 * a message after its first is indented under its author.
 */
import { createInterface, type Interface } from 'node:readline'
import { shortFingerprint } from '@parley/crypto'
import QRCode from 'qrcode'
import { displayName, displayText, isDisplaySafe } from '../display-text.js'
import { resolvePeerName, type NameUse } from '../name-resolver.js'
import { DmPayload } from '../pb/dm.js'
import type { Contacts } from '../dm/contacts.js'
import type { Peer } from '../peer.js'
import type { MessageRequest } from '../types.js'
import { layoutRemote } from './tui-text.js'
import { backupRunningPeer } from './archive.js'
import { describeDirectory, describeModeration, describeReport, modCommand, MOD_HELP, ModHint } from './tui-mod.js'
import { parseOwnedRoom, resolveRoomLabel, roomLabel } from '../communities/owned-room.js'
import { describeFile, fileCommand, FileHint, FILE_HELP } from './tui-files.js'
import type { FileInfo } from '../files/file-ref.js'
import { resultTime, SEARCH_HELP, SearchCommands, SearchHint } from './tui-search.js'
import { MENTION_HELP, MENTION_MARK, MentionCompleter, mentionable } from './tui-mentions.js'
import { layoutMessage } from './tui-format.js'
import { nodeStats } from '../node/stats.js'
import { BoundedMap } from '../bounded.js'
import { describeStats } from './stats-text.js'
import { ReadState, receiptsCommand, ReceiptsHint, RECEIPTS_HELP, sendReadReceipts } from './tui-unread.js'

/** Most message short ids a terminal session resolves (/reply, /edit, /react); older ones take the full id. */
export const MAX_SHORT_IDS = 10_000
/** Most peers whose nick the terminal remembers for names and completion. */
export const MAX_NICKS = 4096

const HELP: Array<[string, string]> = [
  ['/help', 'this list'],
  ['/join <room>', 'join a public room and switch to it'],
  ['/leave', 'leave the current room'],
  ['/rooms', 'joined rooms and conversations, numbered'],
  ['/switch <room|contact|n>', 'switch conversation'],
  ['/msg <contact|nick|peerId> <text>', 'send a direct message (a nick only when one known peer has it)'],
  ['/nick <nick>', 'change your nickname'],
  ['/whoami', 'your PeerId, fingerprint and a QR code'],
  ['/peers', 'connected peers'],
  ['/stats', 'memory, connections, open streams and the store\'s size of this peer'],
  ['/contacts', 'your contacts'],
  ['/add <peerId> [petname]', 'add a contact'],
  ['/card', 'your contact card: a parley:card/ link and its QR code'],
  ['/connect <card|multiaddr> [petname]', 'add a contact from a card or address and dial it'],
  ['/verify <petname|peerId> [confirm]', 'show the safety number; confirm marks the contact verified'],
  ['/history [n]', 'the last n messages here (default 20)'],
  ...SEARCH_HELP,
  ...RECEIPTS_HELP,
  ['/reply <id> <text>', 'reply to a message (ids are shown after each line)'],
  ['/edit <id> <text>', 'edit your message'],
  ['/delete <id>', 'delete your message'],
  ['/react <id> <emoji>', 'react to a message'],
  ['/create-private <name>', 'create a private room'],
  ['/invite <petname|peerId>', 'invite a contact to the current private room'],
  ['/accept <room-id>', 'accept an invite'],
  ['/remove <petname|peerId>', 'remove a member from the current private room'],
  ['/backup <file>', 'write a sealed backup of this profile (PARLEY_PASSPHRASE, or asked)'],
  ['/requests', 'DMs from people who are not contacts, waiting for you'],
  ['/accept-request <peer>', 'accept a message request: they become a contact'],
  ['/delete-request <peer>', 'delete a message request (they are not told)'],
  ['/block <petname|peerId>', 'refuse their DMs, hide their room messages, drop their request'],
  ['/unblock <contact>', 'undo /block'],
  ...MOD_HELP,
  ...FILE_HELP,
  ...MENTION_HELP,
  ['/quit', 'stop the peer']
]
const COMMANDS = HELP.map(([c]) => c.split(' ')[0])

/** A bad command or argument: one line of hint, the typed text kept. */
class Hint extends Error {}

const time = (ms: number): string => new Date(ms).toTimeString().slice(0, 5)
const short = (id: string): string => id.slice(0, 6)

export class Tui {
  readonly #peer: Peer
  readonly #rl: Interface
  readonly #out: NodeJS.WriteStream
  #current = 'room:lobby'
  /** Unread counts and mentions per conversation, kept in the profile (tui-unread.ts); loaded by start(). */
  #read!: ReadState
  /** Short ids shown after messages, to their full ids (the oldest forgotten past MAX_SHORT_IDS). */
  readonly #ids = new BoundedMap<string, string>(MAX_SHORT_IDS)
  /** The last nick seen from each peer (the least recent forgotten past MAX_NICKS). */
  readonly #nicks = new BoundedMap<string, string>(MAX_NICKS)
  readonly #searches = new SearchCommands()
  readonly #typedMentions = new MentionCompleter()

  constructor (peer: Peer, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout) {
    this.#peer = peer
    this.#out = output
    this.#rl = createInterface({ input, output, completer: (line: string) => this.#complete(line), terminal: true })
  }

  /** Prints a line above the prompt and redraws the prompt with the typed text. */
  print (text: string): void {
    this.#out.write('\r\x1b[K' + text + '\n')
    this.#rl.setPrompt(this.#prompt())
    this.#rl.prompt(true)
  }

  #label (conversation: string): string {
    if (conversation.startsWith('room:')) return `#${roomLabel(conversation.slice(5))}`
    if (conversation.startsWith('dm:')) {
      const peer = conversation.slice(3)
      const contact = this.#peer.contacts.list().find((c) => c.peerId === peer)
      return `@${displayName(contact?.petname !== undefined && contact.petname !== '' ? contact.petname : (this.#nicks.get(peer) ?? peer.slice(-8)))}`
    }
    return `&${displayName(this.#peer.privateRooms.list().find((r) => `private:${r.room}` === conversation)?.name ?? conversation.slice(8, 16))}`
  }

  #prompt (): string {
    const unread = this.#read.entries().filter(([c]) => c !== this.#current).map(([c, n]) => `${this.#label(c)} ${n.unread}${n.mentions > 0 ? '@' : ''}`)
    return `[${this.#label(this.#current)}]${unread.length > 0 ? ` (${unread.join(', ')})` : ''} > `
  }

  /** A line about `conversation`: `head` is ours (remote names in it made safe), `text` is remote and laid out under it. */
  #show (conversation: string, head: string, text = ''): void {
    if (conversation !== this.#current) this.#read.add(conversation)
    this.#printRemote(conversation === this.#current ? head : `${this.#label(conversation)} ${head}`, text)
  }

  /** Prints our `head` with remote `text` after it, every further line indented (see tui-text). */
  #printRemote (head: string, text: string): void {
    this.print(layoutRemote(head, text, this.#out.columns).join('\n'))
  }

  #messageHead (m: { id: string, from: string, nick: string, sentAt: number, fingerprint?: string }): string {
    this.#ids.set(short(m.id), m.id)
    this.#nicks.set(m.from, m.nick)
    const verified = this.#peer.contacts.list().find((c) => c.peerId === m.from)?.verified === true ? ' ✓' : ''
    const fp = m.fingerprint ?? shortFingerprint(this.#peer.contacts.publicKeyOf(m.from))
    return `${time(m.sentAt)} <${displayName(m.nick)} ${fp}${verified}> `
  }

  #message (conversation: string, m: { id: string, from: string, nick: string, text: string, sentAt: number, fingerprint?: string, mentions?: string[] }): void {
    const mentionsUs = m.from !== this.#peer.peerId && m.mentions?.includes(this.#peer.peerId) === true
    if (conversation !== this.#current) this.#read.add(conversation, mentionsUs)
    else if (conversation.startsWith('dm:') && m.from !== this.#peer.peerId) this.#receipts(conversation, 1)
    const head = (mentionsUs ? MENTION_MARK : '') + this.#messageHead(m)
    this.#printMessage(conversation === this.#current ? head : `${this.#label(conversation)} ${head}`, m)
  }

  /** A message with its Markdown subset styled by us (tui-format), its short id after it; a file message described by us. */
  #printMessage (head: string, m: { id: string, text: string, file?: FileInfo }): void {
    if (m.file !== undefined) {
      this.#printRemote(head, `${describeFile(m.file)}  ·${displayText(short(m.id))}`)
      return
    }
    this.print(layoutMessage(head, m.text, `  ·${displayText(short(m.id))}`, this.#out.columns).join('\n'))
  }

  async start (): Promise<void> {
    const p = this.#peer
    this.#read = await ReadState.load(p.store.kv('settings'))
    p.addEventListener('message', (e) => { this.#message(`room:${e.detail.room}`, e.detail) })
    p.addEventListener('dm', (e) => { this.#message(`dm:${e.detail.peer}`, e.detail) })
    p.addEventListener('private-message', (e) => { this.#message(`private:${e.detail.room}`, e.detail) })
    p.addEventListener('edit', (e) => { this.#show(`room:${e.detail.room}`, `* ${displayText(short(e.detail.id))} edited: `, e.detail.text) })
    p.addEventListener('delete', (e) => { this.#show(`room:${e.detail.room}`, `* ${displayText(short(e.detail.id))} deleted`) })
    p.addEventListener('reaction', (e) => { this.#show(`room:${e.detail.room}`, `* ${displayName(this.#nicks.get(e.detail.from) ?? e.detail.from.slice(-8))} reacted ${displayName(e.detail.reaction)} to ${displayText(short(e.detail.id))}`) })
    p.addEventListener('request', (e) => { this.#requestNotice(e.detail) })
    p.addEventListener('identity-elsewhere', (e) => { this.print(`* warning: ${displayText(e.detail.notice)}`) })
    p.addEventListener('session-reset', (e) => { this.print(`* ${displayName(e.detail.name)}'s session was reset (restored from a backup; same identity, not a key change)`) })
    p.addEventListener('invite', (e) => { this.print(`* invited to private room "${displayName(e.detail.name)}" by ${displayText(e.detail.from)}: /accept ${displayText(e.detail.room)}`) })
    // Gap notices are status, not messages: shown in the open conversation only, never counted as unread.
    p.addEventListener('gap', (e) => { if (`room:${e.detail.room}` === this.#current) this.print('* history may be incomplete here: syncing with members…') })
    p.addEventListener('gap-refilled', (e) => { if (e.detail.conversation === this.#current) this.print(`* ${e.detail.refilled} lost message${e.detail.refilled === 1 ? '' : 's'} came back by sync${e.detail.missing > 0 ? ` (${e.detail.missing} still missing)` : ''}`) })
    p.addEventListener('gap-filled', (e) => { if (`room:${e.detail.room}` === this.#current) this.print(`* history synced (${e.detail.fetched} fetched)`) })
    p.addEventListener('moderation', (e) => { this.#show(`room:${e.detail.room}`, describeModeration(e.detail, (id) => id === p.peerId ? p.nick : (this.#nicks.get(id) ?? id.slice(-8)))) })
    p.addEventListener('event-reminder', (e) => { this.#show(`room:${e.detail.room}`, `* event ${e.detail.kind === 'start' ? 'starting now' : e.detail.kind}: ${displayText(e.detail.title)} (${new Date(e.detail.start).toTimeString().slice(0, 5)})`) })
    p.addEventListener('report', (e) => { this.#show(`room:${e.detail.room}`, describeReport(e.detail, (id) => this.#nicks.get(id) ?? id.slice(-8))) })
    // No media here: the call rings, and is recorded missed (its record arrives as a `dm`).
    p.addEventListener('call', (e) => { if (e.detail.state === 'ringing' && e.detail.direction === 'incoming') this.print(`* incoming ${e.detail.kind === 'video' ? 'video ' : ''}call from ${this.#label(`dm:${e.detail.peer}`).slice(1)} — answer it in the web app`) })
    p.addEventListener('dm-receipt', (e) => { if (`dm:${e.detail.peer}` === this.#current) this.print(`* ${short(e.detail.id)} ${e.detail.status}`) })
    await p.join('lobby')
    this.print(`Parley — you are ${p.nick} (${shortFingerprint(p.identity.publicKey)}), PeerId ${p.peerId}. /help lists commands.`)
    // Lines run side by side (a long /save does not hold the prompt), but /quit waits for those
    // still running: a conversation opened just before it is marked read before the state is written.
    const running = new Set<Promise<void>>()
    this.#rl.on('line', (line) => {
      const run = this.#line(line).finally(() => { running.delete(run) })
      running.add(run)
    })
    await new Promise<void>((resolve) => this.#rl.on('close', resolve))
    await Promise.allSettled(running)
    await this.#read.close()
  }

  async #line (line: string): Promise<void> {
    const text = line.trim()
    if (text === '') return this.#rl.prompt()
    try {
      if (text.startsWith('/')) await this.#command(text)
      else await this.#send(this.#current, text)
    } catch (err) {
      const e = err as Error
      // An error's message may quote what a peer sent.
      this.print(`! ${displayText(e instanceof Hint || e instanceof SearchHint || e instanceof ReceiptsHint ? e.message : `${e.name}: ${e.message}`)}`)
      // Nothing typed is lost: the failed line comes back for editing.
      this.#rl.write(line)
    }
    // The cursor stays where it is: after the restored text, ready to edit it.
    this.#rl.prompt(true)
  }

  async #send (conversation: string, text: string, replyTo?: string): Promise<void> {
    // Taken at once: a line typed while this one is being sent records its own keys.
    const mentions = this.#typedMentions.take(text)
    if (conversation.startsWith('room:')) await this.#peer.rooms.send(conversation.slice(5), text, { replyTo, mentions })
    else if (conversation.startsWith('dm:')) {
      const m = await this.#peer.dms.send(conversation.slice(3), { kind: DmPayload.Kind.TEXT, text, replyTo: replyTo ?? '', mentions })
      this.#printMessage(this.#messageHead(m), m)
    }
    else await this.#peer.privateRooms.send(conversation.slice(8), text, undefined, mentions)
  }

  async #mentions (n: number): Promise<void> {
    const all = await this.#peer.mentions(Number.isInteger(n) && n > 0 ? Math.min(n, 500) : 20)
    if (all.length === 0) this.print('* no mentions yet')
    for (const m of all.toReversed()) {
      this.#ids.set(short(m.id), m.id)
      this.#printRemote(`  ${this.#label(m.conversation)} ${resultTime(m.sentAt)} <${displayName(m.nick)}> `, `${m.text}  ·${short(m.id)}`)
    }
  }

  /**
   * Someone by petname or PeerId, or for a `'message'` use by a nick exactly one known peer has
   * (name-resolver.ts); refusals list the candidates with their fingerprints.
   */
  #contact (name: string | undefined, use: NameUse): string {
    if (name === undefined || name === '') throw new Hint(use === 'trust' ? 'name a contact (petname or PeerId)' : 'name a contact (petname, nick or PeerId)')
    const contacts: Contacts = this.#peer.contacts
    return resolvePeerName(name, use, {
      contacts: contacts.list(),
      nicks: this.#nicks,
      fingerprintOf: (peer) => shortFingerprint(contacts.publicKeyOf(peer)),
      isPeerId: (peer) => {
        try {
          contacts.checkPeerId(peer)
          return true
        } catch {
          return false
        }
      }
    })
  }

  /** `/backup <file>`: the running peer's sealed backup; the passphrase from PARLEY_PASSPHRASE, else asked twice (hidden). */
  async #backup (file: string): Promise<void> {
    if (file === '') throw new Hint('name the backup file: /backup <file>')
    let phrase = process.env.PARLEY_PASSPHRASE ?? ''
    if (phrase === '') {
      phrase = await this.#askHidden('Backup passphrase: ')
      if (phrase === '' || await this.#askHidden('Again: ') !== phrase) throw new Hint('the passphrases are empty or differ: nothing was written')
    }
    const s = await backupRunningPeer(this.#peer, file, phrase)
    this.print(`* backed up ${String(s.messages)} messages in ${String(s.conversations)} conversations to ${displayText(file)}`)
  }

  /** A question whose answer is not echoed (the readline's echo is silenced until it is answered). */
  async #askHidden (question: string): Promise<string> {
    const rl = this.#rl as Interface & { _writeToOutput?: (text: string) => void }
    const echo = rl._writeToOutput
    return new Promise((resolve) => {
      rl.question(question, (answer) => {
        rl._writeToOutput = echo
        this.#out.write('\n')
        resolve(answer.trim())
      })
      rl._writeToOutput = () => {}
    })
  }

  #id (ref: string | undefined): string {
    const id = ref === undefined ? undefined : (this.#ids.get(ref.replace(/^·/, '')) ?? (ref.length === 64 ? ref : undefined))
    if (id === undefined) throw new Hint('name a message by the id shown after it (·abc123)')
    return id
  }

  #conversations (): string[] {
    return [...this.#peer.rooms.list().map((r) => `room:${r}`), ...this.#peer.privateRooms.list().map((r) => `private:${r.room}`), ...this.#read.entries().map(([c]) => c).filter((c) => c.startsWith('dm:'))]
      .filter((c, i, all) => all.indexOf(c) === i)
  }

  async #command (text: string): Promise<void> {
    const [cmd, ...args] = text.split(/\s+/)
    const rest = (n: number): string => text.split(/\s+/).slice(n + 1).join(' ')
    const p = this.#peer
    switch (cmd) {
      case '/help': for (const [c, d] of HELP) this.print(`  ${c.padEnd(30)} ${d}`); return
      case '/join': this.#switch(`room:${await p.join(resolveRoomLabel(args[0] ?? '', p.rooms.list()))}`); return
      case '/create': this.#switch(`room:${await p.join(p.communities.roomId(args[0] ?? ''))}`); return
      case '/list': this.print(describeDirectory(p, args)); return
      case '/event': case '/events': case '/rsvp': case '/announce': case '/unlist': case '/report': case '/reports': case '/info': case '/mod': case '/unmod': case '/ban': case '/unban': case '/mute': case '/topic': case '/pin': case '/slow': case '/rules':
        return this.#mod(cmd, args)
      case '/leave':
        if (!this.#current.startsWith('room:')) throw new Hint('/leave works in a public room')
        await p.rooms.leave(this.#current.slice(5))
        this.#switch('room:lobby')
        return
      case '/rooms': this.#conversations().forEach((c, i) => { this.print(`  ${i + 1}. ${this.#label(c)}${this.#read.get(c).unread > 0 ? ` (${this.#read.get(c).unread})` : ''}`) }); return
      case '/switch': this.#switchTo(args[0]); return
      case '/msg': {
        const to = this.#contact(args[0], 'message')
        if (rest(1) === '') throw new Hint('/msg <contact> <text>')
        await this.#send(`dm:${to}`, rest(1))
        return
      }
      case '/nick': await p.setNick(rest(0)); this.print(`* you are now ${p.nick}`); return
      case '/whoami': {
        this.print(`PeerId ${p.peerId}\nfingerprint ${shortFingerprint(p.identity.publicKey)}, nick ${p.nick}`)
        this.print(await QRCode.toString(p.peerId, { type: 'utf8' }))
        return
      }
      case '/stats': this.print(describeStats(await nodeStats(p))); return
      case '/peers': for (const x of p.peers()) this.print(`  ${x.peerId} ${displayText(x.addrs.join(' '))}`); return
      case '/contacts': for (const c of p.contacts.list()) this.print(`  ${displayName(c.petname || '-')} ${c.peerId} ${c.fingerprint}${c.verified ? ' verified' : ''}${c.blocked ? ' blocked' : ''}`); return
      case '/add': this.print(`* added ${(await p.contacts.add(this.#contact(args[0], 'trust'), args[1] ?? '')).peerId}`); return
      case '/card': {
        const card = p.card()
        this.print(`${card}\n${await QRCode.toString(card, { type: 'utf8', errorCorrectionLevel: 'L' })}`)
        return
      }
      case '/connect': {
        if (args[0] === undefined || args[0] === '') throw new Hint('/connect <card|multiaddr> [petname]')
        const { contact, connected, error } = await p.connectCard(args[0], args[1])
        this.print(`* added ${displayName(contact.petname || '-')} ${contact.peerId} ${contact.fingerprint}: ${connected ? 'connected' : `not reachable now (${error ?? 'no address'}); messages wait in the outbox`}`)
        return
      }
      case '/verify': return this.#verify(this.#contact(args[0], 'trust'), args[1] === 'confirm')
      case '/history': return this.#history(Number(args[0] ?? 20))
      case '/search': return this.#search(rest(0))
      case '/mentions': return this.#mentions(Number(args[0] ?? 20))
      case '/receipts': this.print(await receiptsCommand(p, args[0])); return
      case '/goto': {
        const r = this.#searches.result(args[0])
        this.#switch(r.conversation)
        this.#printMessage(this.#messageHead(r), r)
        return
      }
      case '/reply': await this.#send(this.#current, rest(1), this.#id(args[0])); return
      case '/edit': await p.rooms.edit(this.#currentRoom(), this.#id(args[0]), rest(1)); return
      case '/delete': await p.rooms.delete(this.#currentRoom(), this.#id(args[0])); return
      case '/react': await p.rooms.react(this.#currentRoom(), this.#id(args[0]), args[1] ?? '👍'); return
      case '/create-private': this.#switch(`private:${await p.privateRooms.create(rest(0))}`); return
      case '/invite': await p.privateRooms.invite(this.#currentPrivate(), this.#contact(args[0], 'trust')); this.print('* invited'); return
      case '/accept': await p.privateRooms.accept(args[0] ?? ''); this.#switch(`private:${args[0]}`); return
      case '/remove':
        if (this.#current.startsWith('room:')) return this.#mod(cmd, args)
        await p.privateRooms.remove(this.#currentPrivate(), this.#contact(args[0], 'trust')); this.print('* removed; the room has a new key'); return
      case '/backup': return this.#backup(rest(0))
      case '/requests': return this.#requests()
      case '/accept-request': await p.dms.acceptRequest(this.#contact(args[0], 'trust')); this.#switch(`dm:${this.#contact(args[0], 'trust')}`); return
      case '/delete-request': await p.dms.deleteRequest(this.#contact(args[0], 'message')); this.print('* request deleted'); return
      case '/block': await p.contacts.block(this.#contact(args[0], 'trust')); this.print('* blocked'); return
      case '/unblock': await p.contacts.unblock(this.#contact(args[0], 'trust')); this.print('* unblocked'); return
      case '/quit': this.#rl.close(); return
      case '/send': case '/files': case '/save': case '/keep': case '/unkeep': case '/autodownload':
        await fileCommand(p, this.#out, this.#current, cmd, args, (line) => { this.print(line) }).catch((err: Error) => { throw err instanceof FileHint ? new Hint(err.message) : err })
        return
      default: throw new Hint(`unknown command ${cmd}: /help lists them`)
    }
  }

  async #mod (cmd: string, args: string[]): Promise<void> {
    const room = this.#currentRoom()
    if (parseOwnedRoom(room) === undefined) throw new Hint(`${cmd} works in an owned room (/create one); this one is open`)
    try {
      this.print(await modCommand(this.#peer, room, cmd, args, this.#nicks, (ref) => this.#id(ref)))
    } catch (err) {
      throw err instanceof ModHint ? new Hint(err.message) : err
    }
  }

  /** One line when a message request arrives or grows; the messages wait until /accept-request. */
  #requestNotice (r: MessageRequest): void {
    this.#nicks.set(r.peer, r.nick)
    this.#printRemote(`* message request from ${displayName(r.nick)} ${r.fingerprint} (${r.count}): `, `"${r.preview}" — /accept-request ${r.peer}, /delete-request or /block`)
  }

  async #requests (): Promise<void> {
    const all = await this.#peer.dms.requests()
    if (all.length === 0) this.print('* no message requests')
    for (const r of all) this.#printRemote(`  ${displayName(r.nick)} ${r.fingerprint} ${r.peer} (${r.count}, ${time(r.lastAt)}): `, r.preview)
  }

  #currentRoom (): string {
    if (!this.#current.startsWith('room:')) throw new Hint('this works in a public room')
    return this.#current.slice(5)
  }

  #currentPrivate (): string {
    if (!this.#current.startsWith('private:')) throw new Hint('switch to a private room first')
    return this.#current.slice(8)
  }

  #switch (conversation: string): void {
    this.#current = conversation
    this.#receipts(conversation, this.#read.clear(conversation))
    this.print(`* now in ${this.#label(conversation)}`)
  }

  /** Read receipts for the last `n` DMs of a DM conversation just read (tui-unread.ts: contacts only). */
  #receipts (conversation: string, n: number): void {
    if (!conversation.startsWith('dm:')) return
    sendReadReceipts(this.#peer, conversation.slice(3), n).catch((err: Error) => { this.print(`! read receipts not sent: ${err.name}`) })
  }

  #switchTo (target: string | undefined): void {
    if (target === undefined) throw new Hint('/switch <room|contact|number>')
    const all = this.#conversations()
    const n = Number(target)
    if (Number.isInteger(n) && n >= 1 && n <= all.length) return this.#switch(all[n - 1])
    const room = resolveRoomLabel(target, this.#peer.rooms.list())
    if (this.#peer.rooms.list().includes(room)) return this.#switch(`room:${room}`)
    const priv = this.#peer.privateRooms.list().find((r) => r.name === target || r.room === target)
    if (priv !== undefined) return this.#switch(`private:${priv.room}`)
    this.#switch(`dm:${this.#contact(target, 'message')}`)
  }

  async #verify (peer: string, confirm: boolean): Promise<void> {
    const { safetyNumber, groups } = this.#peer.contacts.safetyNumber(peer, this.#peer.identity.publicKey)
    this.print(`Safety number with ${peer}:`)
    for (let i = 0; i < 12; i += 4) this.print(`  ${groups.slice(i, i + 4).join(' ')}`)
    this.print(await QRCode.toString(safetyNumber, { type: 'utf8' }))
    if (confirm) {
      await this.#peer.contacts.verify(peer)
      this.print('* marked verified')
    } else this.print('* compare with your contact, then: /verify <contact> confirm')
  }

  async #history (n: number): Promise<void> {
    const limit = Number.isInteger(n) && n > 0 ? Math.min(n, 500) : 20
    const c = this.#current
    const page = c.startsWith('room:')
      ? (await this.#peer.rooms.history(c.slice(5), { limit })).messages
      : c.startsWith('dm:') ? (await this.#peer.dms.history(c.slice(3), { limit })).messages : (await this.#peer.privateRooms.history(c.slice(8), { limit })).messages
    // Gap markers (messages a repair lost) where they fall between the messages shown.
    const gaps = (await this.#peer.gaps(c)).filter((g) => page.length < limit || g.to >= (page[0]?.sentAt ?? 0))
    const marker = (g: { from: number, to: number, missing: number }): void => {
      this.print(`* ${g.missing} message${g.missing === 1 ? '' : 's'} lost here (${time(g.from)}–${time(g.to)}, damaged storage)${c.startsWith('room:') ? ': a member\'s sync brings them back' : ''}`)
    }
    for (const m of page) {
      while (gaps.length > 0 && gaps[0].to < m.sentAt) marker(gaps.shift() as { from: number, to: number, missing: number })
      this.#printMessage(this.#messageHead(m), m)
    }
    for (const g of gaps) marker(g)
  }

  async #search (words: string): Promise<void> {
    const results = await this.#searches.search(this.#peer, words, this.#current)
    this.print(results.length === 0 ? '* nothing found' : `* ${results.length} found; /goto <n> to go there`)
    results.forEach((r, i) => {
      this.#ids.set(short(r.id), r.id)
      this.#printRemote(`  ${i + 1}. ${this.#label(r.conversation)} ${resultTime(r.sentAt)} <${displayName(r.nick)}> `, r.snippet)
    })
  }

  #complete (line: string): [string[], string] {
    const words = line.split(' ')
    const last = words[words.length - 1]
    const mentioned = this.#typedMentions.complete(last, mentionable(this.#peer, this.#current, this.#nicks))
    if (mentioned !== undefined) return [mentioned, last]
    const pool = words.length === 1
      ? COMMANDS
      : [...this.#peer.rooms.list(), ...this.#peer.privateRooms.list().map((r) => r.name), ...this.#nicks.values(), ...this.#peer.contacts.list().map((c) => c.petname).filter((x) => x !== '')]
          // Completion writes into the input line: only names with nothing to neutralise.
          .filter((w) => isDisplaySafe(w) && displayName(w) === w)
    const hits = pool.filter((w) => w.startsWith(last))
    return [hits.length > 0 ? hits : pool, last]
  }
}
