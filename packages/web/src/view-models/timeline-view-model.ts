import { PAGE_SIZE, REVEAL_PAGES, TIMELINE_WINDOW, TYPING_SHOWN_MS } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { parseFormatted } from '@parley/node/browser'
import { fileEntry } from './files-view-model.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, TimelineItem } from '../app/chat-backend.js'
import { firstUnreadId } from './first-unread.js'
import type { ReactionCount, TimelineEntry, TimelineSnapshot, TimelineViewModel as TimelineVM } from '../views/timeline-view.js'

/** Options of {@link TimelineViewModel}. */
export interface TimelineOptions {
  pageSize?: number
  /** Formats a timestamp (ms) as the time shown beside a message. Default: the browser locale's hour and minute. */
  formatTime?: (ms: number) => string
}

const defaultFormat = (ms: number): string =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

/** Who is reading (for "my reaction"), and where reply and edit go: the composer starts them. */
export interface TimelineHandlers {
  /** This profile's id. */
  self?: string
  /** The conversation's messages take no replies, edits, deletes or reactions (private rooms, for now). */
  plain?: boolean
  onReply?: (entry: TimelineEntry) => void
  onEdit?: (entry: TimelineEntry) => void
  /** How many messages were unread when the conversation was opened ("New messages" marker). */
  unreadAtOpen?: number
  /**
   * The first unread message when the conversation was opened (kept across reloads): the marker
   * goes there even when it is pages back. Without it, the marker is placed by `unreadAtOpen`.
   */
  firstUnreadAtOpen?: string
}

/**
 * One conversation's messages: the newest page on open, older pages on request, live messages as
 * they arrive and changes to them (edits, deletes, reactions, receipts), and who is typing.
 * Opening the conversation and every message arriving while it is open mark it read.
 */
export class TimelineViewModel extends BaseViewModel<TimelineSnapshot> implements TimelineVM {
  private readonly backend: ChatBackend
  private readonly conversationId: string
  private readonly pageSize: number
  private readonly formatTime: (ms: number) => string
  private readonly handlers: TimelineHandlers
  /** Items by id, as the backend last reported them. */
  private readonly items = new Map<string, TimelineItem>()
  /** Each item's entry and what it was built from (see {@link TimelineViewModel.cachedEntry}). */
  private readonly entries = new Map<string, { item: TimelineItem, quoted: TimelineItem | undefined, me: string, entry: TimelineEntry }>()
  /** Every loaded item in timeline order. */
  private sorted: TimelineItem[] = []
  /**
   * How many of the newest items are shown. Live messages slide this window, so a tab left open
   * in a busy room keeps a bounded page; scrolling up widens it, then fetches older pages.
   */
  private limit: number
  /** The backend has nothing older than the oldest loaded item. */
  private atStart = false
  private me = ''
  private typingTimer: ReturnType<typeof setTimeout> | undefined
  /** A message to show once the page holding it is loaded (search results open here). */
  private revealing: { id: string, pagesLeft: number } | undefined

