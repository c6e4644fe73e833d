import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, ConversationSummary } from '../app/chat-backend.js'
import type { ConversationHeaderSnapshot, ConversationHeaderViewModel as HeaderVM, VerificationState } from '../views/conversation-header-types.js'

/** What a scanned code that is a safety number, but not ours with `title`, means (after Signal's wording). */
function mismatchText (title: string): string {
  return `This code does not match your safety number with ${title}. You may be scanning someone else's code, or the key you have for ${title} is not theirs: do not mark them verified.`
}

/**
 * The open conversation's header: its title and state (muted, verified), and the panels it opens:
 * the member list (rooms), the verification dialog (DMs: safety number, QR code, verify, block),
 * and inviting a contact (private rooms).
 */
export class ConversationHeaderViewModel extends BaseViewModel<ConversationHeaderSnapshot> implements HeaderVM {
  private readonly backend: ChatBackend
  private readonly id: string
  private readonly onOpen: (conversation: ConversationSummary) => void

  constructor (backend: ChatBackend, conversation: ConversationSummary, onOpen: (conversation: ConversationSummary) => void) {
    super({ title: conversation.title, kind: conversation.kind, muted: conversation.muted, verified: conversation.verified === true, membersOpen: false })
    this.backend = backend
    this.id = conversation.id
    this.onOpen = onOpen
    this.onDispose(backend.subscribe((event) => {
      if (event.type === 'conversations') {
        const c = backend.conversations().find(x => x.id === this.id)
        if (c != null) {
          this.update({ title: c.title, muted: c.muted, verified: c.verified === true })
        }
      } else if (event.type === 'members' && event.conversationId === this.id && this.getSnapshot().membersOpen) {
        this.loadMembers()
      } else if (event.type === 'contacts') {
        this.refreshContacts()
      }
    }))
  }

  /** Keeps the invite picker and the verification dialog in step with the contact list. */
  private refreshContacts (): void {
    const s = this.getSnapshot()
    if (s.inviting != null) {
      this.openInvite()
    }
    const contact = this.backend.contacts().find(c => c.id === this.peerId)
    if (s.verification != null && contact != null) {
      this.update({ verification: { ...s.verification, blocked: contact.blocked, verified: s.verification.verified || contact.verified } })
    }
  }

  private get peerId (): string | undefined {
    return this.backend.conversations().find(c => c.id === this.id)?.peerId
  }

  private run (done: Promise<unknown>, what: string): void {
    this.update({ error: undefined })
    done.catch((err: unknown) => { this.update({ error: errorText(err, what) }) })
  }

  toggleMute (): void {
    this.run(this.backend.setMuted(this.id, !this.getSnapshot().muted), 'Muting')
  }

  toggleMembers (): void {
    if (this.getSnapshot().membersOpen) {
      this.update({ membersOpen: false, members: undefined })
      return
    }
    this.update({ membersOpen: true })
    this.loadMembers()
  }

  private loadMembers (): void {
    this.backend.members(this.id).then((members) => {
      if (this.getSnapshot().membersOpen) {
        this.update({ members: members.map(m => ({ id: m.id, nickname: m.nickname, fingerprint: m.fingerprint, self: m.self })) })
      }
    }, (err: unknown) => { this.update({ error: errorText(err, 'Loading members') }) })
  }

  messageMember (id: string): void {
    this.run(this.backend.startDm(id).then((dm) => { this.onOpen(dm) }), 'Starting a chat')
  }

  openVerification (): void {
    const peer = this.peerId
    if (peer == null) {
      return
    }
    const blocked = this.backend.contacts().find(c => c.id === peer)?.blocked === true
    this.run(this.backend.safetyNumber(peer).then((n) => {
      this.update({ verification: { groups: n.groups, qr: n.qr, verified: n.verified, blocked, scanning: false } })
    }), 'Computing the safety number')
  }

  closeVerification (): void {
    this.update({ verification: undefined })
  }

  markVerified (): void {
    const peer = this.peerId
    const v = this.getSnapshot().verification
    if (peer == null || v == null) {
      return
    }
    this.run(this.backend.verify(peer).then(() => {
      const now = this.getSnapshot().verification
      this.update({ verified: true, ...(now == null ? {} : { verification: { ...now, verified: true } }) })
    }), 'Verifying')
  }

  startScan (): void {
    this.patchVerification({ scanning: true, scan: undefined })
  }

  cancelScan (): void {
    this.patchVerification({ scanning: false })
  }

  /** Compares the scanned code; a match marks the contact verified, as "Mark as verified" does. */
  scanned (code: string): void {
    const peer = this.peerId
    if (peer == null || this.getSnapshot().verification == null) {
      return
    }
    this.patchVerification({ scanning: false })
    const title = this.getSnapshot().title
    this.backend.verifyScanned(peer, code).then((verdict) => {
      if (verdict === 'match') {
        this.update({ verified: true })
        this.patchVerification({ verified: true, scan: { outcome: 'match', message: `The codes match: ${title} is verified.` } })
      } else {
        this.patchVerification({ scan: { outcome: 'mismatch', message: mismatchText(title) } })
      }
    }, (err: unknown) => {
      this.patchVerification({ scan: { outcome: 'error', message: errorText(err, 'Checking the code') } })
    })
  }

  scanFailed (error: Error): void {
    this.patchVerification({ scanning: false, scan: { outcome: 'error', message: errorText(error, 'Scanning') } })
  }

  /** Changes the open verification dialog's state; nothing when it was closed meanwhile. */
  private patchVerification (patch: Partial<VerificationState>): void {
    const now = this.getSnapshot().verification
    if (now != null) {
      this.update({ verification: { ...now, ...patch } })
    }
  }

  setBlocked (blocked: boolean): void {
    const peer = this.peerId
    if (peer == null) {
      return
    }
    this.run(this.backend.setBlocked(peer, blocked).then(() => {
      const now = this.getSnapshot().verification
      if (now != null) {
        this.update({ verification: { ...now, blocked } })
      }
    }), blocked ? 'Blocking' : 'Unblocking')
  }

  openInvite (): void {
    this.update({
      inviting: this.backend.contacts().filter(c => !c.blocked).map(c => ({ id: c.id, nickname: c.nickname, fingerprint: c.fingerprint }))
    })
  }

  closeInvite (): void {
    this.update({ inviting: undefined })
  }

  invite (peerId: string): void {
    this.run(this.backend.invite(this.id, peerId).then(() => {
      this.update({ inviting: undefined, notice: 'Invitation sent' })
    }), 'Inviting')
  }
}
