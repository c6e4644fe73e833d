import { BadgeCheck, Ban, BellOff, Check, Trash2 } from 'lucide'
import { Icon } from './icon.js'
import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'
import type { ComponentChildren } from 'preact'
import { RemoteName } from './remote-text.js'
import { showName } from './show-text.js'
import { ContactCardView, type ContactCardViewModel } from './contact-card-view.js'

/** One conversation in the sidebar. */
export interface SidebarItem {
  id: string
  title: string
  unread: number
  /** Unread messages mentioning this profile. */
  mentions?: number
  muted: boolean
  selected: boolean
  /** DMs: the contact is verified. */
  verified?: boolean
}

/** A group of conversations: public rooms, private rooms or direct messages. */
export interface SidebarSection {
  key: string
  title: string
  items: SidebarItem[]
}

/** An invitation to a private room, waiting to be accepted. */
export interface InviteEntry {
  conversationId: string
  name: string
  /** Who invited: nickname (never trusted) and fingerprint. */
  from: string
  fingerprint: string
}

/** A message request: a stranger's DMs, held until accepted. */
export interface RequestEntry {
  peerId: string
  /** Self-chosen and never trusted: shown with the fingerprint. */
  from: string
  fingerprint: string
  count: number
  preview: string
}

/** One of the sidebar's one-field forms: its value, whether it is at work, and its error. */
export interface FieldState {
  value: string
  busy: boolean
  error?: string
}

/** The passphrase form: the new passphrase typed twice, whether it is at work, and what came of it. */
export interface PassphraseForm {
  value: string
  confirm: string
  busy: boolean
  error?: string
  /** What the last change did, in words. */
  done?: string
}

/** What the sidebar shows. */
export interface SidebarSnapshot {
  /** My nickname and fingerprint, my peer id to give others so they can start a chat, and whether my profile is sealed under a passphrase. */
  me: { nickname: string, fingerprint: string, id: string, sealed?: boolean }
  /** Setting, changing or removing the passphrase (absent: not offered). */
  passphrase?: PassphraseForm
  /** One line about connectivity, e.g. "Connected to 2 peers". */
  status: string
  online: boolean
  sections: SidebarSection[]
  invites: InviteEntry[]
  /** The invitation being accepted. */
  accepting?: string
  inviteError?: string
  /** Message requests, the most recent first. */
  requests: RequestEntry[]
  /** The request being accepted, blocked or deleted. */
  answering?: string
  requestError?: string
  joinName: string
  joining: boolean
  joinError?: string
  /** Start a DM by peer id. */
  peer: FieldState
  /** Create a private room by name. */
  privateRoom: FieldState
  /** Connect to a peer by address (a bootstrap peer typed by the user). */
  peerAddress: FieldState
}

/** What the sidebar can ask for. */
export interface SidebarActions {
  select(id: string): void
  setJoinName(value: string): void
  join(): void
  setPeerId(value: string): void
  startDm(): void
  setPrivateRoomName(value: string): void
  createPrivateRoom(): void
  acceptInvite(conversationId: string): void
  acceptRequest(peerId: string): void
  blockRequest(peerId: string): void
  deleteRequest(peerId: string): void
  setPeerAddress(value: string): void
  connect(): void
  setNewPassphrase(value: string): void
  setNewPassphraseConfirm(value: string): void
  /** Seals the profile under the new passphrase (or changes it to that). */
  savePassphrase(): void
  /** Stores the profile in clear. */
  removePassphrase(): void
}

/** The sidebar's view model. */
export type SidebarViewModel = ViewModel<SidebarSnapshot> & SidebarActions

/** A text field and its button, submitting on Enter. */
function FieldForm ({ name, placeholder, button, state, onInput, onSubmit }: {
  name: string
  placeholder: string
  button: string
  state: FieldState
  onInput: (value: string) => void
  onSubmit: () => void
}): preact.JSX.Element {
  const submit = (e: Event): void => {
    e.preventDefault()
    onSubmit()
  }
  return (
    <form class='join' onSubmit={submit}>
      <input type='text' aria-label={name} placeholder={placeholder} value={state.value} onInput={e => { onInput(e.currentTarget.value) }} disabled={state.busy} />
      <button type='submit' disabled={state.busy || state.value.trim() === ''}>{button}</button>
      {state.error != null && <p class='error' role='alert'>{state.error}</p>}
    </form>
  )
}

