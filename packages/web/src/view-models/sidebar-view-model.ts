import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, ConversationKind, ConversationSummary, Me, NetworkStatus } from '../app/chat-backend.js'
import type { SidebarSection, SidebarSnapshot, SidebarViewModel as SidebarVM } from '../views/sidebar-view.js'

const SECTIONS: ReadonlyArray<{ kind: ConversationKind, title: string }> = [
  { kind: 'public-room', title: 'Rooms' },
  { kind: 'private-room', title: 'Private rooms' },
  { kind: 'dm', title: 'Direct messages' }
]

/** The conversation list, grouped by kind with unread counts; joining a public room by name. */
export class SidebarViewModel extends BaseViewModel<SidebarSnapshot> implements SidebarVM {
  private readonly backend: ChatBackend
  private readonly onSelect: (conversation: ConversationSummary) => void
  private selected: string | undefined

  constructor (backend: ChatBackend, me: Me, onSelect: (conversation: ConversationSummary) => void) {
    super({
      me: { nickname: me.nickname, fingerprint: me.fingerprint },
      ...statusLine(backend.network()),
      sections: [],
      joinName: '',
      joining: false
    })
    this.backend = backend
    this.onSelect = onSelect
    this.refresh()
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'network') {
        this.update(statusLine(event.status))
      } else {
        this.refresh()
      }
    }))
  }

  select (id: string): void {
    const conversation = this.backend.conversations().find(c => c.id === id)
    if (conversation == null) {
      return
    }
    this.selected = id
    this.refresh()
    this.onSelect(conversation)
  }

  setJoinName (value: string): void {
    this.update({ joinName: value, joinError: undefined })
  }

  join (): void {
    const name = this.getSnapshot().joinName.trim()
    if (name === '' || this.getSnapshot().joining) {
      return
    }
    this.update({ joining: true, joinError: undefined })
    this.backend.joinRoom(name).then((room) => {
      this.update({ joining: false, joinName: '' })
      this.select(room.id)
    }, (err: unknown) => {
      this.update({ joining: false, joinError: errorText(err, `Joining ${name}`) })
    })
  }

  private refresh (): void {
    const all = this.backend.conversations()
    const sections: SidebarSection[] = SECTIONS.map(({ kind, title }) => ({
      key: kind,
      title,
      items: all.filter(c => c.kind === kind).map(c => ({
        id: c.id,
        title: c.title,
        // The open conversation is being read: its badge would only flicker.
        unread: c.id === this.selected ? 0 : c.unread,
        muted: c.muted,
        selected: c.id === this.selected
      }))
    }))
    this.update({ sections })
  }
}

function statusLine (status: NetworkStatus): Pick<SidebarSnapshot, 'status' | 'online'> {
  if (status.peers === 0) {
    return { status: 'Not connected', online: false }
  }
  return { status: `Connected to ${status.peers} ${status.peers === 1 ? 'peer' : 'peers'}`, online: true }
}
