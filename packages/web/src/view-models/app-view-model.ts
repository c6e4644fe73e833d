import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import { ComposerViewModel } from './composer-view-model.js'
import { CommunitiesViewModel } from './communities-view-model.js'
import { RoomModerationViewModel } from './room-moderation-view-model.js'
import { ContactCardViewModel } from './contact-card-view-model.js'
import { ConversationHeaderViewModel } from './conversation-header-view-model.js'
import { OnboardingViewModel } from './onboarding-view-model.js'
import { SearchViewModel } from './search-view-model.js'
import { SidebarViewModel } from './sidebar-view-model.js'
import { TimelineViewModel } from './timeline-view-model.js'
import { FilesViewModel } from './files-view-model.js'
import { BackupViewModel } from './backup-view-model.js'
import { ExportViewModel } from './export-view-model.js'
import { GapViewModel } from './gap-view-model.js'
import { FailedOpenViewModel } from './failed-open-view-model.js'
import { RestoreViewModel } from './restore-view-model.js'
import { SettingsViewModel } from './settings-view-model.js'
import type { ThemeStore } from '../app/settings-theme.js'
import type { ArchiveBackend, Download, RecoveryBackend } from '../app/archive-backend.js'
import type { ChatBackend, ConversationSummary, Me, MentionHit, TimelineItem } from '../app/chat-backend.js'
import { MentionsViewModel } from './mentions-view-model.js'
import { CallViewModel } from './call-view-model.js'
import { dmConversationId } from '@parley/node'
import type { Notifier } from '../app/notifier.js'
import type { NotifyLevel } from '../app/settings-backend.js'
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
  /** Backups, restores and exports over the opened backend ("Back up", "Restore from backup", "Export"). */
  archive?: (backend: ChatBackend) => ArchiveBackend
  /** The way back when the profile does not open (damaged, evicted). */
  recovery?: () => RecoveryBackend
  /** Hands a file to the user (a download). */
  save?: (download: Download) => void
  /** Where the colour theme chosen in Settings is kept. */
  theme?: ThemeStore
}

/** When a conversation notifies: its level (settings), else mentions only when muted. */
const notifyLevel = (c: ConversationSummary): NotifyLevel => c.notify ?? (c.muted ? 'mentions' : 'all')

/** Errors of a profile that does not open: the failed-open page offers a way back. */
const DAMAGE = new Set(['DataDirDamagedError', 'ProfileEvictedError', 'CorruptRecordError'])

/**
 * The app's root view model: opens the peer, runs onboarding or unlock when needed, then owns
 * the sidebar and the open conversation's timeline and composer, disposing them as they change.
 */
