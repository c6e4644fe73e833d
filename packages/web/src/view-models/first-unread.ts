import type { TimelineItem } from '../app/chat-backend.js'

/**
 * Where "New messages" goes: the oldest of the `unread` newest messages written by others in
 * `sorted` (timeline order), or the oldest such message loaded when fewer are. Undefined when
 * nothing is unread.
 */
export function firstUnreadId (sorted: readonly TimelineItem[], unread: number): string | undefined {
  if (unread <= 0) return undefined
  let found: string | undefined
  let left = unread
  for (let i = sorted.length - 1; i >= 0 && left > 0; i--) {
    if (sorted[i].own) continue
    found = sorted[i].id
    left--
  }
  return found
}
