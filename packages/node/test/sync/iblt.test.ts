import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CELL_BYTES, Iblt, shortIdKey, shortIdOf, type ShortId } from '../../src/sync/iblt.js'

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

  it('refuses a crafted table whose peeling would never end (one cell: count -1, key x, check(x))', () => {
    const x = fc.sample(id32, { numRuns: 1, seed: 9 })[0]
    for (const sign of [1, -1]) {
      const crafted = oneCellTable(54, x, sign)
      expect(() => new Iblt(54).subtract(crafted).decode()).toThrow(expect.objectContaining({ name: 'IbltDecodeError' }))
      expect(() => crafted.decode()).toThrow(expect.objectContaining({ name: 'IbltDecodeError' }))
    }
  })

  it('ends on any table built from valid cells: a difference, undefined, or IbltDecodeError, never more keys than cells', () => {
    // Cells that each hold a real key and its check (so they look pure), then cut, negated or doubled at random.
    const edits = fc.array(fc.constantFrom('keep', 'zero', 'negate', 'double'), { minLength: 3 * 40, maxLength: 3 * 40 })
    fc.assert(fc.property(fc.uniqueArray(id32, { minLength: 1, maxLength: 40, selector: (b) => shortIdKey(shortIdOf(b)) }), edits, (ids, ops) => {
      const bytes = table(60, ids).encode()
      const view = new DataView(bytes.buffer)
      for (let i = 0; i < 60; i++) {
        const at = 4 + i * CELL_BYTES
        const op = ops[i]
        if (op === 'zero') bytes.fill(0, at, at + CELL_BYTES)
        else if (op === 'negate') view.setInt32(at, -view.getInt32(at))
        else if (op === 'double') view.setInt32(at, 2 * view.getInt32(at))
      }
      try {
        const diff = Iblt.decodeBytes(bytes).decode()
        if (diff !== undefined) expect(diff.onlyOurs.length + diff.onlyTheirs.length).toBeLessThanOrEqual(60)
      } catch (err) {
        expect((err as Error).name).toBe('IbltDecodeError')
      }
    }), { numRuns: 500, seed: 11 })
  })
})

/** A table whose only non-empty cell is one of x's three cells, holding x with count `sign`. */
function oneCellTable (cells: number, x: Uint8Array, sign: number): Iblt {
  const bytes = table(cells, [x]).encode()
  const view = new DataView(bytes.buffer)
  let kept = false
  for (let i = 0; i < cells; i++) {
    const at = 4 + i * CELL_BYTES
    if (view.getInt32(at) === 0) continue
    if (kept) bytes.fill(0, at, at + CELL_BYTES)
    else view.setInt32(at, sign)
    kept = true
  }
  return Iblt.decodeBytes(bytes)
}
