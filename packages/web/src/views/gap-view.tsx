import { useViewModel } from '../view-model/use-view-model.js'
import type { GapInfo } from '../app/archive-backend.js'
import type { ViewModel } from '../view-model/view-model.js'

/** The open conversation's known gaps. */
export interface GapSnapshot {
  gaps: GapInfo[]
  /** A room: its members' sync can bring the messages back. */
  room: boolean
}

/** The gap markers' view model. */
export type GapViewModel = ViewModel<GapSnapshot>

const when = (ms: number): string => new Date(ms).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })

/** Where messages of this conversation were lost (damaged storage), each span with its times; nothing when none were. */
export function GapView ({ vm }: { vm: GapViewModel }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  if (s.gaps.length === 0) return null
  return (
    <ul class='gaps' aria-label='Lost messages'>
      {s.gaps.map((g) => (
        <li key={`${g.from}-${g.to}`} role='note'>
          {g.missing} {g.missing === 1 ? 'message was' : 'messages were'} lost between {when(g.from)} and {when(g.to)} (damaged storage).
          {s.room ? ' They come back when a member who has them is online.' : ''}
        </li>
      ))}
    </ul>
  )
}
