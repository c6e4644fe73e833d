import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, ConversationSummary } from '../app/chat-backend.js'
import type { AddState, ContactCardSnapshot, ContactCardViewModel as CardVM, ShareState } from '../views/contact-card-view.js'

/** Options of {@link ContactCardViewModel}. */
export interface ContactCardInit {
  /** Opens the DM of a contact just added. */
  onOpen: (conversation: ConversationSummary) => void
  /** Puts text on the clipboard (the app: `navigator.clipboard.writeText`). */
  copy?: (text: string) => Promise<void>
}

const CLOSED_ADD: AddState = { value: '', busy: false, scanning: false }

/** What "Add contact" says about text that is neither a card link nor a peer address. */
const NOT_A_CARD = 'That is neither a Parley contact link (parley:card/…) nor a peer address (/ip4/…/p2p/12D3KooW…).'

/** Why adding failed, in words; `InvalidPeerAddressError` here means "not a card either". */
function addErrorText (err: unknown): string {
  return err instanceof Error && err.name === 'InvalidPeerAddressError' ? NOT_A_CARD : errorText(err, 'Adding the contact')
}

/**
 * Meeting someone: "Share my contact" shows this profile's signed card as a QR code and a link
 * to copy; "Add contact" takes a pasted card link or peer address, or a card scanned with the
 * camera, adds the contact and opens the DM. What is pasted or scanned is hostile text: the
 * backend parses it and rejects it with typed errors, shown here as sentences.
 */
export class ContactCardViewModel extends BaseViewModel<ContactCardSnapshot> implements CardVM {
  private readonly backend: ChatBackend
  private readonly init: ContactCardInit

  constructor (backend: ChatBackend, init: ContactCardInit) {
    super({})
    this.backend = backend
    this.init = init
  }

  openShare (): void {
    this.update({ share: { copied: false }, add: undefined })
    this.backend.myCard().then((card) => {
      this.patchShare({ link: card.link, expires: new Date(card.expiresAt).toLocaleDateString(undefined, { dateStyle: 'medium' }) })
    }, (err: unknown) => {
      this.patchShare({ error: errorText(err, 'Making your card') })
    })
  }

  closeShare (): void {
    this.update({ share: undefined })
  }

  copyLink (): void {
    const link = this.getSnapshot().share?.link
    const copy = this.init.copy
    if (link == null) {
      return
    }
    if (copy == null) {
      this.patchShare({ error: 'This browser cannot copy here: select the link and copy it.' })
      return
    }
    this.patchShare({ copied: false, error: undefined })
    copy(link).then(() => { this.patchShare({ copied: true }) }, (err: unknown) => {
      this.patchShare({ error: errorText(err, 'Copying') })
    })
  }

  openAdd (): void {
    this.update({ add: CLOSED_ADD, share: undefined })
  }

  closeAdd (): void {
    this.update({ add: undefined })
  }

  setValue (value: string): void {
    this.patchAdd({ value, error: undefined })
  }

  submit (): void {
    this.add(this.getSnapshot().add?.value ?? '')
  }

  startScan (): void {
    this.patchAdd({ scanning: true, error: undefined })
  }

  cancelScan (): void {
    this.patchAdd({ scanning: false })
  }

  scanned (text: string): void {
    this.patchAdd({ scanning: false })
    this.add(text)
  }

  scanFailed (error: Error): void {
    this.patchAdd({ scanning: false, error: errorText(error, 'Scanning') })
  }

  private add (text: string): void {
    const add = this.getSnapshot().add
    const value = text.trim()
    if (add == null || add.busy || value === '') {
      return
    }
    this.patchAdd({ busy: true, error: undefined })
    this.backend.addContact(value).then((conversation) => {
      this.update({ add: undefined })
      this.init.onOpen(conversation)
    }, (err: unknown) => {
      this.patchAdd({ busy: false, error: addErrorText(err) })
    })
  }

  private patchShare (patch: Partial<ShareState>): void {
    const share = this.getSnapshot().share
    if (share != null) {
      this.update({ share: { ...share, ...patch } })
    }
  }

  private patchAdd (patch: Partial<AddState>): void {
    const add = this.getSnapshot().add
    if (add != null) {
      this.update({ add: { ...add, ...patch } })
    }
  }
}
