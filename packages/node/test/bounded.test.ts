import { describe, expect, it } from 'vitest'
import { BoundedMap, BoundedSet } from '../src/bounded.js'

describe('BoundedMap', () => {
  it('stays at its cap under a long stream of new keys, keeping the most recent', () => {
    const map = new BoundedMap<string, number>(1000)
    for (let i = 0; i < 100_000; i++) {
      map.set(`message-${i}`, i)
      if (map.size > 1000) throw new Error(`size ${map.size} after ${i + 1} keys`)
    }
    expect(map.size).toBe(1000)
    expect(map.has('message-98999')).toBe(false)
    expect(map.get('message-99000')).toBe(99_000)
    expect(map.get('message-99999')).toBe(99_999)
  })

  it('forgets the entry set longest ago: setting a key again keeps it', () => {
    const map = new BoundedMap<string, number>(2)
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4)
    expect([...map.entries()]).toEqual([['a', 3], ['c', 4]])
  })

  it('refuses a capacity that is not a positive integer', () => {
    for (const max of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => new BoundedMap(max)).toThrow(RangeError)
  })
})

describe('BoundedSet', () => {
  it('stays at its cap under a long stream of new values, keeping the most recent', () => {
    const set = new BoundedSet<number>(500)
    for (let i = 0; i < 100_000; i++) set.add(i)
    expect(set.size).toBe(500)
    expect(set.has(99_499)).toBe(false)
    expect(set.has(99_500)).toBe(true)
  })

  it('moves a value added again to the most recent end', () => {
    const set = new BoundedSet<string>(2)
    set.add('a').add('b').add('a').add('c')
    expect([...set]).toEqual(['a', 'c'])
  })
})