/** Pending invitations to private rooms, each with Accept. */
function Invites ({ s, vm }: { s: SidebarSnapshot, vm: SidebarActions }): preact.JSX.Element | null {
  if (s.invites.length === 0 && s.inviteError == null) {
    return null
  }
  return (
    <section aria-labelledby='section-invites' class='invites'>
      <h2 id='section-invites'>Invitations</h2>
      {s.inviteError != null && <p class='error' role='alert'>{s.inviteError}</p>}
      <ul>
        {s.invites.map(i => (
          <li key={i.conversationId}>
            <span class='title'><RemoteName name={i.name} /></span>
            <span class='from'>from <RemoteName name={i.from} /> <code class='fingerprint'>{i.fingerprint}</code></span>
            <button type='button' aria-label={`Accept ${showName(i.name)}`} disabled={s.accepting != null} onClick={() => { vm.acceptInvite(i.conversationId) }}>Accept</button>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * Message requests, apart from the conversations: who wrote (nickname and fingerprint), how many
 * messages and the start of the latest, with Accept, Block and Delete.
 */
function Requests ({ s, vm }: { s: SidebarSnapshot, vm: SidebarActions }): preact.JSX.Element | null {
  if (s.requests.length === 0 && s.requestError == null) {
    return null
  }
  return (
    <section aria-labelledby='section-requests' class='requests'>
      <h2 id='section-requests'>Message requests</h2>
      {s.requestError != null && <p class='error' role='alert'>{s.requestError}</p>}
      <ul>
        {s.requests.map(r => (
          <li key={r.peerId}>
            <span class='title'><RemoteName name={r.from} /></span>
            <code class='fingerprint'>{r.fingerprint}</code>
            <span class='preview'><RemoteName name={r.preview} />{r.count > 1 ? ` (${r.count} messages)` : ''}</span>
            <span class='answers'>
              <button type='button' aria-label={`Accept ${showName(r.from)}`} disabled={s.answering != null} onClick={() => { vm.acceptRequest(r.peerId) }}><Icon icon={Check} /> Accept</button>
              <button type='button' aria-label={`Block ${showName(r.from)}`} disabled={s.answering != null} onClick={() => { vm.blockRequest(r.peerId) }}><Icon icon={Ban} /> Block</button>
              <button type='button' aria-label={`Delete ${showName(r.from)}`} disabled={s.answering != null} onClick={() => { vm.deleteRequest(r.peerId) }}><Icon icon={Trash2} /> Delete</button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Who I am, connectivity, invitations, message requests, the conversation list with unread badges, and ways to start one. */
export function SidebarView ({ vm, cards, onSearch, children }: { vm: SidebarViewModel, cards?: ContactCardViewModel, onSearch?: () => void, children?: ComponentChildren }): preact.JSX.Element {
  const s = useViewModel(vm)
  return (
    <nav class='sidebar' aria-label='Conversations'>
      <header class='me'>
        <strong>{s.me.nickname}</strong>
        <code class='fingerprint' title='Your key fingerprint'>{s.me.fingerprint}</code>
        <span class={s.online ? 'status online' : 'status offline'} role='status'>{s.status}</span>
      </header>
      {onSearch != null && <button type='button' class='search-open' aria-keyshortcuts='Control+K /' onClick={onSearch}>Search messages</button>}
      <FieldForm name='Room name' placeholder='Join a room' button='Join' state={{ value: s.joinName, busy: s.joining, error: s.joinError }}
        onInput={v => { vm.setJoinName(v) }} onSubmit={() => { vm.join() }} />
      {children}
      <Invites s={s} vm={vm} />
      <Requests s={s} vm={vm} />
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
                      <span class='title'><RemoteName name={item.title} /></span>
                      {item.verified === true && <span class='verified' role='img' aria-label='verified'><Icon icon={BadgeCheck} /></span>}
                      {item.muted && <span class='muted' role='img' aria-label='muted'><Icon icon={BellOff} /></span>}
                      {(item.mentions ?? 0) > 0 && <span class='badge mention-badge' aria-label={`${item.mentions ?? 0} mentioning you`}>@</span>}
                      {item.unread > 0 && <span class='badge' aria-label={`${item.unread} unread`}>{item.unread > 99 ? '99+' : item.unread}</span>}
                    </button>
                  </li>
                ))}
              </ul>
              )}
          {section.key === 'private-room' && (
            <FieldForm name='New private room' placeholder='Private room name' button='Create private room' state={s.privateRoom}
              onInput={v => { vm.setPrivateRoomName(v) }} onSubmit={() => { vm.createPrivateRoom() }} />
          )}
          {section.key === 'dm' && cards != null && <ContactCardView vm={cards} />}
          {section.key === 'dm' && (
            <FieldForm name='Peer ID' placeholder='Paste a peer ID' button='Start chat' state={s.peer}
              onInput={v => { vm.setPeerId(v) }} onSubmit={() => { vm.startDm() }} />
          )}
        </section>
      ))}
      <section aria-labelledby='section-network' class='network'>
        <h2 id='section-network'>Network</h2>
        <p class='my-id'>Your peer ID, for others to start a chat with you: <code aria-label='Your peer ID'>{s.me.id}</code></p>
        <FieldForm name='Peer address' placeholder='/ip4/…/tcp/…/ws/p2p/…' button='Connect' state={s.peerAddress}
          onInput={v => { vm.setPeerAddress(v) }} onSubmit={() => { vm.connect() }} />
      </section>
    </nav>
  )
}
