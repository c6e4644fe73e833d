import { useLayoutEffect, useRef } from 'preact/hooks'
import { useViewModel } from '../view-model/use-view-model.js'
import type { ViewModel } from '../view-model/view-model.js'

/** One message as the timeline shows it. */
export interface TimelineEntry {
  id: string
  author: string
  fingerprint: string
  own: boolean
  text: string
  /** Local time of day, already formatted. */
  time: string
  /** Full timestamp for the tooltip and `datetime` attribute (ISO 8601). */
  iso: string
}

/** What the timeline shows. */
export interface TimelineSnapshot {
  entries: TimelineEntry[]
  /** An older page is being fetched. */
  loadingOlder: boolean
  /** The oldest message is loaded. */
  complete: boolean
  error?: string
}

/** What the timeline can ask for. */
export interface TimelineActions {
  /** Fetches the page before the oldest shown; ignored while one is loading or when complete. */
  loadOlder(): void
}

/** The timeline's view model. */
export type TimelineViewModel = ViewModel<TimelineSnapshot> & TimelineActions

/** Distance from the top, in px, at which scrolling up asks for older messages. */
const LOAD_OLDER_MARGIN = 48

/**
 * A conversation's messages, newest at the bottom. Scrolling near the top loads older pages,
 * keeping the message under the reader's eye in place; new messages scroll into view only when
 * the reader is already at the bottom.
 */
export function TimelineView ({ vm }: { vm: TimelineViewModel }): preact.JSX.Element {
  const s = useViewModel(vm)
  const ref = useRef<HTMLDivElement>(null)
  const last = useRef({ first: '', lastId: '', height: 0, atBottom: true })

  useLayoutEffect(() => {
    const el = ref.current
    if (el == null) {
      return
    }
    const first = s.entries[0]?.id ?? ''
    const lastId = s.entries.at(-1)?.id ?? ''
    const prev = last.current
    if (first !== prev.first && lastId === prev.lastId && prev.height > 0) {
      el.scrollTop += el.scrollHeight - prev.height
    } else if (lastId !== prev.lastId && prev.atBottom) {
      el.scrollTop = el.scrollHeight
    }
    last.current = { first, lastId, height: el.scrollHeight, atBottom: prev.atBottom }
    if (el.scrollHeight <= el.clientHeight && !s.complete && !s.loadingOlder) {
      vm.loadOlder()
    }
  }, [s, vm])

  const onScroll = (): void => {
    const el = ref.current
    if (el == null) {
      return
    }
    last.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 8
    last.current.height = el.scrollHeight
    if (el.scrollTop < LOAD_OLDER_MARGIN && !s.complete && !s.loadingOlder) {
      vm.loadOlder()
    }
  }

  return (
    <div class='timeline' ref={ref} onScroll={onScroll} role='log' aria-label='Messages' aria-busy={s.loadingOlder}>
      <ol>
        {s.complete && s.entries.length > 0 && <li class='notice'>Start of the conversation</li>}
        {s.loadingOlder && <li class='notice'>Loading older messages…</li>}
        {s.error != null && <li class='error' role='alert'>{s.error}</li>}
        {s.complete && s.entries.length === 0 && <li class='notice'>No messages yet. Say hello!</li>}
        {s.entries.map(e => (
          <li key={e.id} class={e.own ? 'message own' : 'message'}>
            <header>
              <span class='author'>{e.author}</span>
              <code class='fingerprint'>{e.fingerprint}</code>
              <time dateTime={e.iso} title={e.iso}>{e.time}</time>
            </header>
            <p class='text'>{e.text}</p>
          </li>
        ))}
      </ol>
    </div>
  )
}
