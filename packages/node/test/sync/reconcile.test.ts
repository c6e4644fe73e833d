import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Iblt, shortIdKey, shortIdOf } from '../../src/sync/iblt.js'
import { firstTableCells, MAX_ROUNDS, SyncSet, SyncSetBuilder } from '../../src/sync/reconcile.js'

const ids = (n: number): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(randomBytes(32)))

/** Runs the table exchange of reconcile.ts between two sets; returns the difference and the table bytes sent. */
function reconcile (initiator: SyncSet, responder: SyncSet): { onlyOurs: string[], onlyTheirs: string[], tableBytes: number, rounds: number } {
  let cells = firstTableCells(responder.size, initiator.size)
  let tableBytes = 0
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const wire = responder.table(cells).encode()
    tableBytes += wire.length
    const diff = initiator.differenceWith(Iblt.decodeBytes(wire))
    if (diff !== undefined) {
      return { onlyOurs: diff.onlyOurs.map(shortIdKey).sort(), onlyTheirs: diff.onlyTheirs.map(shortIdKey).sort(), tableBytes, rounds: round }
    }
    cells *= 2
  }
  throw new Error('did not converge')
}

const keys = (list: Uint8Array[]): string[] => list.map((id) => shortIdKey(shortIdOf(id))).sort()

describe('reconcile', () => {
  it('finds exactly the messages each side lacks in two 20,000-message histories that differ by 1%', () => {
    const common = ids(19_800)
    const onlyA = ids(100)
    const onlyB = ids(100)
    const a = new SyncSet([...common, ...onlyA].map((id) => ({ id })))
    const b = new SyncSet([...common, ...onlyB].map((id) => ({ id })))
    const result = reconcile(a, b)
    expect(result.onlyOurs).toEqual(keys(onlyA))
    expect(result.onlyTheirs).toEqual(keys(onlyB))
    expect(a.idOf(result.onlyOurs[0])).toBeDefined()
  })

  it('spends table bytes in proportion to the difference, not to the history size', () => {
    const extra = ids(60)
    const bytesFor = (common: Uint8Array[]): number =>
      reconcile(new SyncSet(common.map((id) => ({ id }))), new SyncSet([...common, ...extra].map((id) => ({ id })))).tableBytes
    // The first table is sized for the difference; a failed peel doubles it. Three rounds at the
    // most (1 + 2 + 4 tables' worth) bounds the bytes for 1,000 and for 50,000 messages alike.
    const bound = (Iblt.cellsFor(60) * 16 + 4) * 7
    expect(bytesFor(ids(1_000))).toBeLessThanOrEqual(bound)
    expect(bytesFor(ids(50_000))).toBeLessThanOrEqual(bound)
  })

  it('brings a late joiner with nothing up to date', () => {
    const all = ids(500)
    const result = reconcile(new SyncSet([]), new SyncSet(all.map((id) => ({ id }))))
    expect(result.onlyTheirs).toEqual(keys(all))
    expect(result.onlyOurs).toEqual([])
  })

  it('costs one small table when both sides agree', () => {
    const all = ids(5_000).map((id) => ({ id }))
    const result = reconcile(new SyncSet(all), new SyncSet(all))
    expect(result.onlyOurs).toEqual([])
    expect(result.onlyTheirs).toEqual([])
    expect(result.rounds).toBe(1)
  })
})

describe('SyncSet', () => {
  it('holds a window in flat arrays: ids and tags read back by short id, the last of equal short ids kept, the same table as one id at a time', () => {
    const all = ids(5_000)
    const builder = new SyncSetBuilder()
    all.forEach((id, i) => { builder.add(id, i % 2) })
    // The same short id again, under another tag: it replaces the first, as in a map.
    const twin = new Uint8Array(all[7])
    twin[31] ^= 1
    builder.add(twin, 9)
    const set = builder.build()
    expect(set.size).toBe(5_000)
    for (const [i, id] of all.entries()) {
      const key = shortIdKey(shortIdOf(id))
      expect(set.idOf(key)).toEqual(i === 7 ? twin : id)
      expect(set.tagOf(key)).toBe(i === 7 ? 9 : i % 2)
    }
    expect(set.idOf('0123456789abcdef')).toBeUndefined()
    expect(set.idOf('not a key')).toBeUndefined()
    const oneByOne = new Iblt(600)
    for (const id of [...all.slice(0, 7), twin, ...all.slice(8)]) oneByOne.insert(shortIdOf(id))
    expect(set.table(600).encode()).toEqual(oneByOne.encode())
  })

  it('refuses an id that is not 32 bytes and a tag outside 0..255', () => {
    const builder = new SyncSetBuilder()
    expect(() => { builder.add(new Uint8Array(31)) }).toThrow(RangeError)
    expect(() => { builder.add(new Uint8Array(32), 256) }).toThrow(RangeError)
    expect(new SyncSet([]).size).toBe(0)
  })
})
