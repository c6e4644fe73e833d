/**
 * Notices the messages that mention us: a stored, shown message (room, private room or DM)
 * whose signed body carries our PeerId, written by someone else. Each is kept (MentionList) and
 * announced once as a `mention` event, whatever the conversation's mute setting (hosts decide
 * how to notify; a mention notifies even in a muted conversation).
 */
import { MentionList, type Mention } from './mention-list.js'
import type { ProfileStore } from '../store/index.js'

/** What {@link Mentions} needs from the peer. */
export interface MentionsComponents {
  self: string
  store: ProfileStore
  onMention: (mention: Mention) => void
  onError: (error: Error) => void
}

/** A message as the hosts see it, with what it mentions. */
export interface MentioningMessage {
  id: string
  from: string
  nick: string
  text: string
  sentAt: number
  mentions?: string[]
}

export class Mentions {
  readonly #c: MentionsComponents
  readonly #list: MentionList

  constructor (components: MentionsComponents) {
    this.#c = components
    this.#list = new MentionList(components.store, components.onError)
  }

  /** Whether `message` mentions us (by key; never by the nick in its text). */
  mentionsUs (message: MentioningMessage): boolean {
    return message.from !== this.#c.self && (message.mentions?.includes(this.#c.self) ?? false)
  }

  /** Records and announces `message` when it mentions us. */
  observe (conversation: string, message: MentioningMessage): void {
    if (!this.mentionsUs(message)) return
    const mention: Mention = { conversation, id: message.id, from: message.from, nick: message.nick, text: message.text, sentAt: message.sentAt }
    this.#list.add(mention).then((added) => { if (added) this.#c.onMention(mention) }, this.#c.onError)
  }

  /** The mentions of us received, newest first. */
  async list (limit?: number): Promise<Mention[]> {
    return this.#list.list(limit)
  }
}
