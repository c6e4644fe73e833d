import { MAX_TEXT_BYTES, TYPING_NOTICE_EVERY_MS } from '../app/constants.js'
import { errorText } from '../app/error-text.js'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend } from '../app/chat-backend.js'
import { MentionPicker } from './mention-picker.js'
import type { ComposerSnapshot, ComposerViewModel as ComposerVM } from '../views/composer-view.js'
import type { TimelineEntry } from '../views/timeline-view.js'

const encoder = new TextEncoder()

/** Options of {@link ComposerViewModel}. */
export interface ComposerOptions {
  /** Tell the other side when the user types (DMs). */
  typingNotices?: boolean
  /** The clock, for throttling typing notices (tests). */
  now?: () => number
}

/** The draft of one conversation: sending it, as a reply or as an edit of an earlier message. */
export class ComposerViewModel extends BaseViewModel<ComposerSnapshot> implements ComposerVM {
  private readonly backend: ChatBackend
  private readonly conversationId: string
  private readonly typingNotices: boolean
  private readonly now: () => number
  private lastTypingNotice = Number.NEGATIVE_INFINITY
  /** The draft put aside when an edit started, restored when it ends. */
  private asideDraft = ''

  constructor (backend: ChatBackend, conversationId: string, options: ComposerOptions = {}) {
    super({ draft: '', sending: false, disabled: false })
    this.backend = backend
    this.conversationId = conversationId
    this.typingNotices = options.typingNotices === true
    this.now = options.now ?? Date.now
    this.mentions = new MentionPicker(backend, conversationId)
    this.onDispose(() => { this.mentions.dispose() })
  }

  /** `@nick` completion: the members offered, and the keys chosen for the draft. */
  readonly mentions: MentionPicker

  setDraft (value: string): void {
    this.update({ draft: value, error: undefined })
    this.mentions.onDraft(value)
    if (this.typingNotices && value.trim() !== '' && this.getSnapshot().editing == null && this.now() - this.lastTypingNotice >= TYPING_NOTICE_EVERY_MS) {
      this.lastTypingNotice = this.now()
      this.backend.typing(this.conversationId)
    }
  }

  /** The next message replies to `entry`. */
  startReply (entry: TimelineEntry): void {
    this.endEdit()
    this.update({ replyTo: { id: entry.id, author: entry.author, text: entry.text }, error: undefined })
  }

  /** The draft becomes `entry`'s text; sending replaces it. */
  startEdit (entry: TimelineEntry): void {
    if (this.getSnapshot().editing == null) {
      this.asideDraft = this.getSnapshot().draft
    }
    this.update({ editing: { id: entry.id }, replyTo: undefined, draft: entry.text, error: undefined })
  }

  cancel (): void {
    this.endEdit()
    this.update({ replyTo: undefined, error: undefined })
  }

  private endEdit (): void {
    if (this.getSnapshot().editing != null) {
      this.update({ editing: undefined, draft: this.asideDraft })
      this.asideDraft = ''
    }
  }

  /** The `mentions` option of a send: the keys chosen for what the text still names. */
  private mentionsOf (text: string): { mentions?: string[] } {
    const mentions = this.mentions.take(text)
    return mentions.length > 0 ? { mentions } : {}
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
    const done = s.editing != null
      ? this.backend.edit(this.conversationId, s.editing.id, text)
      : this.backend.send(this.conversationId, text, { ...(s.replyTo == null ? {} : { replyTo: s.replyTo.id }), ...this.mentionsOf(text) })
    done.then(() => {
      // Keep whatever was typed while the message was on its way; typing on at the end of the box
      // (Enter, then the next message at once) keeps only the new text, not the sent one before it.
      const now = this.getSnapshot().draft
      const typed = now === s.draft ? undefined : now.startsWith(s.draft) ? now.slice(s.draft.length) : now
      if (s.editing != null) {
        this.update({ sending: false, editing: undefined, draft: typed ?? this.asideDraft })
        this.asideDraft = ''
      } else {
        // The contact stops showing "typing" when the message arrives: typing again must say so at once.
        this.lastTypingNotice = Number.NEGATIVE_INFINITY
        this.update({ sending: false, replyTo: undefined, draft: typed ?? '' })
      }
    }, (err: unknown) => {
      this.update({ sending: false, error: errorText(err, s.editing != null ? 'Editing' : 'Sending') })
    })
  }
}
