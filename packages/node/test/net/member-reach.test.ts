/**
 * The member dialler's bounds (net/member-reach.ts), as a policy over a peer's answers: a few
 * members per round, never one already connected, and a member whose dial failed left alone for
 * a backoff that doubles up to its ceiling. (test/peer/reach-line.test.ts runs it between real peers.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MAX_MEMBER_DIALS_PER_ROUND } from '../../src/net/constants.js'
import { MemberReach, type MemberReachComponents } from '../../src/net/member-reach.js'

const members = Array.from({ length: 10 }, (_, i) => `member-${i}`)

function reachOver (reachable: Set<string>): { reach: MemberReach, dialled: string[], connected: Set<string> } {
  const dialled: string[] = []
  const connected = new Set<string>()
  const components: MemberReachComponents = {
    self: 'member-0',
    rooms: () => [{ topic: 't', members }],
    connect: async (peer) => {
      dialled.push(peer)
      if (!reachable.has(peer)) throw new Error('unreachable')
      connected.add(peer)
      await Promise.resolve()
    },
    isConnected: (peer) => connected.has(peer),
    subscribers: () => [],
    onSubscriptionChange: () => () => {},
    skip: (peer) => peer === 'member-9'
  }
  return { reach: new MemberReach(components, { fanout: 3, backoffMinMs: 1_000, backoffMaxMs: 4_000 }), dialled, connected }
}

afterEach(() => { vi.useRealTimers() })

describe('MemberReach', () => {
  it('dials at most fanout members per round, never ourselves, a skipped member or one already connected', async () => {
    const { reach, dialled, connected } = reachOver(new Set(members))
    expect(await reach.reach(members)).toBe(3)
    expect(dialled).toHaveLength(3)
    expect(await reach.reach(members)).toBe(3)
    expect(new Set(dialled).size).toBe(6)
    expect(await reach.reach(members)).toBe(2)
    expect(await reach.reach(members)).toBe(0)
    expect(dialled).toHaveLength(8)
    expect([...connected].sort()).toEqual(members.slice(1, 9))
  })

  it('dials at most MAX_MEMBER_DIALS_PER_ROUND members of all rooms together in one round', () => {
    const dialled: string[] = []
    const rooms = Array.from({ length: 20 }, (_, r) => ({ topic: `t${r}`, members: ['me', `a${r}`, `b${r}`, `c${r}`, `d${r}`] }))
    const reach = new MemberReach({
      self: 'me',
      rooms: () => rooms,
      connect: async (peer) => { dialled.push(peer); await Promise.resolve() },
      isConnected: () => false,
      subscribers: () => [],
      onSubscriptionChange: () => () => {}
    })
    reach.round()
    expect(dialled).toHaveLength(MAX_MEMBER_DIALS_PER_ROUND)
  })

  it('leaves a member whose dial failed alone for a backoff that doubles up to its ceiling', async () => {
    vi.useFakeTimers({ now: 0, toFake: ['Date'] })
    const { reach, dialled } = reachOver(new Set())
    const one = ['member-0', 'member-1']
    const dialsAt = async (ms: number): Promise<number> => {
      vi.setSystemTime(ms)
      await reach.reach(one)
      return dialled.length
    }
    expect(await dialsAt(0)).toBe(1)
    expect(await dialsAt(999)).toBe(1)
    expect(await dialsAt(1_000)).toBe(2)
    expect(await dialsAt(2_999)).toBe(2)
    expect(await dialsAt(3_000)).toBe(3)
    expect(await dialsAt(6_999)).toBe(3)
    expect(await dialsAt(7_000)).toBe(4)
    // The ceiling: 4 s, not 8.
    expect(await dialsAt(10_999)).toBe(4)
    expect(await dialsAt(11_000)).toBe(5)
  })
})
