import { describe, expect, it } from 'vitest'
import { collect, hex, named, rec, summary } from './helpers.js'
import type { MessageRecord, ProfileStore, SublevelName } from '../../../src/store/index.js'

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

/** Key-value sublevels and atomic transactions. */
export function kvTransactionCases (store: () => ProfileStore): void {
  describe('key-value sublevels', () => {
    it('puts, gets and deletes', async () => {
      const kv = store().kv('contacts')
      expect(await kv.get('peer:1')).toBeUndefined()
      await kv.put('peer:1', bytes(1))
      await kv.put('peer:1', bytes(2))
      expect(await kv.get('peer:1')).toEqual(bytes(2))
      expect((await kv.get('peer:1'))?.constructor).toBe(Uint8Array)
      await kv.del('peer:1')
      await kv.del('never-there')
      expect(await kv.get('peer:1')).toBeUndefined()
    })

    it('lists entries in key order, all of them or those with a prefix', async () => {
      const kv = store().kv('rooms')
      // Neighbours on both sides of the prefix, and keys whose next character encodes above \xff.
      for (const key of ['peer;', 'peer:中', 'peer:b', 'peeq', 'peer:😀', 'peer:', 'peer:a\xff', 'peer']) await kv.put(key, new TextEncoder().encode(key))
      const keys = async (prefix?: string): Promise<string[]> => (await collect(kv.entries(prefix === undefined ? undefined : { prefix }))).map(([k]) => k)
      expect(await keys('peer:')).toEqual(['peer:', 'peer:a\xff', 'peer:b', 'peer:中', 'peer:😀'])
      expect(await keys()).toEqual(['peeq', 'peer', 'peer:', 'peer:a\xff', 'peer:b', 'peer:中', 'peer:😀', 'peer;'])
      expect(await keys('')).toEqual(await keys())
      expect(await keys('zzz')).toEqual([])
      const [[key, value]] = await collect(kv.entries({ prefix: 'peer:b' }))
      expect([key, new TextDecoder().decode(value), value.constructor]).toEqual(['peer:b', 'peer:b', Uint8Array])
    })

    it('keeps every sublevel apart from the others and from the history', async () => {
      const names: SublevelName[] = ['identity', 'contacts', 'rooms', 'sessions', 'outbox', 'settings', 'mailbox']
      for (const [i, name] of names.entries()) await store().kv(name).put('key', bytes(i))
      await store().history.append([rec('key', 1, 1)])
      for (const [i, name] of names.entries()) expect(await collect(store().kv(name).entries())).toEqual([['key', bytes(i)]])
    })

    it('refuses unknown sublevels and malformed keys and values', async () => {
      expect(() => store().kv('messages' as SublevelName)).toThrow(named('InvalidRecordError', { field: 'sublevel' }))
      const kv = store().kv('settings')
      await expect(kv.get('')).rejects.toThrow(named('InvalidRecordError', { field: 'key' }))
      await expect(kv.put('k'.repeat(1025), bytes())).rejects.toThrow(named('InvalidRecordError', { field: 'key' }))
      await expect(kv.del('\udc00')).rejects.toThrow(named('InvalidRecordError', { field: 'key' }))
      await expect(kv.put('k', 'v' as unknown as Uint8Array)).rejects.toThrow(named('InvalidRecordError', { field: 'value' }))
      expect(() => kv.entries({ prefix: 5 as unknown as string })).toThrow(named('InvalidRecordError', { field: 'prefix' }))
    })
  })

  describe('transactions', () => {
    it('commits appends, updates, puts and deletes together', async () => {
      await store().kv('outbox').put('old', bytes(9))
      const added = await store().transaction()
        .append(rec('dm:p', 1, 1))
        .append(rec('dm:p', 2, 2))
        .update('dm:p', hex(1), new TextEncoder().encode('read'))
        .put('outbox', 'new', bytes(1))
        .del('outbox', 'old')
        .commit()
      expect(added.map((r) => r.id)).toEqual([hex(1), hex(2)])
      expect(summary((await store().history.page('dm:p', { limit: 5 })).messages)).toEqual([[hex(1), 1, 'read'], [hex(2), 2, 'm2']])
      expect(await collect(store().kv('outbox').entries())).toEqual([['new', bytes(1)]])
    })

    it('rewrites a message read from the store at the timestamp it was read with, beside appends', async () => {
      await store().history.append([rec('dm:p', 5, 1), rec('dm:p', 6, 2)])
      const [read] = await store().history.getMany('dm:p', [hex(1)])
      expect(read?.timestamp).toBe(5)
      await store().transaction()
        .append(rec('dm:p', 7, 3))
        .rewrite({ ...(read as MessageRecord), value: new TextEncoder().encode('delivered') })
        .commit()
      expect(summary((await store().history.page('dm:p', { limit: 5 })).messages)).toEqual([[hex(1), 5, 'delivered'], [hex(2), 6, 'm2'], [hex(3), 7, 'm3']])
      expect(new TextDecoder().decode((await store().history.get('dm:p', hex(1)))?.value)).toBe('delivered')
      expect(() => store().transaction().rewrite({ ...(read as MessageRecord), id: 'bad' })).toThrow(named('InvalidRecordError', { field: 'id' }))
    })

    it('writes nothing when an update finds no message', async () => {
      const commit = store().transaction().append(rec('dm:p', 1, 1)).put('outbox', 'x', bytes(1)).update('dm:p', hex(2), bytes()).commit()
      await expect(commit).rejects.toThrow(named('MessageNotFoundError'))
      expect(await store().history.has('dm:p', hex(1))).toBe(false)
      expect(await store().kv('outbox').get('x')).toBeUndefined()
    })

    it('writes nothing when a call was refused, even if the caller carried on', async () => {
      const tx = store().transaction().put('outbox', 'x', bytes(1)).append(rec('dm:p', 1, 1))
      expect(() => tx.append({ ...rec('dm:p', 2, 2), id: 'bad' })).toThrow(named('InvalidRecordError', { field: 'id' }))
      expect(() => tx.put('nope' as SublevelName, 'k', bytes())).toThrow(named('InvalidRecordError', { field: 'sublevel' }))
      await expect(tx.commit()).rejects.toThrow(named('InvalidRecordError', { field: 'id' }))
      expect(await store().kv('outbox').get('x')).toBeUndefined()
      expect(await store().history.count('dm:p')).toBe(0)
    })

    it('skips ids already stored or appended earlier in the transaction', async () => {
      await store().history.append([rec('dm:p', 1, 1, 'stored')])
      const added = await store().transaction().append(rec('dm:p', 5, 1, 'again')).append(rec('dm:p', 2, 2)).append(rec('dm:p', 3, 2, 'twice')).commit()
      expect(summary(added)).toEqual([[hex(2), 2, 'm2']])
      expect(summary((await store().history.page('dm:p', { limit: 5 })).messages)).toEqual([[hex(1), 1, 'stored'], [hex(2), 2, 'm2']])
    })

    it('commits once', async () => {
      const tx = store().transaction().put('settings', 'a', bytes(1))
      await tx.commit()
      await expect(tx.commit()).rejects.toThrow(named('TransactionCommittedError'))
      expect(() => tx.put('settings', 'b', bytes(2))).toThrow(named('TransactionCommittedError'))
      expect(await store().transaction().commit()).toEqual([])
    })

    it('stores an id once when appends of it race', async () => {
      const racing = [1, 2, 3, 4].map(async (t) => store().history.append([rec('room:r', t, 1, `at ${t}`)]))
      const added = (await Promise.all(racing)).flat()
      expect(added).toHaveLength(1)
      expect(summary((await store().history.page('room:r', { limit: 10 })).messages)).toEqual(summary(added))
    })

    it('writes commits made together as a group, each with its own outcome', async () => {
      await store().history.append([rec('dm:p', 1, 1)])
      // Made in one tick: the first is written alone, the rest wait for it and go as one batch.
      const commits = [
        store().history.append([rec('dm:p', 2, 2)]),
        store().history.append([rec('dm:p', 3, 3), rec('dm:p', 3, 3)]),
        store().transaction().append(rec('dm:p', 4, 4)).update('dm:p', hex(9), bytes(1)).commit(),
        store().transaction().update('dm:p', hex(3), new TextEncoder().encode('edited')).put('outbox', 'k', bytes(2)).commit(),
        store().history.append([rec('dm:p', 2, 2), rec('dm:p', 5, 5)])
      ]
      const outcomes = await Promise.allSettled(commits)
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
      expect((outcomes[2] as PromiseRejectedResult).reason).toEqual(named('MessageNotFoundError'))
      expect((outcomes as Array<PromiseFulfilledResult<Array<{ id: string }>>>).filter((o) => o.status === 'fulfilled').map((o) => o.value.map((r) => r.id)))
        .toEqual([[hex(2)], [hex(3)], [], [hex(5)]])
      const texts = (await store().history.page('dm:p', { limit: 10 })).messages.map((m) => new TextDecoder().decode(m.value))
      expect(texts).toEqual(['m1', 'm2', 'edited', 'm5'])
      expect(await store().kv('outbox').get('k')).toEqual(bytes(2))
    })
  })
}
