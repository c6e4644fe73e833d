/**
 * The stored mention list (mentions/mention-list.ts) in a real LevelDB profile: bounded to
 * MAX_KEPT_MENTIONS under a long stream, kept across a reopen, and a damaged record reported as
 * CorruptMessageError rather than silently read as an empty list.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_KEPT_MENTIONS, MentionList, type Mention } from '../../src/mentions/mention-list.js'
import { openNodeProfileStore } from '../../src/node/index.js'

let dir = ''
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

const mention = (i: number): Mention => ({ conversation: 'room:lobby', id: `m${i}`, from: 'peer', nick: 'nick', text: `hi ${i}`, sentAt: i })

describe('the mention list', () => {
  it('stays at its cap under a long stream, keeps the newest, and survives a reopen', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-mentions-'))
    let store = await openNodeProfileStore(dir)
    const errors: Error[] = []
    let list = new MentionList(store, (e) => { errors.push(e) })
    const total = MAX_KEPT_MENTIONS + 150
    for (let i = 0; i < total; i++) await list.add(mention(i))
    expect(await list.add(mention(total - 1))).toBe(false)
    const kept = await list.list()
    expect(kept).toHaveLength(MAX_KEPT_MENTIONS)
    expect(kept[0].id).toBe(`m${total - 1}`)
    await store.close()
    store = await openNodeProfileStore(dir)
    list = new MentionList(store, (e) => { errors.push(e) })
    expect((await list.list(2)).map((m) => m.id)).toEqual([`m${total - 1}`, `m${total - 2}`])
    expect(errors).toEqual([])
    await store.close()
  })

  it('reports a damaged stored list and starts again with the next mention', async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-mentions-'))
    const store = await openNodeProfileStore(dir)
    await store.kv('settings').put('mentions', new TextEncoder().encode('{"half a'))
    const errors: Error[] = []
    const list = new MentionList(store, (e) => { errors.push(e) })
    expect(await list.list()).toEqual([])
    expect(errors.map((e) => e.name)).toEqual(['CorruptMessageError'])
    expect(await list.add(mention(1))).toBe(true)
    expect((await list.list()).map((m) => m.id)).toEqual(['m1'])
    await store.close()
  })
})
