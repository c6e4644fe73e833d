import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openNodeProfileStore } from '../../src/node/open-store.js'
import { MAX_READ_STATE_CONVERSATIONS, READ_STATE_KEY, ReadState } from '../../src/cli/tui-unread.js'

describe('the terminal\'s read state', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(async (d) => rm(d, { recursive: true, force: true })))
  })
  const dataDir = async (): Promise<string> => {
    const d = await mkdtemp(join(tmpdir(), 'parley-read-state-'))
    dirs.push(d)
    return d
  }

  it('keeps unread and mention counts in the profile across a reopen; a read conversation is forgotten', async () => {
    const dir = await dataDir()
    let store = await openNodeProfileStore(dir)
    let state = await ReadState.load(store.kv('settings'))
    state.add('room:side')
    state.add('dm:bob', true)
    state.add('dm:bob')
    state.add('room:gone')
    expect(state.clear('room:gone')).toBe(1)
    await state.close()
    await store.close()

    store = await openNodeProfileStore(dir)
    state = await ReadState.load(store.kv('settings'))
    expect(state.entries()).toEqual([['room:side', { unread: 1, mentions: 0 }], ['dm:bob', { unread: 2, mentions: 1 }]])
    expect(state.get('room:gone')).toEqual({ unread: 0, mentions: 0 })
    await state.close()
    await store.close()
  })

  it('starts afresh from a damaged record, and keeps only valid counts', async () => {
    const dir = await dataDir()
    const store = await openNodeProfileStore(dir)
    const kv = store.kv('settings')
    await kv.put(READ_STATE_KEY, new TextEncoder().encode('{not json'))
    expect((await ReadState.load(kv)).entries()).toEqual([])
    await kv.put(READ_STATE_KEY, new TextEncoder().encode(JSON.stringify({ unread: { a: 2, b: -1, c: 'x', d: 1.5 }, mentioned: { a: 9 } })))
    expect((await ReadState.load(kv)).entries()).toEqual([['a', { unread: 2, mentions: 2 }]])
    await store.close()
  })

  it('remembers at most MAX_READ_STATE_CONVERSATIONS conversations, forgetting the least recently changed', async () => {
    const dir = await dataDir()
    const store = await openNodeProfileStore(dir)
    const state = await ReadState.load(store.kv('settings'))
    for (let i = 0; i <= MAX_READ_STATE_CONVERSATIONS; i++) state.add(`room:r${i}`)
    expect(state.entries()).toHaveLength(MAX_READ_STATE_CONVERSATIONS)
    expect(state.get('room:r0').unread).toBe(0)
    await state.close()
    await store.close()
  })
})
