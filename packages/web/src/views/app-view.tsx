import { useEffect } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import { SearchView, type SearchViewModel } from './search-view.js'
import { MentionsView, type MentionsViewModel } from './mentions-view.js'
import { SettingsView, type SettingsViewModel } from './settings-view.js'
import { ConversationView } from './conversation-view.js'
import { OnboardingView } from './onboarding-view.js'
import { SidebarView } from './sidebar-view.js'
import { CommunitiesView } from './communities-view.js'
import type { CommunitiesViewModel } from './community-types.js'
import { FailedOpenView, type FailedOpenViewModel } from './failed-open-view.js'
import { RestoreView, type RestoreViewModel } from './restore-view.js'
import type { BackupViewModel } from './backup-view.js'
import type { ContactCardViewModel } from './contact-card-view.js'
import type { OpenConversation } from './conversation-view.js'
import type { OnboardingViewModel } from './onboarding-view.js'
import type { SidebarViewModel } from './sidebar-view.js'
import type { ViewModel } from '../view-model/view-model.js'
import { CallView, type CallViewModelPort } from './call-view.js'

/** The app's top-level state. */
export type AppSnapshot =
  | { phase: 'starting' }
  | { phase: 'failed', error: string }
  | { phase: 'onboarding', onboarding: OnboardingViewModel, /** "Restore from backup" is offered. */ restorable?: boolean }
  | { phase: 'restore', restore: RestoreViewModel }
  /** The profile did not open (damaged, evicted): failed-open-view.tsx. */
  | { phase: 'damaged', failed: FailedOpenViewModel }
  | {
    phase: 'chat'
    sidebar: SidebarViewModel
    /** "Share my contact" and "Add contact" (shown in the sidebar). */
    cards?: ContactCardViewModel
    /** Creating owned rooms, "Explore rooms", event reminders (shown in the sidebar). */
    communities?: CommunitiesViewModel
    /** "Back up" and "Export all" (shown in Settings). */
    backup?: BackupViewModel
    conversation?: OpenConversation
    /** On a narrow screen only one pane shows: the list, or the open conversation. */
    pane: 'list' | 'conversation'
    /** The search panel (Ctrl+K or "/"). */
    search?: SearchViewModel
    /** The list of messages that mentioned this profile. */
    mentions?: MentionsViewModel
    /** Nickname, passphrase, notifications, theme, backup (a dialog opened from the sidebar). */
    settings?: SettingsViewModel
    /** The live call's panel (calls offered). */
    call?: CallViewModelPort
  }

/** What the app shell can ask for. */
export interface AppActions {
  /** Back from the conversation to the list (narrow screens). */
  showList(): void
  /** "Restore from backup" on the first screen. */
  showRestore(): void
}

/** The app's view model. */
export type AppViewModel = ViewModel<AppSnapshot> & AppActions

/** The whole app: onboarding, or the sidebar beside (on phones: instead of) the open conversation. */
export function AppView ({ vm }: { vm: AppViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const search = s.phase === 'chat' ? s.search : undefined
  useSearchShortcut(search)
  switch (s.phase) {
    case 'starting':
      return <main class='splash' aria-busy='true'><p>Starting Parley…</p></main>
    case 'failed':
      return <main class='splash'><p class='error' role='alert'>{s.error}</p></main>
    case 'onboarding':
      return <OnboardingView vm={s.onboarding} onRestore={s.restorable === true ? () => { vm.showRestore() } : undefined} />
    case 'restore':
      return <RestoreView vm={s.restore} />
    case 'damaged':
      return <FailedOpenView vm={s.failed} />
    case 'chat':
      return (
        <div class='layout' data-pane={s.pane}>
          <SidebarView vm={s.sidebar} cards={s.cards} onSearch={s.search == null ? undefined : () => { s.search?.openSearch() }}>{s.settings != null && <SettingsView vm={s.settings} passphrase={s.sidebar} backup={s.backup} />}{s.mentions != null && <MentionsView vm={s.mentions} />}{s.communities != null && <CommunitiesView vm={s.communities} />}</SidebarView>
          {s.conversation == null
            ? <main class='conversation empty'><p>Join a room or pick a conversation.</p></main>
            : <ConversationView conversation={s.conversation} onBack={() => { vm.showList() }} />}
          {s.search != null && <SearchView vm={s.search} />}
          {s.call != null && <CallView vm={s.call} />}
        </div>
      )
  }
}

/** Ctrl+K anywhere, or "/" outside a text field, opens the search panel. */
function useSearchShortcut (search: SearchViewModel | undefined): void {
  useEffect(() => {
    if (search == null) return
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null
      const typing = target != null && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault()
        search.openSearch()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => { document.removeEventListener('keydown', onKey) }
  }, [search])
}
