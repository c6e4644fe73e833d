import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** One conversation in the sidebar. */
export interface SidebarItem {
  id: string
  title: string
  unread: number
  muted: boolean
  selected: boolean
}

/** A group of conversations: public rooms, private rooms or direct messages. */
export interface SidebarSection {
  key: string
  title: string
  items: SidebarItem[]
}

/** What the sidebar shows. */
export interface SidebarSnapshot {
  me: { nickname: string, fingerprint: string }
  /** One line about connectivity, e.g. "Connected to 2 peers". */
  status: string
  online: boolean
  sections: SidebarSection[]
  joinName: string
  joining: boolean
  joinError?: string
}

/** What the sidebar can ask for. */
export interface SidebarActions {
  select(id: string): void
  setJoinName(value: string): void
  join(): void
}

/** The sidebar's view model. */
export type SidebarViewModel = ViewModel<SidebarSnapshot> & SidebarActions

/** Who I am, connectivity, the conversation list with unread badges, and joining a room. */
export function SidebarView ({ vm }: { vm: SidebarViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const onJoin = (e: Event): void => {
    e.preventDefault()
    vm.join()
  }
  return (
    <nav class='sidebar' aria-label='Conversations'>
      <header class='me'>
        <strong>{s.me.nickname}</strong>
        <code class='fingerprint' title='Your key fingerprint'>{s.me.fingerprint}</code>
        <span class={s.online ? 'status online' : 'status offline'} role='status'>{s.status}</span>
      </header>
      <form class='join' onSubmit={onJoin}>
        <input type='text' aria-label='Room name' placeholder='Join a room' value={s.joinName} onInput={e => { vm.setJoinName(e.currentTarget.value) }} disabled={s.joining} />
        <button type='submit' disabled={s.joining || s.joinName.trim() === ''}>Join</button>
        {s.joinError != null && <p class='error' role='alert'>{s.joinError}</p>}
      </form>
      {s.sections.map(section => (
        <section key={section.key} aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>{section.title}</h2>
          {section.items.length === 0
            ? <p class='empty'>None yet</p>
            : (
              <ul>
                {section.items.map(item => (
                  <li key={item.id}>
                    <button type='button' class='conversation' aria-current={item.selected ? 'page' : undefined} onClick={() => { vm.select(item.id) }}>
                      <span class='title'>{item.title}</span>
                      {item.muted && <span class='muted' aria-label='muted'>🔕</span>}
                      {item.unread > 0 && <span class='badge' aria-label={`${item.unread} unread`}>{item.unread > 99 ? '99+' : item.unread}</span>}
                    </button>
                  </li>
                ))}
              </ul>
              )}
        </section>
      ))}
    </nav>
  )
}
