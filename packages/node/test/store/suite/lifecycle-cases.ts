import { describe, expect, it } from 'vitest'
import { collect, hex, named, rec } from './helpers.js'
import type { ProfileStore } from '../../../src/store/index.js'

/** What a closed store does. */
export function lifecycleCases (store: () => ProfileStore): void {
  describe('lifecycle', () => {
    it('refuses every operation once closed', async () => {
      await store().history.append([rec('room:a', 1, 1)])
      const kv = store().kv('settings')
      const range = store().history.range('room:a')
      await store().close()
      await store().close()
      const closed = named('StoreClosedError')
      await expect(store().history.append([rec('room:a', 2, 2)])).rejects.toThrow(closed)
      await expect(store().history.get('room:a', hex(1))).rejects.toThrow(closed)
      await expect(store().history.has('room:a', hex(1))).rejects.toThrow(closed)
      await expect(store().history.update('room:a', hex(1), new Uint8Array())).rejects.toThrow(closed)
      await expect(store().history.page('room:a', { limit: 1 })).rejects.toThrow(closed)
      await expect(store().history.count('room:a')).rejects.toThrow(closed)
      await expect(collect(range)).rejects.toThrow(closed)
      await expect(kv.get('k')).rejects.toThrow(closed)
      await expect(kv.put('k', new Uint8Array())).rejects.toThrow(closed)
      await expect(kv.del('k')).rejects.toThrow(closed)
      await expect(collect(kv.entries())).rejects.toThrow(closed)
      await expect(store().transaction().put('settings', 'k', new Uint8Array()).commit()).rejects.toThrow(closed)
      await expect(store().transaction().commit()).rejects.toThrow(closed)
    })

    it('ends a range that is being read when the store closes', async () => {
      await store().history.append(Array.from({ length: 600 }, (_, i) => rec('room:a', i, i)))
      const read: number[] = []
      const reading = (async () => {
        for await (const r of store().history.range('room:a')) {
          read.push(r.timestamp)
          if (read.length === 1) await store().close()
        }
      })()
      await expect(reading).rejects.toThrow(named('StoreClosedError'))
      expect(read.length).toBeGreaterThan(0)
      expect(read.length).toBeLessThan(600)
    })

    it('finishes operations started before close and refuses those asked for while it closes', async () => {
      const writing = store().history.append([rec('room:a', 1, 1)])
      const closing = store().close()
      await expect(store().history.has('room:a', hex(1))).rejects.toThrow(named('StoreClosedError'))
      await expect(store().kv('settings').put('k', new Uint8Array())).rejects.toThrow(named('StoreClosedError'))
      await closing
      expect(await writing).toHaveLength(1)
    })
  })
}
