/**
 * The composer's member list for `@nick`: a listbox under the message box while the draft ends
 * with `@prefix`. ArrowUp/ArrowDown move, Enter or Tab chooses, Escape closes; a click chooses.
 */
import { useViewModel } from '../view-model/use-view-model.js'
import { RemoteName } from './remote-text.js'
import type { ViewModel } from '../view-model/view-model.js'
import './mentions.css'

/** A member that can be mentioned. */
export interface MentionOption {
  id: string
  nickname: string
  fingerprint: string
}

export interface MentionPickerSnapshot {
  open: boolean
  options: MentionOption[]
  active: number
}

export interface MentionPickerActions {
  move(delta: number): void
  close(): void
  /** Chooses an option; resolves the new draft (undefined when nothing was open). */
  pick(index?: number): string | undefined
}

export type MentionPickerViewModel = ViewModel<MentionPickerSnapshot> & MentionPickerActions

export const MENTION_LIST_ID = 'mention-options'
export const mentionOptionId = (i: number): string => `mention-option-${i}`

/** Handles a key in the message box while the list is open; true when it did. */
export function mentionKey (vm: MentionPickerViewModel, e: KeyboardEvent, setDraft: (draft: string) => void): boolean {
  if (!vm.getSnapshot().open || e.isComposing) return false
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') vm.move(e.key === 'ArrowDown' ? 1 : -1)
  else if (e.key === 'Escape') vm.close()
  else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
    const draft = vm.pick()
    if (draft !== undefined) setDraft(draft)
  } else return false
  e.preventDefault()
  return true
}

/** The listbox (nothing while closed). */
export function MentionPickerView ({ vm, setDraft }: { vm: MentionPickerViewModel, setDraft: (draft: string) => void }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  if (!s.open) return null
  return (
    <ul id={MENTION_LIST_ID} class='mention-options' role='listbox' aria-label='Members to mention'>
      {s.options.map((o, i) => (
        <li key={o.id} id={mentionOptionId(i)} role='option' aria-selected={i === s.active}
          onMouseDown={(e) => { e.preventDefault(); const d = vm.pick(i); if (d !== undefined) setDraft(d) }}>
          @<RemoteName name={o.nickname} /> <code class='fingerprint'>{o.fingerprint}</code>
        </li>
      ))}
    </ul>
  )
}
