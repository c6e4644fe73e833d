import { afterEach, describe, expect, it, vi } from 'vitest'
import { OnwardSync } from '../../src/sync/onward.js'

describe('OnwardSync', () => {
  afterEach(() => { vi.useRealTimers() })

  const setup = (members: string[], fanout = 3): { onward: OnwardSync, synced: Array<[string, string]> } => {
    const synced: Array<[string, string]> = []
    const onward = new OnwardSync({ members: () => members, sync: (peer, room) => { synced.push([peer, room]) }, delayMs: 1_000, fanout })
    return { onward, synced }
  }

  it('offers a room, once per round, to members other than the ones the news came from', () => {
    vi.useFakeTimers()
    const { onward, synced } = setup(['a', 'b', 'c', 'd'], 10)
    onward.learned('lobby', 'a')
    onward.learned('lobby', 'b')
    onward.learned('lobby', 'a')
    expect(synced).toEqual([])
    vi.advanceTimersByTime(1_000)
    expect(synced.map(([p]) => p).sort()).toEqual(['c', 'd'])
    expect(synced.every(([, room]) => room === 'lobby')).toBe(true)
  })

  it('reaches at most `fanout` members, and each room has its own round', () => {
    vi.useFakeTimers()
    const { onward, synced } = setup(Array.from({ length: 20 }, (_, i) => `p${i}`), 3)
    onward.learned('lobby', 'p0')
    onward.learned('rust', 'p0')
    vi.advanceTimersByTime(1_000)
    expect(synced.filter(([, r]) => r === 'lobby')).toHaveLength(3)
    expect(synced.filter(([, r]) => r === 'rust')).toHaveLength(3)
    expect(synced.some(([p]) => p === 'p0')).toBe(false)
    // A later lesson starts a new round.
    onward.learned('lobby', 'p1')
    vi.advanceTimersByTime(1_000)
    expect(synced.filter(([, r]) => r === 'lobby')).toHaveLength(6)
  })

  it('starts nothing after stop', () => {
    vi.useFakeTimers()
    const { onward, synced } = setup(['a', 'b'])
    onward.learned('lobby', 'a')
    onward.stop()
    vi.advanceTimersByTime(5_000)
    expect(synced).toEqual([])
  })
})
