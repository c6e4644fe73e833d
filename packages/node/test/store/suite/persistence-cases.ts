import { describe, expect, it } from 'vitest'
import { collect, hex, named, rec } from './helpers.js'
import type { StoreCapabilities, StoreUnderTest } from './helpers.js'

/** What survives close and reopen of one database, and who may open it. */
export function persistenceCases (opened: () => StoreUnderTest, capabilities: StoreCapabilities): void {
  describe('persistence', () => {
    it('keeps history, key-value entries and the id index across close and reopen', async () => {
      const { store, reopen } = opened()
      await store.transaction().append(rec('room:x', 2, 2)).append(rec('room:x', 1, 1)).put('identity', 'key', Uint8Array.of(7)).commit()
      await store.close()
      const again = await reopen()
      expect(await again.history.append([rec('room:x', 3, 1)])).toEqual([])
      expect((await again.history.page('room:x', { limit: 5 })).messages).toEqual([rec('room:x', 1, 1), rec('room:x', 2, 2)])
      expect(await collect(again.kv('identity').entries())).toEqual([['key', Uint8Array.of(7)]])
    })

    it('keeps a write that close waited for', async () => {
      const { store, reopen } = opened()
      const writing = store.history.append([rec('room:x', 1, 1)])
      await store.close()
      await writing
      const again = await reopen()
      expect(await again.history.has('room:x', hex(1))).toBe(true)
    })

    it.skipIf(!capabilities.exclusiveLock)('refuses a second open of the database while it is open', async () => {
      const { store, reopen } = opened()
      await expect(reopen()).rejects.toThrow(named('DataDirLockedError'))
      await store.close()
      await (await reopen()).close()
    })
  })
}
