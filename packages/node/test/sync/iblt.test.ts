import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Iblt, shortIdKey, shortIdOf, type ShortId } from '../../src/sync/iblt.js'

const id32 = fc.uint8Array({ minLength: 32, maxLength: 32 })

/** Two sets sharing `common` ids, with `ours` and `theirs` ids only on one side. */
const sets = fc.record({
  common: fc.uniqueArray(id32, { maxLength: 300, selector: (b) => shortIdKey(shortIdOf(b)) }),
  ours: fc.uniqueArray(id32, { maxLength: 40, selector: (b) => shortIdKey(shortIdOf(b)) }),
  theirs: fc.uniqueArray(id32, { maxLength: 40, selector: (b) => shortIdKey(shortIdOf(b)) })
}).filter(({ common, ours, theirs }) => {
  const keys = [...common, ...ours, ...theirs].map((b) => shortIdKey(shortIdOf(b)))
  return new Set(keys).size === keys.length
})

function table (cells: number, ids: Uint8Array[]): Iblt {
  const t = new Iblt(cells)
  for (const id of ids) t.insert(shortIdOf(id))
  return t
}

const keys = (ids: ShortId[]): string[] => ids.map(shortIdKey).sort()
const keysOf = (ids: Uint8Array[]): string[] => ids.map((b) => shortIdKey(shortIdOf(b))).sort()

describe('iblt', () => {
  it('never reports a wrong difference: it decodes exactly or says it cannot', () => {
    fc.assert(fc.property(sets, fc.integer({ min: 3, max: 200 }), ({ common, ours, theirs }, cells) => {
      const diff = table(cells, [...common, ...ours]).subtract(table(cells, [...common, ...theirs])).decode()
      if (diff !== undefined) {
        expect(keys(diff.onlyOurs)).toEqual(keysOf(ours))
        expect(keys(diff.onlyTheirs)).toEqual(keysOf(theirs))
      }
    }), { numRuns: 300, seed: 1 })
  })

  it('decodes nearly always when sized for the difference (1.5 cells per differing id)', () => {
    let decoded = 0
    const samples = fc.sample(sets, { numRuns: 300, seed: 7 })
    for (const { common, ours, theirs } of samples) {
      const cells = Iblt.cellsFor(ours.length + theirs.length)
      const diff = table(cells, [...common, ...ours]).subtract(table(cells, [...common, ...theirs])).decode()
      if (diff !== undefined) decoded++
    }
    expect(decoded / samples.length).toBeGreaterThan(0.9)
  })

  it('says it cannot decode when the difference is far larger than the table', () => {
    const ours = fc.sample(id32, { numRuns: 300, seed: 3 })
    expect(table(12, ours).subtract(table(12, [])).decode()).toBeUndefined()
  })

  it('round-trips through its wire encoding and refuses garbage', () => {
    const t = table(30, fc.sample(id32, { numRuns: 10, seed: 5 }))
    expect(Iblt.decodeBytes(t.encode()).encode()).toEqual(t.encode())
    for (const bad of [new Uint8Array(0), Uint8Array.of(0, 0, 0, 30), Uint8Array.of(0xff, 0xff, 0xff, 0xff), new Uint8Array(7)]) {
      expect(() => Iblt.decodeBytes(bad)).toThrow(expect.objectContaining({ name: 'InvalidSyncMessageError' }))
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (garbage) => {
      try {
        Iblt.decodeBytes(garbage).decode()
      } catch (err) {
        expect((err as Error).name).toBe('InvalidSyncMessageError')
      }
    }), { numRuns: 200 })
  })

  it('refuses to subtract tables of different sizes', () => {
    expect(() => new Iblt(30).subtract(new Iblt(60))).toThrow(expect.objectContaining({ name: 'IbltDecodeError' }))
  })
})
