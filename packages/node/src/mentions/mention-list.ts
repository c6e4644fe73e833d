/**
 * The mentions of us this profile received, newest last, kept in the profile's settings
 * key-value store (sealed with the profile like every record) and bounded to MAX_KEPT_MENTIONS:
 * the oldest fall off.
 */
import { CorruptMessageError } from '../errors.js'
import type { ProfileStore } from '../store/index.js'

/** How many received mentions are kept. */
export const MAX_KEPT_MENTIONS = 500
const KEY = 'mentions'

/** A message that mentioned us. */
export interface Mention {
  /** Conversation id: `room:<name>`, `private:<room id hex>` or the DM's (conversation-id.ts). */
  conversation: string
  id: string
  /** The author's PeerId. */
  from: string
  /** The author's self-chosen nick (never trusted). */
  nick: string
  text: string
  sentAt: number
}

function isMention (x: unknown): x is Mention {
  const m = x as Mention
  return typeof m === 'object' && m !== null && typeof m.conversation === 'string' && typeof m.id === 'string' &&
    typeof m.from === 'string' && typeof m.nick === 'string' && typeof m.text === 'string' && typeof m.sentAt === 'number'
}

/** The stored list of mentions of us. */
export class MentionList {
  readonly #store: ProfileStore
  readonly #onError: (error: Error) => void
  #list: Mention[] | undefined
  #writing: Promise<void> = Promise.resolve()

  /** `onError` hears of a stored list that no longer reads back (the list then starts again, empty). */
  constructor (store: ProfileStore, onError: (error: Error) => void) {
    this.#store = store
    this.#onError = onError
  }

  async #load (): Promise<Mention[]> {
    if (this.#list !== undefined) return this.#list
    const raw = await this.#store.kv('settings').get(KEY)
    let list: Mention[] = []
    if (raw !== undefined) {
      try {
        const parsed: unknown = JSON.parse(new TextDecoder().decode(raw))
        if (!Array.isArray(parsed)) throw new TypeError('not a list')
        list = parsed.filter(isMention).slice(-MAX_KEPT_MENTIONS)
      } catch (err) {
        this.#onError(new CorruptMessageError(`the stored mention list does not read back (${(err as Error).message}); it starts again, empty`))
        list = []
      }
    }
    this.#list ??= list
    return this.#list
  }

  /** Adds a mention (once per conversation and message id); resolves whether it was new. */
  async add (mention: Mention): Promise<boolean> {
    const run = this.#writing.then(async () => {
      const list = await this.#load()
      if (list.some((m) => m.id === mention.id && m.conversation === mention.conversation)) return false
      list.push(mention)
      if (list.length > MAX_KEPT_MENTIONS) list.splice(0, list.length - MAX_KEPT_MENTIONS)
      await this.#store.kv('settings').put(KEY, new TextEncoder().encode(JSON.stringify(list)))
      return true
    })
    this.#writing = run.then(() => {}, () => {})
    return run
  }

  /** The newest `limit` mentions (all kept by default), newest first. */
  async list (limit = MAX_KEPT_MENTIONS): Promise<Mention[]> {
    await this.#writing
    const list = await this.#load()
    return list.slice(-Math.max(0, limit)).reverse()
  }
}
