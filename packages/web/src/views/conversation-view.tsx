import { ArrowLeft, BadgeCheck, BellOff } from 'lucide'
import { Icon } from './icon.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { ComposerView } from './composer-view.js'
import { MemberListView } from './member-list-view.js'
import { TimelineView } from './timeline-view.js'
import { VerificationView } from './verification-view.js'
import { useCallback, useEffect, useRef } from 'preact/hooks'
import { MemberMenu } from './member-menu.js'
import { MessageMenu } from './message-menu.js'
import { RoomHeaderView } from './room-header-view.js'
import type { RoomModerationViewModel } from './community-types.js'
import type { TimelineEntry } from './timeline-view.js'
import type { MemberEntry } from './conversation-header-types.js'
import { ExportView, type ExportViewModel } from './export-view.js'
import { GapView, type GapViewModel } from './gap-view.js'
import type { ComposerViewModel } from './composer-view.js'
import type { TimelineViewModel } from './timeline-view.js'

export type {
  ContactChoice, ConversationHeaderActions, ConversationHeaderSnapshot, ConversationHeaderViewModel, MemberEntry, VerificationState
} from './conversation-header-types.js'
import type { ContactChoice, ConversationHeaderActions, ConversationHeaderViewModel } from './conversation-header-types.js'
import { RemoteName } from './remote-text.js'
import { showName } from './show-text.js'
import { AttachView, transferFiles } from './attach-view.js'
import { FilesContext, type FilesViewModel } from './file-types.js'
import { CallButtons, type CallViewModelPort } from './call-view.js'

/** What the open conversation consists of. */
export interface OpenConversation {
  id: string
  title: string
  header: ConversationHeaderViewModel
  timeline: TimelineViewModel
  composer: ComposerViewModel
  /** Public rooms: the owned room's header, menus and dialogs (nothing shows for an open room). */
  community?: RoomModerationViewModel
  /** "Export" in the conversation's menu (when the app can export). */
  exporter?: ExportViewModel
  /** Where messages of this conversation are known to be lost. */
  gaps?: GapViewModel
  /** Sending and fetching files (when the app can). */
  files?: FilesViewModel
  /** DMs: "Call" and "Video call" (when the app can call). */
  call?: CallViewModelPort
}

/**
 * The open conversation: a header (a way back to the list on phones, mute, verification for DMs,
 * members for rooms), its timeline and the composer.
 */
export function ConversationView ({ conversation, onBack }: { conversation: OpenConversation, onBack: () => void }): preact.JSX.Element {
  const vm = conversation.header
  const s = useViewModel(vm)
  const community = conversation.community
  const messageMenu = useCallback((e: TimelineEntry) => community == null ? <></> : <MessageMenu vm={community} entry={e} />, [community])
  const memberMenu = (m: MemberEntry): preact.JSX.Element => community == null ? <></> : <MemberMenu vm={community} member={m} />
  const files = conversation.files
  const main = useRef<HTMLElement>(null)
  useEffect(() => {
    // Opened from a control that went away (an accepted request or invitation): focus goes on to
    // the message box rather than back to the start of the page.
    if (document.activeElement == null || document.activeElement === document.body) main.current?.querySelector<HTMLElement>('textarea')?.focus()
  }, [conversation.id])
  // Files dropped on the conversation or pasted into it (images from the clipboard) are sent.
  const onDrop = (e: DragEvent): void => {
    if (files == null || transferFiles(e.dataTransfer).length === 0) return
    e.preventDefault()
    files.attach(transferFiles(e.dataTransfer))
  }
  const onDragOver = (e: DragEvent): void => { if (files != null && e.dataTransfer?.types.includes('Files') === true) e.preventDefault() }
  const onPaste = (e: ClipboardEvent): void => {
    const pasted = transferFiles(e.clipboardData)
    if (files == null || pasted.length === 0) return
    e.preventDefault()
    files.attach(pasted)
  }
  return (
    <FilesContext.Provider value={files}>
    <main class='conversation' ref={main} aria-labelledby='conversation-title' onDrop={onDrop} onDragOver={onDragOver} onPaste={onPaste}>
      <header class='conversation-header'>
        <button type='button' class='back' aria-label='Back to conversations' onClick={onBack}><Icon icon={ArrowLeft} /></button>
        <h1 id='conversation-title'><RemoteName name={s.title} /></h1>
        {s.kind === 'dm' && s.verified && <span class='verified' title='Safety number verified'><Icon icon={BadgeCheck} /> verified</span>}
        {s.muted && <span class='muted' role='img' aria-label='muted'><Icon icon={BellOff} /></span>}
        <span class='header-actions'>
          {s.kind === 'dm'
            ? <button type='button' onClick={() => { vm.openVerification() }}>Verify</button>
            : <button type='button' aria-expanded={s.membersOpen} aria-controls='members' onClick={() => { vm.toggleMembers() }}>Members</button>}
          {s.kind === 'dm' && conversation.call != null && <CallButtons vm={conversation.call} conversationId={conversation.id} />}
          {s.kind === 'private-room' && <button type='button' aria-expanded={s.inviting != null} onClick={() => { if (s.inviting == null) { vm.openInvite() } else { vm.closeInvite() } }}>Add people</button>}
          <button type='button' onClick={() => { vm.toggleMute() }}>{s.muted ? 'Unmute' : 'Mute'}</button>
          {conversation.exporter != null && <ExportView vm={conversation.exporter} />}
        </span>
      </header>
      {community != null && <RoomHeaderView vm={community} />}
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {s.notice != null && <p class='notice' role='status'>{s.notice}</p>}
      {s.inviting != null && <InvitePicker contacts={s.inviting} vm={vm} />}
      {s.kind !== 'dm' && s.membersOpen && <MemberListView members={s.members} onMessage={(id) => { vm.messageMember(id) }} menu={memberMenu} />}
      {conversation.gaps != null && <GapView vm={conversation.gaps} />}
      <TimelineView key={`t-${conversation.id}`} vm={conversation.timeline} messageMenu={community == null ? undefined : messageMenu} />
      {files != null && <AttachView key={`a-${conversation.id}`} vm={files} />}
      <ComposerView key={`c-${conversation.id}`} vm={conversation.composer} />
      {s.verification != null && <VerificationView title={showName(s.title)} state={s.verification} vm={vm} />}
    </main>
    </FilesContext.Provider>
  )
}

/** Private rooms: pick a contact to invite. */
function InvitePicker ({ contacts, vm }: { contacts: ContactChoice[], vm: ConversationHeaderActions }): preact.JSX.Element {
  return (
    <section class='panel invite-picker' aria-labelledby='invite-title'>
      <h2 id='invite-title'>Invite a contact</h2>
      {contacts.length === 0
        ? <p class='empty'>No contacts to invite yet: start a chat with someone first.</p>
        : (
          <ul>
            {contacts.map(c => (
              <li key={c.id}>
                <span class='nickname'><RemoteName name={c.nickname} /></span>
                <code class='fingerprint'>{c.fingerprint}</code>
                <button type='button' aria-label={`Invite ${showName(c.nickname)}`} onClick={() => { vm.invite(c.id) }}>Invite</button>
              </li>
            ))}
          </ul>
          )}
      <button type='button' onClick={() => { vm.closeInvite() }}>Close</button>
    </section>
  )
}
