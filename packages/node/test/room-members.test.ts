import { generateIdentity, ready, shortFingerprint } from '@parley/crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { PRESENCE_INTERVAL_MS, PRESENCE_MS_PER_MEMBER, PRESENCE_WINDOW_INTERVALS, PRESENCE_WINDOW_MS } from '../src/constants.js'
import { RoomMembers } from '../src/room-members.js'

const T = 1_700_000_000_000
let key: Uint8Array

describe('RoomMembers', () => {
  beforeAll(async () => {
    await ready()
    key = generateIdentity().publicKey
  })

  it('announces a new member and a changed nick, not a repeat', () => {
    const members = new RoomMembers()
    expect(members.seen('r', 'p1', 'alice', key, T, T)).toEqual({ peerId: 'p1', nick: 'alice', fingerprint: shortFingerprint(key), lastSeen: T })
    expect(members.seen('r', 'p1', 'alice', key, T + 10, T + 10)).toBeUndefined()
    expect(members.seen('r', 'p1', 'alicia', key, T + 20, T + 20)?.nick).toBe('alicia')
    expect(members.list('r', T + 20)).toEqual([expect.objectContaining({ nick: 'alicia', lastSeen: T + 20 })])
  })

  it('ignores events older than the last one seen and those from before the window', () => {
    const members = new RoomMembers()
    members.seen('r', 'p1', 'new', key, T, T)
    expect(members.seen('r', 'p1', 'old', key, T - 1000, T)).toBeUndefined()
    expect(members.seen('r', 'p2', 'gone', key, T - PRESENCE_WINDOW_MS - 1, T)).toBeUndefined()
    expect(members.list('r', T).map((m) => m.nick)).toEqual(['new'])
  })

  it('caps a claimed time in the future at now, lists most recent first and drops the quiet', () => {
    const members = new RoomMembers()
    members.seen('r', 'p1', 'a', key, T, T)
    members.seen('r', 'p2', 'b', key, T + 60_000, T + 1000)
    expect(members.list('r', T + 1000).map((m) => [m.nick, m.lastSeen])).toEqual([['b', T + 1000], ['a', T]])
    expect(members.list('r', T + PRESENCE_WINDOW_MS + 1).map((m) => m.nick)).toEqual(['b'])
    members.forget('r')
    expect(members.list('r', T + 1000)).toEqual([])
  })

  it('forgets quiet members once a room has many, keeping the recent ones', () => {
    const members = new RoomMembers()
    for (let i = 0; i < 1024; i++) members.seen('r', `old${i}`, 'x', key, T, T)
    members.seen('r', 'fresh', 'x', key, T + PRESENCE_WINDOW_MS / 2, T + PRESENCE_WINDOW_MS / 2)
    const later = T + PRESENCE_WINDOW_MS + 1
    members.seen('r', 'newcomer', 'x', key, later, later)
    expect(members.list('r', later).map((m) => m.peerId)).toEqual(['newcomer', 'fresh'])
    // A forgotten member counts as new again: its next event is announced.
    expect(members.seen('r', 'old0', 'x', key, later, later)).toBeDefined()
    expect(members.seen('r', 'fresh', 'x', key, later, later)).toBeUndefined()
  })

  it('keeps at most the cap per room under a flood of fresh keys, forgetting the least recently seen', () => {
    const members = new RoomMembers({ maxPerRoom: 10, maxTotal: 100 })
    members.seen('r', 'honest', 'h', key, T, T)
    for (let i = 0; i < 50; i++) members.seen('r', `sybil${i}`, 'x', key, T + 1 + i, T + 1 + i)
    expect(members.size('r')).toBe(10)
    expect(members.list('r', T + 100).map((m) => m.peerId)).toEqual(Array.from({ length: 10 }, (_, i) => `sybil${49 - i}`))
    // The honest member was forgotten; its next event brings it back (and evicts the least recent sybil).
    expect(members.seen('r', 'honest', 'h', key, T + 100, T + 100)).toBeDefined()
    expect(members.list('r', T + 100).map((m) => m.peerId)).not.toContain('sybil40')
  })

  it('keeps at most the total cap over all rooms, forgetting the least recently seen anywhere', () => {
    const members = new RoomMembers({ maxPerRoom: 10, maxTotal: 25 })
    for (let r = 0; r < 5; r++) for (let i = 0; i < 10; i++) members.seen(`r${r}`, `p${i}`, 'x', key, T + r * 10 + i, T + r * 10 + i)
    expect([0, 1, 2, 3, 4].map((r) => members.size(`r${r}`))).toEqual([0, 0, 5, 10, 10])
    members.forget('r4')
    members.seen('r9', 'late', 'x', key, T + 60, T + 60)
    expect([2, 3, 9].map((r) => members.size(`r${r}`))).toEqual([5, 10, 1])
  })

  it('refuses caps that are not positive integers', () => {
    expect(() => new RoomMembers({ maxPerRoom: 0 })).toThrow(RangeError)
    expect(() => new RoomMembers({ maxTotal: Number.NaN })).toThrow(RangeError)
  })

  it('lengthens a large room\'s presence interval and window with its members, and shortens them as they leave', () => {
    const members = new RoomMembers()
    for (let i = 0; i < 20; i++) members.seen('small', `s${i}`, 'x', key, T, T)
    expect(members.updateInterval('small', T)).toBe(PRESENCE_INTERVAL_MS)
    for (let i = 0; i < 300; i++) members.seen('big', `b${i}`, 'x', key, T, T)
    // A second each.
    expect(members.updateInterval('big', T)).toBe(300 * PRESENCE_MS_PER_MEMBER)
    expect(members.window('big')).toBe(PRESENCE_WINDOW_INTERVALS * 300 * PRESENCE_MS_PER_MEMBER)
    expect(members.window('small')).toBe(PRESENCE_WINDOW_MS)
    // Members that announce once per the longer interval stay present through the longer window.
    const later = T + PRESENCE_WINDOW_MS + 1
    expect(members.list('big', later)).toHaveLength(300)
    expect(members.list('small', later)).toHaveLength(0)
    // Once they have all gone quiet for the whole window, the room is small again.
    const quiet = T + members.window('big') + 1
    members.seen('big', 'last', 'x', key, quiet, quiet)
    expect(members.updateInterval('big', quiet)).toBe(PRESENCE_INTERVAL_MS)
    expect(members.list('big', quiet).map((m) => m.peerId)).toEqual(['last'])
    members.forget('big')
    expect(members.interval('big')).toBe(PRESENCE_INTERVAL_MS)
  })

  it('never lengthens the interval past what the member cap allows', () => {
    const members = new RoomMembers({ maxPerRoom: 100 })
    for (let i = 0; i < 5000; i++) members.seen('r', `p${i}`, 'x', key, T, T)
    expect(members.updateInterval('r', T)).toBe(100 * PRESENCE_MS_PER_MEMBER)
  })
})
