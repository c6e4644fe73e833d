import { MAX_TEXT_BYTES } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend } from '../app/chat-backend.js'
import type { ComposerSnapshot, ComposerViewModel as ComposerVM } from '../views/composer-view.js'

const encoder = new TextEncoder()

/** The draft of one conversation and sending it. */
export class ComposerViewModel extends BaseViewModel<ComposerSnapshot> implements ComposerVM {
  private readonly backend: ChatBackend
  private readonly conversationId: string

  constructor (backend: ChatBackend, conversationId: string) {
    super({ draft: '', sending: false, disabled: false })
    this.backend = backend
    this.conversationId = conversationId
  }

  setDraft (value: string): void {
    this.update({ draft: value, error: undefined })
  }

  send (): void {
    const s = this.getSnapshot()
    const text = s.draft.trim()
    if (text === '' || s.sending) {
      return
    }
    if (encoder.encode(text).length > MAX_TEXT_BYTES) {
      this.update({ error: `A message holds at most ${MAX_TEXT_BYTES / 1024} KiB of text.` })
      return
    }
    this.update({ sending: true, error: undefined })
    this.backend.send(this.conversationId, text).then(() => {
      // Keep whatever was typed while the message was on its way.
      const draft = this.getSnapshot().draft === s.draft ? '' : this.getSnapshot().draft
      this.update({ sending: false, draft })
    }, (err: unknown) => {
      this.update({ sending: false, error: errorText(err, 'Sending') })
    })
  }
}
