import { PAGE_SIZE } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, TimelineItem } from '../app/chat-backend.js'
import type { TimelineEntry, TimelineSnapshot, TimelineViewModel as TimelineVM } from '../views/timeline-view.js'

/** Options of {@link TimelineViewModel}. */
export interface TimelineOptions {
  pageSize?: number
  /** Formats a timestamp (ms) as the time shown beside a message. Default: the browser locale's hour and minute. */
  formatTime?: (ms: number) => string
}

const defaultFormat = (ms: number): string =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })

/**
 * One conversation's messages: the newest page on open, older pages on request, live messages as
 * they arrive. Opening the conversation and every message arriving while it is open mark it read.
 */
export class TimelineViewModel extends BaseViewModel<TimelineSnapshot> implements TimelineVM {
  private readonly backend: ChatBackend
  private readonly conversationId: string
  private readonly pageSize: number
  private readonly formatTime: (ms: number) => string
  private readonly ids = new Set<string>()

  constructor (backend: ChatBackend, conversationId: string, options: TimelineOptions = {}) {
    super({ entries: [], loadingOlder: true, complete: false })
    this.backend = backend
    this.conversationId = conversationId
    this.pageSize = options.pageSize ?? PAGE_SIZE
    this.formatTime = options.formatTime ?? defaultFormat
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'message' && event.conversationId === conversationId) {
        this.append(event.item)
      }
    }))
    this.fetch(undefined)
  }

  loadOlder (): void {
    const s = this.getSnapshot()
    if (s.loadingOlder || s.complete) {
      return
    }
    this.update({ loadingOlder: true, error: undefined })
    this.fetch(s.entries[0]?.id)
  }

  private fetch (before: string | undefined): void {
    this.backend.history(this.conversationId, { before, limit: this.pageSize }).then((page) => {
      const older = page.items.filter(item => !this.ids.has(item.id)).map(item => this.entry(item))
      this.update({ entries: [...older, ...this.getSnapshot().entries], loadingOlder: false, complete: page.complete })
      if (before == null) {
        this.backend.markRead(this.conversationId)
      }
    }, (err: unknown) => {
      this.update({ loadingOlder: false, error: errorText(err, 'Loading messages') })
    })
  }

  private append (item: TimelineItem): void {
    if (this.ids.has(item.id)) {
      return
    }
    const entries = [...this.getSnapshot().entries, this.entry(item)]
    // Messages from peers may arrive out of order; keep the timeline sorted by sent time.
    entries.sort((a, b) => a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0)
    this.update({ entries })
    this.backend.markRead(this.conversationId)
  }

  private entry (item: TimelineItem): TimelineEntry {
    this.ids.add(item.id)
    return {
      id: item.id,
      author: item.author.nickname,
      fingerprint: item.author.fingerprint,
      own: item.own,
      text: item.text,
      time: this.formatTime(item.sentAt),
      iso: new Date(item.sentAt).toISOString()
    }
  }
}
