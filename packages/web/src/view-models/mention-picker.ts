import { isDisplaySafe } from '@parley/node'
import { BaseViewModel } from '../view-model/view-model.js'
import type { ChatBackend, MemberInfo } from '../app/chat-backend.js'
import type { MentionPickerSnapshot, MentionPickerViewModel as PickerVM } from '../views/mention-picker-view.js'

/** Most members offered at once. */
const MAX_OPTIONS = 8
/** Most mentions one message carries (the peer's MAX_MENTIONS). */
const MAX_MENTIONS = 32

/** The `@prefix` the draft ends with (no spaces in it), or undefined. */
function mentionPrefix (draft: string): string | undefined {
  return /(?:^|\s)@([^\s@]*)$/.exec(draft)?.[1]
}

/** Whether `token` stands in `text` as a word. */
function holds (text: string, token: string): boolean {
  let at = text.indexOf(token)
  while (at >= 0) {
    const next = text[at + token.length]
    if (next === undefined || !/[\p{L}\p{N}_-]/u.test(next)) return true
    at = text.indexOf(token, at + 1)
  }
  return false
}

/**
 * `@nick` completion in the web composer: while the draft ends with `@prefix`, the members of the
 * conversation whose nickname starts with it are offered (with their short fingerprints, so two
 * people using one nickname are told apart); choosing one writes `@nick ` and records that member's
 * key, which the message then carries. Only recorded keys notify: typing `@nick` by hand does not.
 */
export class MentionPicker extends BaseViewModel<MentionPickerSnapshot> implements PickerVM {
  private readonly backend: ChatBackend
  private readonly conversationId: string
  private members: MemberInfo[] | undefined
  private loading: Promise<void> | undefined
  private draft = ''
  /** `@nick` → the chosen member's peer id. */
  private readonly chosen = new Map<string, string>()

  constructor (backend: ChatBackend, conversationId: string) {
    super({ open: false, options: [], active: 0 })
    this.backend = backend
    this.conversationId = conversationId
  }

  /** The draft changed: offer the members matching its trailing `@prefix`, if any. */
  onDraft (draft: string): void {
    const was = mentionPrefix(this.draft)
    this.draft = draft
    const prefix = mentionPrefix(draft)
    // Members are read afresh for each new `@`: who is in the room changes.
    if (was === undefined && prefix !== undefined && this.loading === undefined) this.members = undefined
    if (prefix === undefined) {
      if (this.getSnapshot().open) this.update({ open: false, options: [], active: 0 })
      return
    }
    if (this.members === undefined) {
      this.loading ??= this.backend.members(this.conversationId).then((members) => { this.members = members }, () => { this.members = [] }).finally(() => { this.loading = undefined })
      void this.loading.then(() => { if (!this.isDisposed && this.draft === draft) this.onDraft(draft) })
      return
    }
    const lower = prefix.toLowerCase()
    const options = this.members.filter((m) => !m.self && isDisplaySafe(m.nickname) && !/\s/.test(m.nickname) && m.nickname.toLowerCase().startsWith(lower)).slice(0, MAX_OPTIONS)
      .map((m) => ({ id: m.id, nickname: m.nickname, fingerprint: m.fingerprint }))
    this.update({ open: options.length > 0, options, active: 0 })
  }

  move (delta: number): void {
    const s = this.getSnapshot()
    if (!s.open || s.options.length === 0) return
    this.update({ active: (s.active + delta + s.options.length) % s.options.length })
  }

  close (): void {
    this.update({ open: false, options: [], active: 0 })
  }

  /** Chooses option `index` (default: the active one); resolves the new draft, or undefined when nothing was open. */
  pick (index = this.getSnapshot().active): string | undefined {
    const s = this.getSnapshot()
    const option = s.options[index]
    if (!s.open || option === undefined) return undefined
    const prefix = mentionPrefix(this.draft) ?? ''
    const token = `@${option.nickname}`
    this.chosen.set(token, option.id)
    this.close()
    return `${this.draft.slice(0, this.draft.length - prefix.length - 1)}${token} `
  }

  /** The keys of the chosen members whose `@nick` the text still holds; the record is cleared. */
  take (text: string): string[] {
    const keys = [...this.chosen].filter(([token]) => holds(text, token)).map(([, id]) => id)
    this.chosen.clear()
    return [...new Set(keys)].slice(0, MAX_MENTIONS)
  }
}
