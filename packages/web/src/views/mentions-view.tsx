/**
 * The Mentions view: a button with the count of mentions received since it was last opened, and a
 * dialog listing the messages that mentioned this profile by key (newest first), each with its
 * conversation, author and time; choosing one opens its conversation at the message. Escape
 * closes it and focus goes back where it was.
 */
import { useRef } from 'preact/hooks'
import { useModal } from './use-modal.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { RemoteName, RemoteText } from './remote-text.js'
import type { ViewModel } from '../view-model/view-model.js'
import './mentions.css'

/** One mention as shown. */
export interface MentionEntry {
  key: string
  conversationTitle: string
  nickname: string
  text: string
  time: string
}

/** The Mentions view's state. */
export interface MentionsSnapshot {
  open: boolean
  entries: MentionEntry[]
  /** Mentions that arrived since the list was last opened. */
  unseen: number
  loading: boolean
  error?: string
}

/** What the view can ask for. */
export interface MentionsActions {
  openMentions(): void
  close(): void
  /** Opens mention `key`'s conversation at the message, and closes the list. */
  choose(key: string): void
}

export type MentionsViewModel = ViewModel<MentionsSnapshot> & MentionsActions

/** The Mentions button and, while open, its dialog. */
export function MentionsView ({ vm }: { vm: MentionsViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const first = useRef<HTMLButtonElement>(null)
  const dialog = useRef<HTMLDivElement>(null)
  useModal(dialog, () => { vm.close() }, { first, open: s.open })
  return (
    <>
      <button type='button' class='mentions-button' onClick={() => { vm.openMentions() }}>
        Mentions{s.unseen > 0 && <span class='badge' aria-label={`${s.unseen} new`}> {s.unseen}</span>}
      </button>
      {s.open && (
        <div class='search-backdrop' onClick={(e) => { if (e.target === e.currentTarget) vm.close() }}>
          <div class='search-panel mentions-panel' role='dialog' aria-modal='true' aria-label='Mentions' ref={dialog}>
            <h2>Mentions</h2>
            <button type='button' ref={first} onClick={() => { vm.close() }}>Close</button>
            <p class='search-status' role='status'>{s.error ?? (s.loading ? 'Loading…' : s.entries.length === 0 ? 'Nobody mentioned you yet' : `${s.entries.length} mentions`)}</p>
            <ul class='search-results' aria-label='Mentions'>
              {s.entries.map(m => (
                <li key={m.key}>
                  <button type='button' class='search-result mention' onClick={() => { vm.choose(m.key) }}>
                    <span class='search-where'><RemoteName name={m.conversationTitle} /> · <RemoteName name={m.nickname} /> · {m.time}</span>
                    <span class='search-snippet'><RemoteText text={m.text} /></span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </>
  )
}
