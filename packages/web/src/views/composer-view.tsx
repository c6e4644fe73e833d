import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** What the composer shows. */
export interface ComposerSnapshot {
  draft: string
  sending: boolean
  /** Nothing to send to (no conversation, or the draft cannot be sent). */
  disabled: boolean
  error?: string
}

/** What the composer can ask for. */
export interface ComposerActions {
  setDraft(value: string): void
  send(): void
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
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      vm.send()
    }
  }
  return (
    <form class='composer' onSubmit={onSubmit}>
      {s.error != null && <p class='error' role='alert'>{s.error}</p>}
      <textarea aria-label='Message' placeholder='Write a message' rows={1} value={s.draft} disabled={s.disabled} onInput={e => { vm.setDraft(e.currentTarget.value) }} onKeyDown={onKeyDown} />
      <button type='submit' disabled={s.disabled || s.sending || s.draft.trim() === ''}>Send</button>
    </form>
  )
}
