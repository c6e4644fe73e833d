import { SEARCH_DEBOUNCE_MS, SEARCH_RESULTS } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, SearchHit } from '../app/chat-backend.js'
import type { SearchScope, SearchSnapshot, SearchViewModel as SearchVM } from '../views/search-view.js'

/** Options of {@link SearchViewModel}. */
export interface SearchViewModelInit {
  /** Opens the hit's conversation at its message. */
  onChoose: (hit: SearchHit) => void
  /** Formats a result's time (ms). Default: the browser locale's date and time. */
  formatTime?: (ms: number) => string
  debounceMs?: number
}

const defaultFormat = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/**
 * The search panel: searches as the user types (after a short pause), shows the latest query's
 * results only (an older search that finishes late is dropped), and opens a chosen result.
 */
export class SearchViewModel extends BaseViewModel<SearchSnapshot> implements SearchVM {
  private readonly backend: ChatBackend
  private readonly init: SearchViewModelInit
  private hits = new Map<string, SearchHit>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private generation = 0
  /** The open conversation, which the "This conversation" scope searches. */
  private here: { id: string, title: string } | undefined

  constructor (backend: ChatBackend, init: SearchViewModelInit) {
    super({ open: false, query: '', results: [], busy: false, searched: false, scope: 'all' })
    this.backend = backend
    this.init = init
    this.onDispose(() => { clearTimeout(this.timer) })
  }

  openSearch (): void {
    this.update({ open: true })
  }

  close (): void {
    clearTimeout(this.timer)
    this.generation++
    this.update({ open: false, busy: false })
  }

  /**
   * The conversation now open (undefined: none). The scope choice is offered only while one is
   * open; when it goes, the panel searches everything again.
   */
  setConversation (conversation: { id: string, title: string } | undefined): void {
    if (this.here?.id === conversation?.id) return
    this.here = conversation
    const scope = conversation == null ? 'all' : this.getSnapshot().scope
    this.update({ scope, hereTitle: conversation?.title })
    if (this.getSnapshot().query.trim() !== '') this.setQuery(this.getSnapshot().query)
  }

  setScope (scope: SearchScope): void {
    if (scope === this.getSnapshot().scope || (scope === 'here' && this.here == null)) return
    this.update({ scope })
    this.setQuery(this.getSnapshot().query)
  }

  setQuery (query: string): void {
    clearTimeout(this.timer)
    const generation = ++this.generation
    if (query.trim() === '') {
      this.hits.clear()
      this.update({ query, results: [], busy: false, searched: false, error: undefined })
      return
    }
    this.update({ query, busy: true, error: undefined })
    this.timer = setTimeout(() => { this.run(query, generation) }, this.init.debounceMs ?? SEARCH_DEBOUNCE_MS)
  }

  choose (key: string): void {
    const hit = this.hits.get(key)
    if (hit === undefined) return
    this.close()
    this.init.onChoose(hit)
  }

  private run (query: string, generation: number): void {
    const format = this.init.formatTime ?? defaultFormat
    const conversationId = this.getSnapshot().scope === 'here' ? this.here?.id : undefined
    this.backend.search(query, { limit: SEARCH_RESULTS, conversationId }).then((hits) => {
      if (generation !== this.generation) return
      this.hits = new Map(hits.map((h) => [`${h.conversationId}\n${h.id}`, h]))
      this.update({
        busy: false,
        searched: true,
        results: hits.map((h) => ({
          key: `${h.conversationId}\n${h.id}`,
          conversationTitle: h.conversationTitle,
          nickname: h.author.nickname,
          fingerprint: h.author.fingerprint,
          snippet: h.snippet,
          time: format(h.sentAt)
        }))
      })
    }, (err: unknown) => {
      if (generation !== this.generation) return
      this.update({ busy: false, searched: false, results: [], error: errorText(err, 'Searching') })
    })
  }
}
