/**
 * The stored index is read segment by segment (index-records.ts): a segment the meta names that is
 * missing or not UTF-8 makes the load rebuild the index from history, and the search still finds
 * every message. Real LevelDB in a temp dir; room messages written straight into history.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateIdentity, ready } from '@parley/crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { roomConversation } from '../../src/constants.js'
import { RoomEvent, sealEvent } from '../../src/envelope.js'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { storedFrom } from '../../src/room-messages.js'
import { SearchIndex } from '../../src/search/index.js'
import { IndexRecords } from '../../src/search/index-records.js'
import type { ProfileStore } from '../../src/store/index.js'

const ROOM = 'stored'
const SEGMENT = 'seg:000000'

describe('the stored index, read segment by segment', () => {
  const cleanup: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c()
  })

  /** A profile with two messages and a stored index of them. */
  const indexed = async (): Promise<ProfileStore> => {
    await ready()
    const dir = await mkdtemp(join(tmpdir(), 'parley-search-stored-'))
    const store = await openNodeProfileStore(dir)
    cleanup.push(async () => { await store.close(); await rm(dir, { recursive: true, force: true }) })
    const author = generateIdentity()
    for (const text of ['pear one', 'pear two']) {
      const v = sealEvent(author, { room: ROOM, kind: RoomEvent.Kind.TEXT, nick: 'x', text }, Date.now())
      await store.history.append([{ conversation: roomConversation(ROOM), id: v.id, timestamp: Date.now(), value: storedFrom(v, Date.now()) }])
    }
    const index = new SearchIndex({ store })
    expect(await index.search('pear')).toHaveLength(2)
    await index.stop()
    expect(await store.kv('search').get(SEGMENT)).toBeDefined()
    return store
  }

  const texts = async (store: ProfileStore): Promise<string[]> => {
    const index = new SearchIndex({ store })
    try {
      return (await index.search('pear')).map((r) => r.text).sort()
    } finally {
      await index.stop()
    }
  }

  it('a missing segment is reported by name while reading, and the next load rebuilds from history', async () => {
    const store = await indexed()
    await store.kv('search').del(SEGMENT)
    const stored = await new IndexRecords(store).read()
    expect(stored).toBeDefined()
    const read = async (): Promise<string[]> => {
      const out: string[] = []
      for await (const json of stored?.segments ?? []) out.push(json)
      return out
    }
    await expect(read()).rejects.toHaveProperty('name', 'StoredIndexDamagedError')
    expect(await texts(store)).toEqual(['pear one', 'pear two'])
    expect(await store.kv('search').get(SEGMENT)).toBeDefined()
  })

  it('a segment that is not UTF-8 is rebuilt from history', async () => {
    const store = await indexed()
    await store.kv('search').put(SEGMENT, new Uint8Array([0xff, 0xfe, 0x00]))
    expect(await texts(store)).toEqual(['pear one', 'pear two'])
  })
})
