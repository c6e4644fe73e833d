/**
 * The store half of `parley repair` (copyVerified) on real LevelDB: what
 * verifies is copied, what does not is dropped, the index is rebuilt from the
 * records, and an index entry whose record is gone no longer makes the
 * message "known", so sync can append it again.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterAll, describe, expect, it } from 'vitest'
import { createProfileStore } from '../../packages/node/src/store/index.js'
import { copyVerified } from '../../packages/node/src/store/repair.js'
import type { MessageRecord } from '../../packages/node/src/store/index.js'

const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

const open = async (): Promise<ClassicLevel<string, Uint8Array>> => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-repair-'))
  dirs.push(dir)
  return new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
}
const id = (n: number): string => n.toString(16).padStart(64, '0')
const rec = (conversation: string, n: number, text: string): MessageRecord =>
  ({ conversation, id: id(n), timestamp: 1000 + n, value: new TextEncoder().encode(text) })

describe('copyVerified', () => {
  it('copies what verifies, drops what does not, rebuilds the index and forgets lost records', async () => {
    const from = await open()
    const source = await createProfileStore(from)
    await source.kv('identity').put('self', new Uint8Array([1, 2, 3]))
    await source.kv('contacts').put('someone', new TextEncoder().encode('{}'))
    await source.history.append([rec('room:a', 1, 'good'), rec('room:a', 2, 'bad'), rec('room:a', 3, 'good'), rec('dm:x', 4, 'good')])
    // Damage as LevelDB's repair can leave it: record 3 gone but still indexed.
    await from.sublevel<string, Uint8Array>('messages', { keyEncoding: 'utf8', valueEncoding: 'view' }).del(`room:a\x00${(1003).toString(16).padStart(13, '0')}\x00${id(3)}`)
    const to = await open()
    await to.open()
    const audit = await copyVerified(from, to, (_c, _id, value) => new TextDecoder().decode(value) === 'good')
    expect(audit.unreadable).toEqual([])
    expect(audit.conversations).toEqual([
      { conversation: 'dm:x', indexed: 1, kept: 1, dropped: 0, lost: 0 },
      { conversation: 'room:a', indexed: 3, kept: 1, dropped: 1, lost: 1 }
    ])
    await source.close()
    const repaired = await createProfileStore(to)
    expect(await repaired.kv('identity').get('self')).toEqual(new Uint8Array([1, 2, 3]))
    expect(await repaired.kv('contacts').get('someone')).toEqual(new TextEncoder().encode('{}'))
    expect(await repaired.history.count('room:a')).toBe(1)
    expect(await repaired.history.has('room:a', id(2))).toBe(false)
    // The lost message is not "known" any more: a sync that brings it back stores it.
    expect(await repaired.history.has('room:a', id(3))).toBe(false)
    expect((await repaired.history.append([rec('room:a', 3, 'good')])).map((r) => r.id)).toEqual([id(3)])
    expect((await repaired.history.get('room:a', id(1)))?.value).toEqual(new TextEncoder().encode('good'))
    await repaired.close()
  })

  it('a record that makes verify throw is dropped, not fatal', async () => {
    const from = await open()
    const source = await createProfileStore(from)
    await source.history.append([rec('room:a', 1, 'good'), rec('room:a', 2, 'throws')])
    const to = await open()
    await to.open()
    const audit = await copyVerified(from, to, (_c, _id, value) => {
      if (new TextDecoder().decode(value) === 'throws') throw new RangeError('does not decode')
      return true
    })
    expect(audit.conversations).toEqual([{ conversation: 'room:a', indexed: 2, kept: 1, dropped: 1, lost: 0 }])
    await source.close()
    await to.close()
  })
})
