import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { collect, expectOrdered, hex, named, rec, summary, walk } from './helpers.js'
import type { StoreCapabilities } from './helpers.js'
import { MAX_TIMESTAMP } from '../../../src/store/index.js'
import type { MessageRecord, ProfileStore } from '../../../src/store/index.js'

/** Appending, reading, updating, paging and ranging over the history. */
export function historyCases (store: () => ProfileStore, capabilities: StoreCapabilities = { exclusiveLock: false }): void {
  describe('history', () => {
    it('appends records and gets them back', async () => {
      const records = [rec('room:a', 5, 1), rec('room:a', 6, 2)]
      expect(await store().history.append(records)).toEqual(records)
      expect(await store().history.get('room:a', hex(1))).toEqual(records[0])
      expect(await store().history.has('room:a', hex(2))).toBe(true)
      expect(await store().history.has('room:a', hex(3))).toBe(false)
      expect(await store().history.get('room:a', hex(3))).toBeUndefined()
      expect((await store().history.get('room:a', hex(1)))?.value.constructor).toBe(Uint8Array)
      expect(await store().history.append([])).toEqual([])
    })

    it('stores an id once and reports it as new once', async () => {
      const first = rec('room:a', 5, 1, 'first')
      expect(await store().history.append([first, rec('room:a', 7, 1, 'same id, same call')])).toEqual([first])
      expect(await store().history.append([rec('room:a', 9, 1, 'same id, later call')])).toEqual([])
      expect(summary((await store().history.page('room:a', { limit: 10 })).messages)).toEqual([[hex(1), 5, 'first']])
      expect(await store().history.count('room:a')).toBe(1)
    })

    it('counts its messages exactly: existing ones once, then every new one, never a duplicate or a key-value record', async () => {
      await store().history.append([rec('room:a', 1, 1), rec('room:b', 2, 2)])
      await store().kv('settings').put('nick', new TextEncoder().encode('not a message'))
      const first = await store().size()
      expect(first.entries).toBe(2)
      expect(first.bytes === null || (Number.isFinite(first.bytes) && first.bytes >= 0)).toBe(true)
      await store().history.append([rec('room:a', 3, 3), rec('room:a', 4, 1, 'duplicate of 1'), rec('dm:x', 5, 4)])
      await store().transaction().append(rec('room:c', 6, 5)).commit()
      expect((await store().size()).entries).toBe(5)
    })

    it('stores one id in two conversations as two messages', async () => {
      await store().history.append([rec('room:a', 1, 1, 'in a'), rec('room:b', 2, 1, 'in b')])
      expect(summary([(await store().history.get('room:b', hex(1)))!])).toEqual([[hex(1), 2, 'in b']])
      expect(await store().history.count('room:a')).toBe(1)
    })

    it('updates a message in place, keeping its position', async () => {
      await store().history.append([rec('room:a', 1, 1), rec('room:a', 2, 2), rec('room:a', 3, 3)])
      await store().history.update('room:a', hex(2), new TextEncoder().encode('edited'))
      expect(summary((await store().history.page('room:a', { limit: 10 })).messages))
        .toEqual([[hex(1), 1, 'm1'], [hex(2), 2, 'edited'], [hex(3), 3, 'm3']])
      expect(await store().history.count('room:a')).toBe(3)
    })

    it('refuses to update a message it does not hold', async () => {
      await store().history.append([rec('room:a', 1, 1)])
      await expect(store().history.update('room:a', hex(7), new Uint8Array())).rejects.toThrow(named('MessageNotFoundError'))
      await expect(store().history.update('room:b', hex(1), new Uint8Array())).rejects.toThrow(named('MessageNotFoundError'))
    })

    it.skipIf(capabilities.tiesById === false)('orders equal timestamps by id', async () => {
      await store().history.append([rec('room:a', 2, 0xb), rec('room:a', 2, 0xa), rec('room:a', 1, 0xf), rec('room:a', 2, 0x1)])
      const page = await store().history.page('room:a', { limit: 10 })
      expect(page.messages.map((r) => r.id)).toEqual([hex(0xf), hex(0x1), hex(0xa), hex(0xb)])
      expect(page.before).toBeNull()
    })

    it('returns the latest page oldest first, then older pages, with no cursor after the last', async () => {
      await store().history.append([1, 2, 3, 4, 5].map((t) => rec('room:a', t * 10, t)))
      const latest = await store().history.page('room:a', { limit: 2 })
      expect(latest.messages.map((r) => r.timestamp)).toEqual([40, 50])
      const middle = await store().history.page('room:a', { limit: 2, before: latest.before })
      expect(middle.messages.map((r) => r.timestamp)).toEqual([20, 30])
      const last = await store().history.page('room:a', { limit: 2, before: middle.before })
      expect(last).toEqual({ messages: [rec('room:a', 10, 1)], before: null })
    })

    it('gives no cursor when a page holds exactly the rest', async () => {
      await store().history.append([rec('room:a', 1, 1), rec('room:a', 2, 2)])
      expect((await store().history.page('room:a', { limit: 2 })).before).toBeNull()
      expect(await store().history.page('room:empty', { limit: 2 })).toEqual({ messages: [], before: null })
    })

    it('pages through every message exactly once, in order', async () => {
      let run = 0
      const records = fc.uniqueArray(fc.record({ t: fc.oneof(fc.nat({ max: 20 }), fc.nat(), fc.constant(MAX_TIMESTAMP)), id: fc.nat() }), { selector: (r) => r.id, maxLength: 80 })
      await fc.assert(fc.asyncProperty(records, fc.integer({ min: 1, max: 9 }), async (drawn, limit) => {
        // A fresh conversation per run, beside a neighbour whose name extends it.
        const conversation = `room:p${run++}`
        const mine = drawn.map(({ t, id }) => rec(conversation, t, id))
        await store().history.append([...mine, ...drawn.map(({ t, id }) => rec(`${conversation}x`, t, id))])
        const { records: walked, pages } = await walk(store(), conversation, limit)
        expectOrdered(walked, mine, capabilities, await collect(store().history.range(conversation)))
        expect(pages).toBe(Math.max(1, Math.ceil(mine.length / limit)))
      }), { numRuns: 40 })
    })

    it('keeps conversations whose names share a prefix apart', async () => {
      const names = ['room:a', 'room:ab', 'room:a\x01', 'room:a ', 'room:', 'room:ä', 'room:a😀', 'dm:a']
      for (const [i, name] of names.entries()) await store().history.append([rec(name, 100 - i, i, name), rec(name, 200 + i, 100 + i, name)])
      for (const [i, name] of names.entries()) {
        const page = await store().history.page(name, { limit: 10 })
        expect(page.messages.map((r) => r.id)).toEqual([hex(i), hex(100 + i)])
        expect(page.messages.every((r) => r.conversation === name && new TextDecoder().decode(r.value) === name)).toBe(true)
        expect(await store().history.count(name)).toBe(2)
        expect((await collect(store().history.range(name))).map((r) => r.id)).toEqual([hex(i), hex(100 + i)])
      }
      // In key order: by name in a clear store, by keyed hash in a sealed one.
      expect((await collect(store().history.conversations())).sort()).toEqual([...names].sort())
    })

    it('lists no conversations in an empty history', async () => {
      expect(await collect(store().history.conversations())).toEqual([])
    })

    it('reads a time range ascending, from inclusive and to exclusive', async () => {
      const records = [rec('room:a', 1, 1), rec('room:a', 5, 3), rec('room:a', 5, 2), rec('room:a', 9, 4), rec('room:b', 5, 5)]
      await store().history.append(records)
      const ids = async (options?: { from?: number, to?: number, limit?: number }): Promise<string[]> =>
        (await collect(store().history.range('room:a', options))).map((r) => r.id)
      // The two messages of time 5 in the store's order of ties.
      const tie = (await ids({ from: 5, to: 6 }))
      if (capabilities.tiesById !== false) expect(tie).toEqual([hex(2), hex(3)])
      expect(await ids({ from: 5, to: 9 })).toEqual(tie)
      expect(await ids({ from: 2 })).toEqual([...tie, hex(4)])
      expect(await ids({ to: 5 })).toEqual([hex(1)])
      expect(await ids({ from: 1, limit: 2 })).toEqual([hex(1), tie[0]])
      expect(await ids({ from: 9, to: 5 })).toEqual([])
      expect(await ids({ limit: 0 })).toEqual([])
      expectOrdered(await collect(store().history.range('room:a')), records.slice(0, 4), capabilities)
    })

    it('streams a range longer than one read and stops early when asked', async () => {
      const records: MessageRecord[] = Array.from({ length: 700 }, (_, i) => rec('room:long', 1000 + (i % 350), i))
      await store().history.append(records)
      expectOrdered(await collect(store().history.range('room:long')), records, capabilities, (await walk(store(), 'room:long', 97)).records)
      let seen = 0
      for await (const _ of store().history.range('room:long')) if (++seen === 3) break
      expect(seen).toBe(3)
      expect(await store().history.count('room:long')).toBe(700)
      expect(await store().history.count('room:none')).toBe(0)
    })

    it('lists the ids of a range (keys only where the layout allows) as range gives them, past one read', async () => {
      const records: MessageRecord[] = Array.from({ length: 700 }, (_, i) => rec('room:ids', 1000 + (i % 350), i))
      await store().history.append([...records, rec('room:idsx', 1200, 900), rec('room:id', 1200, 901)])
      for (const options of [{}, { from: 1200 }, { from: 1100, to: 1300 }, { to: 1001 }, { from: 2000 }]) {
        const ids = await collect(store().history.ids('room:ids', options))
        expect(ids).toEqual((await collect(store().history.range('room:ids', options))).map((r) => r.id))
        expect(ids.length).toBe(records.filter((r) => r.timestamp >= (options.from ?? 0) && r.timestamp < (options.to ?? Infinity)).length)
      }
      expect(await collect(store().history.ids('room:none'))).toEqual([])
    })
  })
}
