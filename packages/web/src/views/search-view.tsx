/**
 * The search panel: a dialog with a search box and the results, each with its conversation,
 * author, time and the text around the match (remote text, shown as text). Ctrl+K or "/" opens
 * it (AppView listens); Escape closes it and focus goes back where it was; choosing a result
 * opens its conversation at the message.
 */
import { useRef } from 'preact/hooks'
import { useModal } from './use-modal.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { RemoteName, RemoteText } from './remote-text.js'
import type { ViewModel } from '../view-model/view-model.js'
import './search.css'

/** One result as shown. */
export interface SearchEntry {
  key: string
  conversationTitle: string
  nickname: string
  fingerprint: string
  snippet: string
  time: string
}

/** Where a search looks: the open conversation, or every conversation. */
export type SearchScope = 'here' | 'all'

/** The search panel's state. */
export interface SearchSnapshot {
  /** Where the search looks ('here' only while a conversation is open). */
  scope: SearchScope
  /** The open conversation's title: the "This conversation" choice is offered only with one. */
  hereTitle?: string
  open: boolean
  query: string
  results: SearchEntry[]
  /** A search is running. */
  busy: boolean
  /** The current query was searched (so "nothing found" can be said). */
  searched: boolean
  error?: string
}

/** What the panel can ask for. */
export interface SearchActions {
  openSearch(): void
  close(): void
  setQuery(query: string): void
  /** Searches the open conversation or all of them (the current query again). */
  setScope(scope: SearchScope): void
  /** Opens result `key`'s conversation at the message, and closes the panel. */
  choose(key: string): void
}

/** The search panel's view model. */
export type SearchViewModel = ViewModel<SearchSnapshot> & SearchActions

/** The search dialog (nothing while closed). */
export function SearchView ({ vm }: { vm: SearchViewModel }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  const input = useRef<HTMLInputElement>(null)
  const dialog = useRef<HTMLDivElement>(null)
  useModal(dialog, () => { vm.close() }, { first: input, open: s.open })
  if (!s.open) return null
  return (
    <div class='search-backdrop' onClick={(e) => { if (e.target === e.currentTarget) vm.close() }}>
      <div class='search-panel' role='dialog' aria-modal='true' aria-label='Search messages' ref={dialog}>
        <form role='search' onSubmit={(e) => { e.preventDefault() }}>
          <label for='search-query' class='visually-hidden'>Search messages</label>
          <input id='search-query' ref={input} type='search' placeholder='Search messages' autocomplete='off'
            value={s.query} onInput={(e) => { vm.setQuery((e.target as HTMLInputElement).value) }} />
          <button type='button' onClick={() => { vm.close() }}>Close</button>
          {s.hereTitle != null && <ScopeChoice vm={vm} scope={s.scope} />}
        </form>
        <p class='search-status' role='status'>
          {s.error ?? (s.busy ? 'Searching…' : s.searched ? (s.results.length === 0 ? 'Nothing found' : `${s.results.length} found`) : '')}
        </p>
        <ul class='search-results' aria-label='Results'>
          {s.results.map(r => (
            <li key={r.key}>
              <button type='button' class='search-result' onClick={() => { vm.choose(r.key) }}>
                <span class='search-where'><RemoteName name={r.conversationTitle} /> · <RemoteName name={r.nickname} /> <span class='fingerprint'>{r.fingerprint}</span> · {r.time}</span>
                <span class='search-snippet'><RemoteText text={r.snippet} /></span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}

/** "This conversation" or "All conversations": a radio group (arrow keys move between them). */
function ScopeChoice ({ vm, scope }: { vm: SearchViewModel, scope: SearchScope }): preact.JSX.Element {
  const choice = (value: SearchScope, label: string): preact.JSX.Element => (
    <label class='search-scope-choice'>
      <input type='radio' name='search-scope' value={value} checked={scope === value} onChange={() => { vm.setScope(value) }} />
      {label}
    </label>
  )
  return (
    <fieldset class='search-scope'>
      <legend class='visually-hidden'>Search in</legend>
      {choice('here', 'This conversation')}
      {choice('all', 'All conversations')}
    </fieldset>
  )
}
