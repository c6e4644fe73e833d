/** The member menu of an owned room: moderation for the owner and moderators, a report for everyone. */
import { MenuButton, type MenuItem } from './menu.js'
import { useViewModel } from '../view-model/use-view-model.js'
import { showName } from './show-text.js'
import type { RoomModerationViewModel } from './community-types.js'
import type { MemberEntry } from './conversation-header-types.js'

/** Mute lengths offered, in seconds. */
const MUTES: Array<[string, number]> = [['10 minutes', 600], ['1 hour', 3600], ['1 day', 86400]]

/** "Actions for <nick>": ban or unban, mute or unmute, make or remove moderator (as the role allows), report. */
export function MemberMenu ({ vm, member }: { vm: RoomModerationViewModel, member: MemberEntry }): preact.JSX.Element | null {
  const s = useViewModel(vm)
  if (!s.owned || member.self) return null
  const name = showName(member.nickname)
  const items: MenuItem[] = []
  const theirRole = s.moderators.includes(member.id) ? 'moderator' : 'member'
  // Moderators act on members only; the owner on everyone but itself (the peer refuses the rest, typed).
  const mayAct = s.role === 'owner' || (s.role === 'moderator' && theirRole === 'member')
  if (mayAct) {
    items.push(s.banned.includes(member.id) ? { label: 'Unban', onSelect: () => { vm.unban(member.id) } } : { label: 'Ban', onSelect: () => { vm.ban(member.id) } })
    if (s.muted.includes(member.id)) items.push({ label: 'Unmute', onSelect: () => { vm.unmute(member.id) } })
    else for (const [label, seconds] of MUTES) items.push({ label: `Mute for ${label}`, onSelect: () => { vm.mute(member.id, seconds) } })
  }
  if (s.role === 'owner') {
    items.push(theirRole === 'moderator'
      ? { label: 'Remove moderator', onSelect: () => { vm.removeModerator(member.id) } }
      : { label: 'Make moderator', onSelect: () => { vm.makeModerator(member.id) } })
  }
  items.push({ label: 'Report', onSelect: () => { vm.startReport({ member: member.id }, `member ${name} (${member.fingerprint})`) } })
  return <MenuButton label={`Actions for ${name}`} items={items}>⋯</MenuButton>
}
