/**
 * SEARCH_IDLE_MS: a loaded index nobody searches is written and dropped from memory, and the next
 * search loads it again. Real LevelDB in a temp dir; room messages written straight into history.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready, type Identity } from '@parley/crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../../../../test/support/poll.js'
import { roomConversation } from '../../src/constants.js'
import { RoomEvent, sealEvent } from '../../src/envelope.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { storedFrom } from '../../src/room-messages.js'
import { SearchIndex } from '../../src/search/index.js'
import type { ProfileStore } from '../../src/store/index.js'

const ROOM = 'idle'

describe('SearchIndex when nobody searches', () => {
  const cleanup: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c()
  })

  const open = async (): Promise<ProfileStore> => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-search-idle-'))
    const store = await openNodeProfileStore(dir)
    cleanup.push(async () => { await store.close(); await rm(dir, { recursive: true, force: true }) })
    return store
  }

  const write = async (store: ProfileStore, author: Identity, text: string): Promise<void> => {
    const sentAt = Date.now()
    const v = sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, nick: 'x', text }, sentAt)
    await store.history.append([{ conversation: roomConversation(ROOM), id: v.id, timestamp: sentAt, value: storedFrom(v, Date.now()) }])
  }

  const texts = async (index: SearchIndex, query: string): Promise<string[]> => (await index.search(query)).map((r) => r.text).sort()

  it('drops the loaded index after idleMs without a search, and the next search finds what came before and after', async () => {
    await ready()
    const store = await open()
    const author = generateIdentity()
    const index = new SearchIndex({ store, idleMs: 300 })
    cleanup.push(async () => { await index.stop() })
    await write(store, author, 'apple one')
    expect(await texts(index, 'apple')).toEqual(['apple one'])
    expect(index.loaded).toBe(true)
    // Indexed while loaded, not yet written as a segment when the index is dropped.
    await write(store, author, 'apple two')
    await until('the idle index to be dropped', () => !index.loaded, 10_000)
    // Arrives while nothing is in memory: logged, replayed by the next load.
    await write(store, author, 'apple three')
    expect(await texts(index, 'apple')).toEqual(['apple one', 'apple three', 'apple two'])
    expect(index.loaded).toBe(true)
    await until('the idle index to be dropped again', () => !index.loaded, 10_000)
  })

  it('refuses an idle time that is not a positive integer', async () => {
    const store = await open()
    for (const idleMs of [0, -1, 1.5, Number.NaN]) expect(() => new SearchIndex({ store, idleMs })).toThrow(RangeError)
  })
})
