import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, ConversationKind, ConversationSummary, Me, NetworkStatus } from '../app/chat-backend.js'
import type { FieldState, InviteEntry, RequestEntry, SidebarSection, SidebarSnapshot, SidebarViewModel as SidebarVM } from '../views/sidebar-view.js'

const SECTIONS: ReadonlyArray<{ kind: ConversationKind, title: string }> = [
  { kind: 'public-room', title: 'Rooms' },
  { kind: 'private-room', title: 'Private rooms' },
  { kind: 'dm', title: 'Direct messages' }
]

const IDLE: FieldState = { value: '', busy: false }

/**
 * The conversation list, grouped by kind with unread counts, and the ways to add to it: joining a
 * public room by name, starting a DM by peer id, creating a private room, accepting invitations,
 * answering message requests.
 */
export class SidebarViewModel extends BaseViewModel<SidebarSnapshot> implements SidebarVM {
  private readonly backend: ChatBackend
  private readonly onSelect: (conversation: ConversationSummary) => void
  private selected: string | undefined

  constructor (backend: ChatBackend, me: Me, onSelect: (conversation: ConversationSummary) => void) {
    super({
      me: { nickname: me.nickname, fingerprint: me.fingerprint, id: me.id, sealed: me.sealed },
      passphrase: { value: '', confirm: '', busy: false },
      ...statusLine(backend.network()),
      sections: [],
      invites: [],
      requests: [],
      joinName: '',
      joining: false,
      peer: IDLE,
      privateRoom: IDLE,
      peerAddress: IDLE
    })
    this.backend = backend
    this.onSelect = onSelect
    this.refresh()
    this.refreshInvites()
    this.refreshRequests()
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'network') {
        this.update(statusLine(event.status))
      } else if (event.type === 'invites') {
        this.refreshInvites()
      } else if (event.type === 'requests') {
        this.refreshRequests()
      } else if (event.type === 'conversations' || event.type === 'message') {
        this.refresh()
      }
    }))
  }

  select (id: string): void {
    const conversation = this.backend.conversations().find(c => c.id === id)
    if (conversation != null) {
      this.open(conversation)
    }
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
      this.open(room)
    }, (err: unknown) => {
      this.update({ joining: false, joinError: errorText(err, `Joining ${name}`) })
    })
  }

  setNewPassphrase (value: string): void {
    this.update({ passphrase: { ...this.form(), value, error: undefined, done: undefined } })
  }

  setNewPassphraseConfirm (value: string): void {
    this.update({ passphrase: { ...this.form(), confirm: value, error: undefined, done: undefined } })
  }

  savePassphrase (): void {
    const { value, confirm, busy } = this.form()
    if (busy) return
    if (value === '') {
      this.update({ passphrase: { ...this.form(), error: 'Type the new passphrase.' } })
      return
    }
    if (value !== confirm) {
      this.update({ passphrase: { ...this.form(), error: 'The two passphrases differ.' } })
      return
    }
    this.changePassphrase(value, this.getSnapshot().me.sealed === true ? 'The passphrase is changed.' : 'The profile is sealed under your passphrase.')
  }

  removePassphrase (): void {
    if (this.form().busy) return
    this.changePassphrase(undefined, 'The passphrase is removed: this profile is stored unencrypted in this browser.')
  }

  /** My nickname changed (Settings). */
  updateMe (me: Me): void {
    this.update({ me: { ...this.getSnapshot().me, nickname: me.nickname, sealed: me.sealed } })
  }

  private form (): NonNullable<SidebarSnapshot['passphrase']> {
    return this.getSnapshot().passphrase ?? { value: '', confirm: '', busy: false }
  }

  private changePassphrase (passphrase: string | undefined, done: string): void {
    this.update({ passphrase: { ...this.form(), busy: true, error: undefined, done: undefined } })
    this.backend.setPassphrase(passphrase).then((me) => {
      this.update({ me: { ...this.getSnapshot().me, sealed: me.sealed }, passphrase: { value: '', confirm: '', busy: false, done } })
    }, (err: unknown) => {
      this.update({ passphrase: { ...this.form(), busy: false, error: errorText(err, 'Changing the passphrase') } })
    })
  }

  setPeerId (value: string): void {
    this.update({ peer: { value, busy: false } })
  }

  startDm (): void {
    this.submit('peer', 'Starting the chat', id => this.backend.startDm(id))
  }

  setPrivateRoomName (value: string): void {
    this.update({ privateRoom: { value, busy: false } })
  }

  createPrivateRoom (): void {
    this.submit('privateRoom', 'Creating the room', name => this.backend.createPrivateRoom(name))
  }

  acceptInvite (conversationId: string): void {
    if (this.getSnapshot().accepting != null) {
      return
    }
    this.update({ accepting: conversationId, inviteError: undefined })
    this.backend.acceptInvite(conversationId).then((room) => {
      this.update({ accepting: undefined })
      this.refreshInvites()
      this.open(room)
    }, (err: unknown) => {
      this.update({ accepting: undefined, inviteError: errorText(err, 'Accepting the invitation') })
    })
  }

  /** Accepts a message request: the requester becomes a contact and its DM opens with what it sent. */
  acceptRequest (peerId: string): void {
    this.answer(peerId, 'Accepting the request', async () => {
      this.open(await this.backend.acceptRequest(peerId))
    })
  }

  /** Blocks the requester: the request and its messages are dropped, and later ones refused. */
  blockRequest (peerId: string): void {
    this.answer(peerId, 'Blocking', async () => { await this.backend.setBlocked(peerId, true) })
  }

  /** Deletes the request and its messages; the requester is not told. */
  deleteRequest (peerId: string): void {
    this.answer(peerId, 'Deleting the request', async () => { await this.backend.deleteRequest(peerId) })
  }

  private answer (peerId: string, doing: string, act: () => Promise<void>): void {
    if (this.getSnapshot().answering != null) {
      return
    }
    this.update({ answering: peerId, requestError: undefined })
    act().then(() => {
      this.update({ answering: undefined })
      this.refreshRequests()
    }, (err: unknown) => {
      this.update({ answering: undefined, requestError: errorText(err, doing) })
    })
  }

  setPeerAddress (value: string): void {
    this.update({ peerAddress: { value, busy: false } })
  }

  /** Adds a peer address typed by the user as a bootstrap peer; the peer keeps it connected. */
  connect (): void {
    const value = this.getSnapshot().peerAddress.value.trim()
    if (value === '') {
      return
    }
    try {
      this.backend.addPeer(value)
      this.update({ peerAddress: IDLE })
    } catch (err) {
      this.update({ peerAddress: { value, busy: false, error: errorText(err, 'Adding the peer') } })
    }
  }

  /** Runs one of the one-field forms: trims its value, creates the conversation, opens it. */
  private submit (field: 'peer' | 'privateRoom', doing: string, create: (value: string) => Promise<ConversationSummary>): void {
    const state = this.getSnapshot()[field]
    const value = state.value.trim()
    if (value === '' || state.busy) {
      return
    }
    this.update({ [field]: { value: state.value, busy: true } })
    create(value).then((conversation) => {
      this.update({ [field]: IDLE })
      this.open(conversation)
    }, (err: unknown) => {
      this.update({ [field]: { value: state.value, busy: false, error: errorText(err, doing) } })
    })
  }

  /** Selects `conversation` (which the backend may not list yet) and tells the app to open it. */
  private open (conversation: ConversationSummary): void {
    this.selected = conversation.id
    this.refresh()
    this.onSelect(conversation)
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
        ...(c.id !== this.selected && (c.mentions ?? 0) > 0 ? { mentions: c.mentions } : {}),
        muted: c.muted,
        selected: c.id === this.selected,
        ...(c.kind === 'dm' ? { verified: c.verified === true } : {})
      }))
    }))
    this.update({ sections })
  }

  private refreshInvites (): void {
    const invites: InviteEntry[] = this.backend.invites().map(i => ({
      conversationId: i.conversationId,
      name: i.name,
      from: i.from.nickname,
      fingerprint: i.from.fingerprint
    }))
    this.update({ invites })
  }

  private refreshRequests (): void {
    this.update({ requests: this.backend.requests().map(requestEntry) })
  }
}

function requestEntry (r: { peerId: string, nickname: string, fingerprint: string, count: number, preview: string }): RequestEntry {
  return { peerId: r.peerId, from: r.nickname === '' ? `${r.peerId.slice(0, 8)}…` : r.nickname, fingerprint: r.fingerprint, count: r.count, preview: r.preview }
}

function statusLine (status: NetworkStatus): Pick<SidebarSnapshot, 'status' | 'online'> {
  if (status.peers === 0) {
    return { status: 'Not connected', online: false }
  }
  return { status: `Connected to ${status.peers} ${status.peers === 1 ? 'peer' : 'peers'}`, online: true }
}
