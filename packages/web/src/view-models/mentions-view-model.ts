import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, MentionHit } from '../app/chat-backend.js'
import type { MentionsSnapshot, MentionsViewModel as MentionsVM } from '../views/mentions-view.js'

/** Options of {@link MentionsViewModel}. */
export interface MentionsViewModelInit {
  /** Opens the mention's conversation at its message. */
  onChoose: (hit: MentionHit) => void
  /** Formats a mention's time (ms). Default: the browser locale's date and time. */
  formatTime?: (ms: number) => string
}

const defaultFormat = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const keyOf = (h: MentionHit): string => `${h.conversationId}\n${h.id}`

/** The Mentions view: the stored list (read when opened), and a count of those arrived since. */
export class MentionsViewModel extends BaseViewModel<MentionsSnapshot> implements MentionsVM {
  private readonly backend: ChatBackend
  private readonly init: MentionsViewModelInit
  private hits = new Map<string, MentionHit>()

  constructor (backend: ChatBackend, init: MentionsViewModelInit) {
    super({ open: false, entries: [], unseen: 0, loading: false })
    this.backend = backend
    this.init = init
    this.onDispose(backend.subscribe((event) => {
      if (event.type !== 'mention') return
      if (this.getSnapshot().open) this.load()
      else this.update({ unseen: this.getSnapshot().unseen + 1 })
    }))
  }

  openMentions (): void {
    this.update({ open: true, unseen: 0 })
    this.load()
  }

  close (): void {
    this.update({ open: false })
  }

  choose (key: string): void {
    const hit = this.hits.get(key)
    if (hit === undefined) return
    this.close()
    this.init.onChoose(hit)
  }

  private load (): void {
    if (this.backend.mentions === undefined) {
      this.update({ entries: [], loading: false })
      return
    }
    const format = this.init.formatTime ?? defaultFormat
    this.update({ loading: true, error: undefined })
    this.backend.mentions().then((hits) => {
      if (this.isDisposed) return
      const titles = new Map(this.backend.conversations().map((c) => [c.id, c.title]))
      this.hits = new Map(hits.map((h) => [keyOf(h), h]))
      this.update({
        loading: false,
        entries: hits.map((h) => ({ key: keyOf(h), conversationTitle: titles.get(h.conversationId) ?? h.conversationId, nickname: h.nickname, text: h.text, time: format(h.sentAt) }))
      })
    }, (err: unknown) => {
      if (this.isDisposed) return
      this.update({ loading: false, error: errorText(err, 'Reading mentions') })
    })
  }
}
