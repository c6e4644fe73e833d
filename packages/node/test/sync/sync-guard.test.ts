import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_TRACKED_PEERS, SyncGuard } from '../../src/sync/sync-guard.js'
import type { Libp2p } from 'libp2p'

const LIMITS = { syncsPerMinute: 2, cellsPerMinute: 1000, penaltyMs: 3_600_000, scorePenalty: -10 }

/** A guard whose node has no pubsub: penalise() then only records the penalty. */
const guard = (): SyncGuard => new SyncGuard({ services: {} } as unknown as Libp2p, LIMITS)

describe('SyncGuard', () => {
  afterEach(() => { vi.useRealTimers() })

  it('counts a peer\'s inbound syncs per minute and starts a fresh minute after it', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const g = guard()
    expect([g.allowInbound('p'), g.allowInbound('p'), g.allowInbound('p')]).toEqual([true, true, false])
    vi.advanceTimersByTime(60_001)
    expect(g.allowInbound('p')).toBe(true)
  })

  it('remembers at most MAX_TRACKED_PEERS inbound peers under a stream of distinct peers within one minute', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const g = guard()
    for (let i = 0; i < 3 * MAX_TRACKED_PEERS; i++) {
      g.allowInbound(`peer-${i}`)
      if (i % 997 === 0) vi.advanceTimersByTime(1)
    }
    expect(g.tracked.inbound).toBe(MAX_TRACKED_PEERS)
    // The newest are the ones kept: the last peer is still within its minute's count.
    const last = `peer-${3 * MAX_TRACKED_PEERS - 1}`
    expect(g.allowInbound(last)).toBe(true)
    expect(g.allowInbound(last)).toBe(false)
  })

  it('remembers at most MAX_TRACKED_PEERS penalties, the newest kept', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const g = guard()
    for (let i = 0; i < 2 * MAX_TRACKED_PEERS + 5; i++) g.penalise(`peer-${i}`)
    expect(g.tracked.penalised).toBe(MAX_TRACKED_PEERS)
    expect(g.isPenalised(`peer-${2 * MAX_TRACKED_PEERS + 4}`)).toBe(true)
    expect(g.isPenalised('peer-0')).toBe(false)
  })

  it('drops expired entries before live ones', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const g = guard()
    for (let i = 0; i < MAX_TRACKED_PEERS - 1; i++) g.allowInbound(`old-${i}`)
    vi.advanceTimersByTime(30_000)
    g.allowInbound('live')
    vi.advanceTimersByTime(30_001)
    // The old ones' minute is over, the live one's is not: the next peer sweeps the old ones only.
    g.allowInbound('next')
    expect(g.tracked.inbound).toBe(2)
    g.allowInbound('live')
    expect(g.allowInbound('live')).toBe(false)
  })
})
