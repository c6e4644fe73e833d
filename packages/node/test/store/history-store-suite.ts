import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { MessageRecord, ProfileStore } from '../../src/store/index.js'

const hex = (n: number): string => n.toString(16).padStart(64, '0')
const rec = (conversation: string, timestamp: number, n: number, text = `m${n}`): MessageRecord =>
  ({ conversation, id: hex(n), timestamp, value: new TextEncoder().encode(text) })
const named = (name: string): unknown => expect.objectContaining({ name })

/** All pages of a conversation, walked newest to oldest, returned oldest first. */
async function walk (store: ProfileStore, conversation: string, limit: number): Promise<MessageRecord[]> {
  const pages: MessageRecord[][] = []
  let before: string | null = null
  do {
    const page = await store.history.page(conversation, { limit, before })
    pages.unshift(page.messages)
    before = page.before
  } while (before !== null)
  return pages.flat()
}

/**
 * The history-store compliance suite: one suite run against every backend
 * (classic-level in Node, browser-level in Chromium).
 */
export function historyStoreSuite (name: string, open: () => Promise<{ store: ProfileStore, cleanup: () => Promise<void> }>): void {
  describe(`history store on ${name}`, () => {
    let store: ProfileStore
    let cleanup: () => Promise<void>

    beforeEach(async () => {
      ({ store, cleanup } = await open())
    })

    afterEach(async () => {
      await cleanup()
    })

    it('appends, gets and stores an id once', async () => {
      const added = await store.history.append([rec('room:a', 5, 1), rec('room:a', 5, 1), rec('room:a', 6, 2)])
      expect(added.map((r) => r.id)).toEqual([hex(1), hex(2)])
      expect(await store.history.append([rec('room:a', 9, 1)])).toEqual([])
      expect((await store.history.get('room:a', hex(1)))?.timestamp).toBe(5)
      expect(await store.history.has('room:a', hex(3))).toBe(false)
      expect(await store.history.count('room:a')).toBe(2)
    })

    it('returns the latest page oldest first, ties broken by id, and keeps conversations apart', async () => {
      await store.history.append([rec('room:a', 2, 3), rec('room:a', 2, 1), rec('room:a', 1, 9), rec('room:ab', 3, 4)])
      const page = await store.history.page('room:a', { limit: 10 })
      expect(page.messages.map((r) => r.id)).toEqual([hex(9), hex(1), hex(3)])
      expect(page.before).toBeNull()
      expect((await store.history.page('room:ab', { limit: 10 })).messages).toHaveLength(1)
    })

    it('pages through every message exactly once, in order', async () => {
      await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), async (times, limit) => {
        const conversation = `room:p${Math.random().toString(36).slice(2)}`
        const records = times.map((t, i) => rec(conversation, t, i + 1))
        await store.history.append(records)
        const expected = [...records].sort((x, y) => x.timestamp - y.timestamp || (x.id < y.id ? -1 : 1)).map((r) => r.id)
        expect((await walk(store, conversation, limit)).map((r) => r.id)).toEqual(expected)
      }), { numRuns: 25 })
    })

    it('updates a message in place, keeping its position', async () => {
      await store.history.append([rec('room:a', 1, 1), rec('room:a', 2, 2)])
      await store.history.update('room:a', hex(1), new TextEncoder().encode('edited'))
      const page = await store.history.page('room:a', { limit: 5 })
      expect(new TextDecoder().decode(page.messages[0].value)).toBe('edited')
      await expect(store.history.update('room:a', hex(7), new Uint8Array())).rejects.toThrow(named('MessageNotFoundError'))
    })

    it('reads a time range ascending', async () => {
      await store.history.append([rec('room:a', 1, 1), rec('room:a', 5, 2), rec('room:a', 9, 3)])
      const got: string[] = []
      for await (const r of store.history.range('room:a', { from: 2, to: 9 })) got.push(r.id)
      expect(got).toEqual([hex(2)])
    })

    it('refuses bad records and garbage cursors with typed errors', async () => {
      await expect(store.history.append([{ ...rec('room:a', 1, 1), id: 'xyz' }])).rejects.toThrow(named('InvalidRecordError'))
      await expect(store.history.append([rec('', 1, 1)])).rejects.toThrow(named('InvalidRecordError'))
      await expect(store.history.append([rec('room:a', -1, 1)])).rejects.toThrow(named('InvalidRecordError'))
      for (const bad of ['zz', '', '00', 'not a cursor']) {
        await expect(store.history.page('room:a', { limit: 5, before: bad })).rejects.toThrow(named('InvalidCursorError'))
      }
      await store.history.append([rec('room:b', 1, 1), rec('room:b', 2, 2)])
      const other = await store.history.page('room:b', { limit: 1 })
      await expect(store.history.page('room:a', { limit: 5, before: other.before })).rejects.toThrow(named('InvalidCursorError'))
    })

    it('keeps key-value sublevels and writes related changes in one batch', async () => {
      const kv = store.kv('contacts')
      await kv.put('peer:1', Uint8Array.of(1))
      await kv.put('peer:2', Uint8Array.of(2))
      await kv.put('other', Uint8Array.of(3))
      const keys: string[] = []
      for await (const [k] of kv.entries({ prefix: 'peer:' })) keys.push(k)
      expect(keys).toEqual(['peer:1', 'peer:2'])
      await kv.del('peer:1')
      expect(await kv.get('peer:1')).toBeUndefined()
      expect(await store.kv('settings').get('peer:2')).toBeUndefined()
      await expect(store.commit([rec('room:a', 1, 1), { ...rec('room:a', 1, 2), id: 'bad' }], [{ sublevel: 'outbox', key: 'x', value: Uint8Array.of(1) }]))
        .rejects.toThrow(named('InvalidRecordError'))
      expect(await store.kv('outbox').get('x')).toBeUndefined()
      expect(await store.history.has('room:a', hex(1))).toBe(false)
      await store.commit([rec('room:a', 1, 1)], [{ sublevel: 'outbox', key: 'x', value: Uint8Array.of(1) }])
      expect(await store.kv('outbox').get('x')).toEqual(Uint8Array.of(1))
      expect(await store.history.has('room:a', hex(1))).toBe(true)
    })
  })
}
