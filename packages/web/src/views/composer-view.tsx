import { X } from 'lucide'
import { Icon } from './icon.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { MentionPickerView, mentionKey, type MentionPickerViewModel } from './mention-picker-view.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the composer shows. */
export interface ComposerSnapshot {
  draft: string
  sending: boolean
  /** Nothing to send to (no conversation, or the draft cannot be sent). */
  disabled: boolean
  /** The message this one replies to. */
  replyTo?: { id: string, author: string, text: string }
  /** Editing one of my messages: sending replaces its text. */
  editing?: { id: string }
  error?: string
}

/** What the composer can ask for. */
export interface ComposerActions {
  setDraft(value: string): void
  send(): void
  /** Leaves reply or edit mode. */
  cancel(): void
  /** `@nick` completion (members of the conversation). */
  readonly mentions?: MentionPickerViewModel
}

/** The composer's view model. */
export type ComposerViewModel = ViewModel<ComposerSnapshot> & ComposerActions

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function ComposerView ({ vm }: { vm: ComposerViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const onSubmit = (e: Event): void => {
    e.preventDefault()
    vm.send()
  }
  const onKeyDown = (e: KeyboardEvent): void => {
    if (vm.mentions != null && mentionKey(vm.mentions, e, (d) => { vm.setDraft(d) })) return
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      vm.send()
    } else if (e.key === 'Escape' && (s.replyTo != null || s.editing != null)) {
      e.preventDefault()
      vm.cancel()
    }
  }
  return (
    <form class='composer' onSubmit={onSubmit}>
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      {(s.replyTo != null || s.editing != null) && (
        <p class='mode' role='status'>
          {s.editing != null ? 'Editing your message' : <>Replying to <strong>{s.replyTo?.author}</strong>: {s.replyTo?.text}</>}
          <button type='button' aria-label={s.editing != null ? 'Cancel edit' : 'Cancel reply'} onClick={() => { vm.cancel() }}><Icon icon={X} /></button>
        </p>
      )}
      {vm.mentions != null && <MentionPickerView vm={vm.mentions} setDraft={(d) => { vm.setDraft(d) }} />}
      <textarea aria-label='Message' placeholder='Write a message' rows={1} value={s.draft} disabled={s.disabled} onInput={e => { vm.setDraft(e.currentTarget.value) }} onKeyDown={onKeyDown} />
      <button type='submit' aria-label={s.editing != null ? 'Save edit' : 'Send'} disabled={s.disabled || s.sending || s.draft.trim() === ''}>{s.editing != null ? 'Save' : 'Send'}</button>
    </form>
  )
}