  constructor (backend: ChatBackend, conversationId: string, options: TimelineOptions = {}, handlers: TimelineHandlers = {}) {
    super({ entries: [], loadingOlder: true, complete: false, actions: handlers.plain !== true, ...((handlers.unreadAtOpen ?? 0) > 0 && handlers.firstUnreadAtOpen != null ? { firstUnread: handlers.firstUnreadAtOpen } : {}) })
    this.backend = backend
    this.conversationId = conversationId
    this.pageSize = options.pageSize ?? PAGE_SIZE
    this.formatTime = options.formatTime ?? defaultFormat
    this.handlers = handlers
    this.limit = Math.max(TIMELINE_WINDOW, this.pageSize)
    this.me = handlers.self ?? ''
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'message' && event.conversationId === conversationId) {
        this.append(event.item)
      } else if (event.type === 'updated' && event.conversationId === conversationId) {
        this.replace(event.item)
      } else if (event.type === 'hidden' && event.conversationId === conversationId) {
        this.hide(event.ids, event.author)
      } else if (event.type === 'typing' && event.conversationId === conversationId) {
        this.showTyping(event.nickname)
      }
    }))
    this.onDispose(() => { clearTimeout(this.typingTimer) })
    this.fetch(undefined)
  }

  loadOlder (): void {
    const s = this.getSnapshot()
    if (s.loadingOlder || s.complete) {
      return
    }
    if (this.sorted.length > this.limit) {
      // Older messages are loaded already, just not shown: show a page more of them.
      this.limit += this.pageSize
      this.show()
      return
    }
    this.update({ loadingOlder: true, error: undefined })
    this.fetch(this.sorted[0]?.id)
  }

  /**
   * Shows message `id` (a search result): fetches older pages until it is loaded, at most
   * REVEAL_PAGES of them, then widens the window to it and marks it `focused`.
   */
  reveal (id: string, pagesLeft = REVEAL_PAGES): void {
    const at = this.sorted.findIndex(i => i.id === id)
    if (at >= 0) {
      this.revealing = undefined
      this.limit = Math.max(this.limit, this.sorted.length - at)
      this.show()
      this.update({ focused: id })
      return
    }
    if (this.atStart || pagesLeft <= 0) {
      this.revealing = undefined
      return
    }
    this.revealing = { id, pagesLeft }
    if (!this.getSnapshot().loadingOlder) {
      this.update({ loadingOlder: true })
      this.fetch(this.sorted[0]?.id)
    }
  }

  /** Brings the first message that was unread on open into view, fetching older pages to reach it. */
  jumpToFirstUnread (): void {
    const id = this.getSnapshot().firstUnread
    if (id !== undefined) this.reveal(id)
  }

  reply (id: string): void {
    const entry = this.getSnapshot().entries.find(e => e.id === id)
    if (entry != null && !entry.deleted) {
      this.handlers.onReply?.(entry)
    }
  }

  edit (id: string): void {
    const entry = this.getSnapshot().entries.find(e => e.id === id)
    if (entry != null && entry.own && !entry.deleted) {
      this.handlers.onEdit?.(entry)
    }
  }

  remove (id: string): void {
    this.act(this.backend.deleteMessage(this.conversationId, id), 'Deleting')
  }

  react (id: string, reaction: string): void {
    this.act(this.backend.react(this.conversationId, id, reaction), 'Reacting')
  }

  private act (done: Promise<void>, what: string): void {
    this.update({ error: undefined })
    done.catch((err: unknown) => { this.update({ error: errorText(err, what) }) })
  }

  private fetch (before: string | undefined): void {
    this.backend.history(this.conversationId, { before, limit: this.pageSize }).then((page) => {
      for (const item of page.items) {
        if (!this.items.has(item.id)) {
          this.items.set(item.id, item)
        }
        if (item.own) {
          this.me = item.author.id
        }
      }
      if (before != null) {
        this.limit += page.items.length
      }
      this.atStart = page.complete
      this.update({ loadingOlder: false })
      this.render()
      if (this.revealing !== undefined) {
        this.reveal(this.revealing.id, this.revealing.pagesLeft - (before == null ? 0 : 1))
      }
      if (before == null) {
        if (this.getSnapshot().firstUnread === undefined) {
          const firstUnread = firstUnreadId(this.sorted, this.handlers.unreadAtOpen ?? 0)
          if (firstUnread !== undefined) this.update({ firstUnread })
        }
        this.backend.markRead(this.conversationId)
      }
    }, (err: unknown) => {
      this.update({ loadingOlder: false, error: errorText(err, 'Loading messages') })
    })
  }

  private append (item: TimelineItem): void {
    if (item.own) {
      this.me = item.author.id
    }
    if (this.items.has(item.id)) {
      return
    }
    this.items.set(item.id, item)
    if (item.author.nickname === this.getSnapshot().typing) {
      clearTimeout(this.typingTimer)
      this.update({ typing: undefined })
    }
    if (this.quotes(item.id)) {
      this.render()
    } else {
      this.insert(item)
    }
    this.backend.markRead(this.conversationId)
  }

  /** Whether a loaded item replies to `id` (its quote then changes too). */
  private quotes (id: string): boolean {
    for (const other of this.items.values()) {
      if (other.replyTo === id) {
        return true
      }
    }
    return false
  }

  /**
   * Puts one new item's entry in place without re-sorting the rest: a live message is almost
   * always the newest, and a busy room must not pay for its whole timeline on each message.
   */
  private insert (item: TimelineItem): void {
    let at = this.sorted.length
    while (at > 0 && compare(this.sorted[at - 1], item) > 0) {
      at--
    }
    this.sorted.splice(at, 0, item)
    this.show()
  }

  private replace (item: TimelineItem): void {
    if (!this.items.has(item.id)) {
      return
    }
    this.items.set(item.id, item)
    this.render()
  }

  /** Moderation hid messages (removed ones, or all of a banned author's): they leave the timeline. */
  private hide (ids: string[], author: string | undefined): void {
    const gone = [...this.items.values()].filter(i => ids.includes(i.id) || (author != null && i.author.id === author))
    for (const item of gone) {
      this.items.delete(item.id)
    }
    if (gone.length > 0) {
      this.render()
    }
  }

  private showTyping (nickname: string): void {
    clearTimeout(this.typingTimer)
    this.update({ typing: nickname })
    this.typingTimer = setTimeout(() => { this.update({ typing: undefined }) }, TYPING_SHOWN_MS)
  }

  /** Entries sorted by sent time: messages from peers may arrive out of order. */
  private render (): void {
    this.sorted = [...this.items.values()].sort(compare)
    this.show()
  }

  /** The entries of the window of newest items; complete once nothing older exists or is hidden. */
  private show (): void {
    const start = Math.max(0, this.sorted.length - this.limit)
    this.update({ entries: this.sorted.slice(start).map(item => this.cachedEntry(item)), complete: this.atStart && start === 0 })
  }

  /**
   * The entry of `item`, reused while nothing it shows has changed: a busy room re-renders on
   * every message, and rebuilding thousands of entries each time would only make garbage.
   */
  private cachedEntry (item: TimelineItem): TimelineEntry {
    const quoted = item.replyTo == null ? undefined : this.items.get(item.replyTo)
    const cached = this.entries.get(item.id)
    if (cached != null && cached.item === item && cached.quoted === quoted && cached.me === this.me) {
      return cached.entry
    }
    const entry = this.entry(item, quoted)
    this.entries.set(item.id, { item, quoted, me: this.me, entry })
    return entry
  }

  private entry (item: TimelineItem, quoted: TimelineItem | undefined): TimelineEntry {
    return {
      id: item.id,
      author: item.author.nickname,
      fingerprint: item.author.fingerprint,
      own: item.own,
      text: item.text,
      blocks: parseFormatted(item.text),
      time: this.formatTime(item.sentAt),
      iso: new Date(item.sentAt).toISOString(),
      edited: item.edited,
      deleted: item.deleted,
      reactions: countReactions(item, this.me),
      ...(item.replyTo == null
        ? {}
        : { replyTo: quoted == null ? { author: '', text: 'a message' } : { author: quoted.author.nickname, text: quoted.deleted ? 'message deleted' : quoted.text } }),
      ...(item.receipt == null ? {} : { receipt: item.receipt }),
      // A room's file message without a caption carries the file's name as its text: shown once, on the file.
      ...(item.file == null ? {} : { file: fileEntry(item.file), ...(item.text === item.file.name ? { blocks: [] } : {}) }),
      ...(item.mentionsMe === true ? { mentionsMe: true } : {})
    }
  }
}

/** Timeline order: sent time, then id. */
const compare = (a: TimelineItem, b: TimelineItem): number => a.sentAt - b.sentAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Reactions grouped by text, in order of first use, each with its count and whether one is mine. */
function countReactions (item: TimelineItem, me: string): ReactionCount[] {
  const counts = new Map<string, ReactionCount>()
  for (const r of item.reactions) {
    const c = counts.get(r.reaction) ?? { reaction: r.reaction, count: 0, mine: false }
    counts.set(r.reaction, { reaction: r.reaction, count: c.count + 1, mine: c.mine || (me !== '' && r.from === me) })
  }
  return [...counts.values()]
}