export class AppViewModel extends BaseViewModel<AppSnapshot> implements AppVM {
  private readonly init: AppViewModelInit
  private backend: ChatBackend | undefined
  private archive: ArchiveBackend | undefined
  private sidebar: SidebarViewModel | undefined
  private cards: ContactCardViewModel | undefined
  private search: SearchViewModel | undefined
  private open: { id: string, title: string, header: ConversationHeaderViewModel, timeline: TimelineViewModel, composer: ComposerViewModel, community?: RoomModerationViewModel, exporter?: ExportViewModel, gaps?: GapViewModel, files?: FilesViewModel, call?: CallViewModel } | undefined
  private communities: CommunitiesViewModel | undefined
  private call: CallViewModel | undefined
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
      await this.openBackend()
      await this.showStart()
    } catch (err) {
      this.failed(err)
    }
  }

  private async openBackend (): Promise<ChatBackend> {
    const backend = await this.init.openBackend()
    this.backend = backend
    this.archive = this.init.archive?.(backend)
    return backend
  }

  /** The chat when the profile is open, else onboarding (create, with "Restore from backup", or unlock). */
  private async showStart (): Promise<void> {
    const backend = this.backend
    if (backend == null) return
    const status = await backend.profileStatus()
    if (status.state === 'open') {
      this.enterChat(status.me)
      return
    }
    const onboarding = new OnboardingViewModel(backend, status.state === 'locked' ? 'unlock' : 'create',
      status.state === 'locked' ? status.nickname : '', (me) => { this.enterChat(me) })
    this.onDispose(() => { onboarding.dispose() })
    this.update({ phase: 'onboarding', onboarding, restorable: status.state === 'none' && this.archive != null })
  }

  /** A profile that does not open gets the failed-open page when the app can recover; anything else is told as it is. */
  private failed (err: unknown): void {
    const recovery = this.init.recovery
    if (recovery == null || !(err instanceof Error) || !DAMAGE.has(err.name)) {
      this.update({ phase: 'failed', error: errorText(err, 'Starting Parley') })
      return
    }
    const reopen = (next: () => Promise<void> | void): void => {
      this.openBackend().then(next).catch((e: unknown) => { this.failed(e) })
    }
    const failed = new FailedOpenViewModel(recovery(), err, {
      restore: () => { reopen(() => { this.showRestore('The damaged profile was set aside in this browser.') }) },
      startNew: () => { reopen(async () => this.showStart()) },
      save: (download) => { this.init.save?.(download) }
    })
    this.onDispose(() => { failed.dispose() })
    this.update({ phase: 'damaged', failed })
  }

  showRestore (notice?: string): void {
    const restore = new RestoreViewModel(async (file, passphrase) => this.restoreFrom(file, passphrase), () => {
      this.showStart().catch((err: unknown) => { this.failed(err) })
    }, notice)
    this.onDispose(() => { restore.dispose() })
    this.update({ phase: 'restore', restore })
  }

  /** Restores into this browser's empty profile and opens it; after a failure a fresh backend is opened for the next try. */
  private async restoreFrom (file: Blob, passphrase: string): Promise<void> {
    if (this.archive == null) return
    try {
      this.enterChat(await this.archive.restore(file, passphrase))
    } catch (err) {
      await this.openBackend()
      throw err
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
    if (backend.communities != null) {
      const communities = new CommunitiesViewModel(backend.communities, {
        open: (conversation) => { sidebar.select(typeof conversation === 'string' ? conversation : conversation.id) },
        notifier: this.init.notifier
      })
      this.communities = communities
      this.onDispose(() => { communities.dispose() })
    }
    const notifier = this.init.notifier
    if (notifier != null) {
      this.onDispose(backend.subscribe((event) => {
        if (event.type === 'message') {
          this.notify(notifier, event.conversationId, event.item)
        } else if (event.type === 'mention') {
          this.notifyMention(notifier, event.mention)
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
    const mentions = new MentionsViewModel(backend, {
      onChoose: (hit) => {
        sidebar.select(hit.conversationId)
        if (this.open?.id === hit.conversationId) this.open.timeline.reveal(hit.id)
      }
    })
    this.onDispose(() => { mentions.dispose() })
    if (backend.calling != null) {
      const call = new CallViewModel(backend.calling, { notifier: this.init.notifier, open: (peerId) => { sidebar.select(dmConversationId(peerId)) } })
      this.call = call
      this.onDispose(() => { call.dispose() })
    }
    const save = this.init.save
    const backup = this.archive != null && save != null ? new BackupViewModel(this.archive, save) : undefined
    if (backup != null) this.onDispose(() => { backup.dispose() })
    const settings = new SettingsViewModel(backend, { me, theme: this.init.theme, onMe: (changed) => { this.me = changed; sidebar.updateMe(changed) } })
    this.onDispose(() => { settings.dispose() })
    this.update({ phase: 'chat', sidebar, cards, communities: this.communities, backup, conversation: undefined, pane: 'list', search, mentions, settings, call: this.call })
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
          onEdit: (entry) => { composer.startEdit(entry) },
          unreadAtOpen: conversation.unread,
          firstUnreadAtOpen: conversation.firstUnread
        }),
        composer,
        ...(conversation.kind === 'public-room' && backend.communities != null ? { community: new RoomModerationViewModel(backend.communities, conversation.id) } : {}),
        exporter: this.archive != null && this.init.save != null ? new ExportViewModel(this.archive, conversation.id, this.init.save) : undefined,
        gaps: this.archive != null ? new GapViewModel(this.archive, conversation.id, conversation.kind === 'public-room') : undefined,
        files: backend.files != null ? new FilesViewModel(backend.files, conversation.id, this.init.save) : undefined,
        call: conversation.kind === 'dm' ? this.call : undefined
      }
    }
    this.search?.setConversation({ id: conversation.id, title: conversation.title })
    this.update({ phase: 'chat', sidebar: this.sidebar, cards: this.cards, communities: this.communities, conversation: this.open, pane: 'conversation', search: this.search, call: this.call })
  }

  /** A message from someone else, in a conversation notifying all messages (settings), while the tab is hidden. */
  private notify (notifier: Notifier, conversationId: string, item: TimelineItem): void {
    const conversation = this.backend?.conversations().find(c => c.id === conversationId)
    // A mention is notified by its own event, muted or not.
    if (item.own || item.mentionsMe === true || conversation == null || notifyLevel(conversation) !== 'all' || !notifier.hidden()) {
      return
    }
    const where = conversation.kind === 'dm' ? item.author.nickname : `${item.author.nickname} in ${conversation.title}`
    notifier.show(where, item.text, () => { this.sidebar?.select(conversationId) })
  }

  /** A message mentioning us, while the tab is hidden: notified even in a muted conversation, not in one set to none. */
  private notifyMention (notifier: Notifier, mention: MentionHit): void {
    if (!notifier.hidden()) return
    const conversation = this.backend?.conversations().find(c => c.id === mention.conversationId)
    if (conversation != null && notifyLevel(conversation) === 'none') return
    const where = conversation == null || conversation.kind === 'dm' ? mention.nickname : `${mention.nickname} in ${conversation.title}`
    notifier.show(`${where} mentioned you`, mention.text, () => { this.sidebar?.select(mention.conversationId) })
  }

  private closeConversation (): void {
    if (this.open != null) {
      this.open.header.dispose()
      this.open.timeline.dispose()
      this.open.composer.dispose()
      this.open.community?.dispose()
      this.open.exporter?.dispose()
      this.open.gaps?.dispose()
      this.open.files?.dispose()
      this.open = undefined
      this.search?.setConversation(undefined)
    }
  }
}
