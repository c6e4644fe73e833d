import { describe, expect, it } from 'vitest'
import { firstUnreadId } from '../../src/view-models/first-unread.js'
import type { TimelineItem } from '../../src/app/chat-backend.js'

const item = (id: string, own = false): TimelineItem => ({ id, author: { id: own ? 'me' : 'bob', nickname: 'x', fingerprint: '' }, own, text: id, sentAt: 0, edited: false, deleted: false, reactions: [] })

describe('firstUnreadId (the "New messages" marker)', () => {
  it('is the oldest of the n newest messages from others, skipping our own', () => {
    const sorted = [item('a'), item('b'), item('mine', true), item('c'), item('mine2', true)]
    expect(firstUnreadId(sorted, 0)).toBeUndefined()
    expect(firstUnreadId(sorted, 1)).toBe('c')
    expect(firstUnreadId(sorted, 2)).toBe('b')
    // More unread than loaded: the oldest loaded message from others.
    expect(firstUnreadId(sorted, 10)).toBe('a')
    expect(firstUnreadId([item('own', true)], 3)).toBeUndefined()
  })
})
