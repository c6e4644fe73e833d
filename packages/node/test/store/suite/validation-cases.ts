import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHex } from '@parley/crypto'
import { MAX_PAGE_SIZE, MAX_TIMESTAMP } from '../../../src/store/index.js'
import { hex, named, rec } from './helpers.js'
import type { MessageRecord, ProfileStore } from '../../../src/store/index.js'

const good = rec('room:a', 1, 1)
const cursorOf = (key: string): string => toHex(new TextEncoder().encode(key))

// Each malformed record, and the field the error must name.
const BAD_RECORDS: Array<[string, unknown]> = [
  ['conversation', { ...good, conversation: '' }],
  ['conversation', { ...good, conversation: 'r'.repeat(201) }],
  ['conversation', { ...good, conversation: 'room:a\x00b' }],
  ['conversation', { ...good, conversation: 'room:\xff' }],
  ['conversation', { ...good, conversation: 'room:\ud800' }],
  ['conversation', { ...good, conversation: 7 }],
  ['id', { ...good, id: 'A'.repeat(64) }],
  ['id', { ...good, id: 'a'.repeat(63) }],
  ['id', { ...good, id: 'a'.repeat(65) }],
  ['id', { ...good, id: undefined }],
  ['timestamp', { ...good, timestamp: -1 }],
  ['timestamp', { ...good, timestamp: 1.5 }],
  ['timestamp', { ...good, timestamp: Number.NaN }],
  ['timestamp', { ...good, timestamp: MAX_TIMESTAMP + 1 }],
  ['timestamp', { ...good, timestamp: '5' }],
  ['value', { ...good, value: 'text' }],
  ['value', { ...good, value: [1, 2] }],
  ['record', null]
]

/** Typed refusals of malformed records, options and cursors. */
export function validationCases (store: () => ProfileStore): void {
  describe('validation', () => {
    it('refuses malformed records, naming the field, and writes none of the batch', async () => {
      for (const [field, bad] of BAD_RECORDS) {
        await expect(store().history.append([good, bad as MessageRecord])).rejects.toThrow(named('InvalidRecordError', { field }))
      }
      expect(await store().history.count('room:a')).toBe(0)
      await expect(store().history.append('nope' as unknown as MessageRecord[])).rejects.toThrow(named('InvalidRecordError', { field: 'records' }))
    })

    it('accepts the edges of every field', async () => {
      const edges = [rec('r'.repeat(200), 0, 1), rec('x', MAX_TIMESTAMP, 2), { ...rec('room:a', 1, 3), value: new Uint8Array() }]
      expect(await store().history.append(edges)).toEqual(edges)
      expect((await store().history.page('x', { limit: 1 })).messages).toEqual([edges[1]])
      expect((await store().history.get('room:a', hex(3)))?.value).toEqual(new Uint8Array())
    })

    it('checks conversation and id on reads and updates', async () => {
      await expect(store().history.get('', hex(1))).rejects.toThrow(named('InvalidRecordError', { field: 'conversation' }))
      await expect(store().history.has('room:a', 'nope')).rejects.toThrow(named('InvalidRecordError', { field: 'id' }))
      await expect(store().history.update('room:a', hex(1), 'x' as unknown as Uint8Array)).rejects.toThrow(named('InvalidRecordError', { field: 'value' }))
      await expect(store().history.count('a\x00b')).rejects.toThrow(named('InvalidRecordError', { field: 'conversation' }))
    })

    it(`refuses page limits outside 1..${MAX_PAGE_SIZE}`, async () => {
      for (const limit of [0, -1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN, '10']) {
        await expect(store().history.page('room:a', { limit: limit as number })).rejects.toThrow(named('InvalidRecordError', { field: 'limit' }))
      }
      await expect(store().history.page('room:a', null as unknown as { limit: number })).rejects.toThrow(named('InvalidRecordError', { field: 'options' }))
      expect((await store().history.page('room:a', { limit: MAX_PAGE_SIZE })).messages).toEqual([])
    })

    it('refuses bad range bounds', () => {
      expect(() => store().history.range('room:a', { from: -1 })).toThrow(named('InvalidRecordError', { field: 'from' }))
      expect(() => store().history.range('room:a', { to: 0.5 })).toThrow(named('InvalidRecordError', { field: 'to' }))
      expect(() => store().history.range('room:a', { limit: -1 })).toThrow(named('InvalidRecordError', { field: 'limit' }))
    })

    it('refuses garbage cursors', async () => {
      await store().history.append([rec('room:a', 1, 1), rec('room:a', 2, 2), rec('room:ab', 1, 1), rec('room:ab', 2, 2)])
      const garbage: unknown[] = [
        '', 'zz', '00', 'not a cursor', 'ABCD', 'abc', 5, {}, 'ff'.repeat(2000),
        'fe', // not UTF-8
        cursorOf('room:a\x00'), // no tail
        cursorOf(`room:a\x00${'0'.repeat(13)}\x00${'z'.repeat(64)}`), // malformed id
        cursorOf(`room:a\x00${'0'.repeat(12)}\x00${hex(1)}`), // short timestamp
        (await store().history.page('room:ab', { limit: 1 })).before // another conversation's
      ]
      for (const before of garbage) {
        await expect(store().history.page('room:a', { limit: 1, before: before as string })).rejects.toThrow(named('InvalidCursorError'))
      }
      const own = (await store().history.page('room:a', { limit: 1 })).before
      expect((await store().history.page('room:a', { limit: 1, before: own })).messages.map((r) => r.id)).toEqual([hex(1)])
    })

    it('refuses random strings and bytes as cursors', async () => {
      await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.uint8Array().map((b) => toHex(b))), async (before) => {
        await expect(store().history.page('room:a', { limit: 1, before })).rejects.toThrow(named('InvalidCursorError'))
      }), { numRuns: 200 })
    })
  })
}
