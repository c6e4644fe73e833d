import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import { ComposerViewModel } from './composer-view-model.js'
import { ContactCardViewModel } from './contact-card-view-model.js'
import { ConversationHeaderViewModel } from './conversation-header-view-model.js'
import { OnboardingViewModel } from './onboarding-view-model.js'
import { SearchViewModel } from './search-view-model.js'
import { SidebarViewModel } from './sidebar-view-model.js'
import { TimelineViewModel } from './timeline-view-model.js'
import type { ChatBackend, ConversationSummary, Me, TimelineItem } from '../app/chat-backend.js'
import type { Notifier } from '../app/notifier.js'
import type { AppSnapshot, AppViewModel as AppVM } from '../views/app-view.js'
import type { TimelineOptions } from './timeline-view-model.js'

/** Options of {@link AppViewModel}. */
export interface AppViewModelInit {
  /** Opens the peer (storage, network); called once by {@link AppViewModel.start}. */
  openBackend: () => Promise<ChatBackend>
  timeline?: TimelineOptions
  /** Shows a notification for a message that arrives while the tab is hidden. */
  notifier?: Notifier
  /** Puts text on the clipboard ("Copy link" of the contact card). */
  copy?: (text: string) => Promise<void>
}

/**
 * The app's root view model: opens the peer, runs onboarding or unlock when needed, then owns
 * the sidebar and the open conversation's timeline and composer, disposing them as they change.
 */
export class AppViewModel extends BaseViewModel<AppSnapshot> implements AppVM {
  private readonly init: AppViewModelInit
  private backend: ChatBackend | undefined
  private sidebar: SidebarViewModel | undefined
  private cards: ContactCardViewModel | undefined
  private search: SearchViewModel | undefined
  private open: { id: string, title: string, header: ConversationHeaderViewModel, timeline: TimelineViewModel, composer: ComposerViewModel } | undefined
  private me: Me | undefined
  private permissionAsked = false

  constructor (init: AppViewModelInit) {
    super({ phase: 'starting' })
    this.init = init
    this.onDispose(() => { this.closeConversation() })
  }

  /** Opens the peer and decides between onboarding, unlock and the chat. */
  async start (): Promise<void> {
    try {
      const backend = await this.init.openBackend()
      this.backend = backend
      const status = await backend.profileStatus()
      if (status.state === 'open') {
        this.enterChat(status.me)
        return
      }
      const onboarding = new OnboardingViewModel(backend, status.state === 'locked' ? 'unlock' : 'create',
        status.state === 'locked' ? status.nickname : '', (me) => { this.enterChat(me) })
      this.onDispose(() => { onboarding.dispose() })
      this.update({ phase: 'onboarding', onboarding })
    } catch (err) {
      this.update({ phase: 'failed', error: errorText(err, 'Starting Parley') })
    }
  }

  showList (): void {
    const s = this.getSnapshot()
    if (s.phase === 'chat') {
      this.update({ pane: 'list' })
    }
  }

  private enterChat (me: Me): void {
    const backend = this.backend
    if (backend == null || this.sidebar != null) {
      return
    }
    this.me = me
    const sidebar = new SidebarViewModel(backend, me, (conversation) => { this.openConversation(conversation) })
    this.sidebar = sidebar
    this.onDispose(() => { sidebar.dispose() })
    const cards = new ContactCardViewModel(backend, { onOpen: (conversation) => { sidebar.select(conversation.id) }, copy: this.init.copy })
    this.cards = cards
    this.onDispose(() => { cards.dispose() })
    const notifier = this.init.notifier
    if (notifier != null) {
      this.onDispose(backend.subscribe((event) => {
        if (event.type === 'message') {
          this.notify(notifier, event.conversationId, event.item)
        }
      }))
    }
    const search = new SearchViewModel(backend, {
      onChoose: (hit) => {
        sidebar.select(hit.conversationId)
        if (this.open?.id === hit.conversationId) this.open.timeline.reveal(hit.id)
      }
    })
    this.search = search
    this.onDispose(() => { search.dispose() })
    this.update({ phase: 'chat', sidebar, cards, conversation: undefined, pane: 'list', search })
  }

  private openConversation (conversation: ConversationSummary): void {
    const backend = this.backend
    if (backend == null || this.sidebar == null) {
      return
    }
    if (!this.permissionAsked) {
      // Asked on the first conversation opened: usually a click, and some browsers only ask
      // for permission from inside a user's gesture.
      this.permissionAsked = true
      this.init.notifier?.requestPermission()
    }
    if (this.open?.id !== conversation.id) {
      this.closeConversation()
      const composer = new ComposerViewModel(backend, conversation.id, { typingNotices: conversation.kind === 'dm' })
      this.open = {
        id: conversation.id,
        title: conversation.title,
        header: new ConversationHeaderViewModel(backend, conversation, (other) => { this.sidebar?.select(other.id) }),
        timeline: new TimelineViewModel(backend, conversation.id, this.init.timeline, {
          self: this.me?.id,
          plain: conversation.kind === 'private-room',
          onReply: (entry) => { composer.startReply(entry) },
          onEdit: (entry) => { composer.startEdit(entry) }
        }),
        composer
      }
    }
    this.update({ phase: 'chat', sidebar: this.sidebar, cards: this.cards, conversation: this.open, pane: 'conversation', search: this.search })
  }

  /** A message from someone else, in a conversation not muted, while the tab is hidden. */
  private notify (notifier: Notifier, conversationId: string, item: TimelineItem): void {
    const conversation = this.backend?.conversations().find(c => c.id === conversationId)
    if (item.own || conversation == null || conversation.muted || !notifier.hidden()) {
      return
    }
    const where = conversation.kind === 'dm' ? item.author.nickname : `${item.author.nickname} in ${conversation.title}`
    notifier.show(where, item.text, () => { this.sidebar?.select(conversationId) })
  }

  private closeConversation (): void {
    if (this.open != null) {
      this.open.header.dispose()
      this.open.timeline.dispose()
      this.open.composer.dispose()
      this.open = undefined
    }
  }
}
