/** The message menu of an owned room: remove and pin for the owner and moderators, report for every member. */
import { MenuButton, type MenuItem } from './menu.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { showName, showText } from './show-text.js'
import type { RoomModerationViewModel } from './community-types.js'
import type { TimelineEntry } from './timeline-view.js'

/** "More actions" on one message. */
export function MessageMenu ({ vm, entry }: { vm: RoomModerationViewModel, entry: TimelineEntry }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  if (!s.owned || entry.deleted) return null
  const items: MenuItem[] = []
  if (s.role !== 'member') {
    items.push({ label: 'Remove for everyone', onSelect: () => { vm.removeMessage(entry.id) } })
    items.push(s.pin?.id === entry.id ? { label: 'Unpin', onSelect: () => { vm.unpin() } } : { label: 'Pin', onSelect: () => { vm.pin(entry.id) } })
  }
  if (!entry.own) {
    items.push({ label: 'Report', onSelect: () => { vm.startReport({ message: entry.id }, `the message by ${showName(entry.author)}: “${showText(entry.text).slice(0, 80)}”`) } })
  }
  return <MenuButton label='More actions' items={items}>⋯</MenuButton>
}
