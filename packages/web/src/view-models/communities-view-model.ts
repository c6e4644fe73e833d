import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ConversationSummary } from '../app/chat-backend.js'
import type { CommunityBackend, CommunityEvent, DirectoryRoom } from '../app/community-backend.js'
import type { Notifier } from '../app/notifier.js'
import type { CommunitiesSnapshot, CommunitiesViewModel as CommunitiesVM, ExploreEntry } from '../views/community-types.js'

/** Where the view model sends the user, and how it tells them of an event. */
export interface CommunitiesInit {
  /** Opens a conversation (a room just created or joined, a reminder clicked). */
  open: (conversation: ConversationSummary | string) => void
  notifier?: Notifier
  /** Formats a start time; default: the browser locale's date and time. */
  formatTime?: (ms: number) => string
}

const defaultFormat = (ms: number): string => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** How often the open "Explore rooms" view reads the directory again (announcements arrive by gossip). */
const EXPLORE_REFRESH_MS = 2_000

/**
 * Creating rooms this profile owns, the "Explore rooms" view over the directory (search, Join),
 * and reminders of events this profile said yes to (a browser notification, and a line in the app).
 */
export class CommunitiesViewModel extends BaseViewModel<CommunitiesSnapshot> implements CommunitiesVM {
  private readonly backend: CommunityBackend
  private readonly init: CommunitiesInit
  private readonly formatTime: (ms: number) => string
  private refresh: ReturnType<typeof setInterval> | undefined

  constructor (backend: CommunityBackend, init: CommunitiesInit) {
    super({ createName: '', creating: false, exploreOpen: false, query: '', results: [] })
    this.backend = backend
    this.init = init
    this.formatTime = init.formatTime ?? defaultFormat
    this.onDispose(backend.subscribeCommunity((event) => { this.heard(event) }))
    this.onDispose(() => { clearInterval(this.refresh) })
  }

  setCreateName (value: string): void {
    this.update({ createName: value, createError: undefined })
  }

  create (): void {
    const name = this.getSnapshot().createName.trim()
    if (name === '' || this.getSnapshot().creating) return
    this.update({ creating: true, createError: undefined })
    this.backend.createOwnedRoom(name).then((conversation) => {
      this.update({ creating: false, createName: '' })
      this.init.open(conversation)
    }, (err: unknown) => {
      this.update({ creating: false, createError: errorText(err, 'Creating the room') })
    })
  }

  openExplore (): void {
    clearInterval(this.refresh)
    this.refresh = setInterval(() => { this.search() }, EXPLORE_REFRESH_MS)
    this.update({ exploreOpen: true, exploreError: undefined })
    this.search()
  }

  closeExplore (): void {
    clearInterval(this.refresh)
    this.refresh = undefined
    this.update({ exploreOpen: false, joining: undefined })
  }

  setQuery (value: string): void {
    this.update({ query: value })
    this.search()
  }

  private search (): void {
    try {
      const words = this.getSnapshot().query.split(/\s+/).filter(w => w !== '')
      this.update({ results: this.backend.directory(words).map(r => this.entry(r)) })
    } catch (err) {
      this.update({ exploreError: errorText(err, 'Reading the directory') })
    }
  }

  private entry (r: DirectoryRoom): ExploreEntry {
    return { room: r.room, label: r.label, topic: r.topic, description: r.description, members: r.members, nextEvent: r.nextEvent > 0 ? this.formatTime(r.nextEvent) : '', joined: r.joined }
  }

  join (room: string): void {
    if (this.getSnapshot().joining != null) return
    this.update({ joining: room, exploreError: undefined })
    this.backend.joinListed(room).then((conversation) => {
      this.closeExplore()
      this.init.open(conversation)
    }, (err: unknown) => {
      this.update({ joining: undefined, exploreError: errorText(err, 'Joining the room') })
    })
  }

  dismissReminder (): void {
    this.update({ reminder: undefined })
  }

  private heard (event: CommunityEvent): void {
    if (event.type !== 'reminder') return
    const { title } = event.event
    const text = event.kind === 'start'
      ? `${title} is starting in ${event.room}`
      : event.kind === 'cancelled' ? `${title} in ${event.room} was cancelled` : `${title} in ${event.room} changed: now ${this.formatTime(event.event.start)}`
    this.update({ reminder: text })
    // An event starting is worth a notification even while the tab is visible: the user said yes to it.
    this.init.notifier?.show(`Event in ${event.room}`, text, () => { this.init.open(event.conversationId) })
  }
}
