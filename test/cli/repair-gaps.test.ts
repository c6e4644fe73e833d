/**
 * Gap markers (store/gaps.ts): `parley repair`'s copy records where messages were lost, as
 * spans between the messages it kept, and a refill (what room sync triggers) drops each message
 * that is back and each span once all of it is.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterAll, describe, expect, it } from 'vitest'
import { createProfileStore, readGaps, refillGaps } from '../../packages/node/src/store/index.js'
import { decodeGaps, MAX_GAP_IDS, spansOf } from '../../packages/node/src/store/gaps.js'
import { copyVerified } from '../../packages/node/src/store/repair.js'
import type { MessageRecord } from '../../packages/node/src/store/index.js'

const dirs: string[] = []
afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

const open = async (): Promise<ClassicLevel<string, Uint8Array>> => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-gaps-'))
  dirs.push(dir)
  return new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' })
}
const id = (n: number): string => n.toString(16).padStart(64, '0')
const rec = (conversation: string, n: number, text: string): MessageRecord =>
  ({ conversation, id: id(n), timestamp: 1000 + n, value: new TextEncoder().encode(text) })

describe('gap markers', () => {
  it('repair marks each span of lost messages between kept ones, and a refill closes them as the messages come back', async () => {
    const from = await open()
    const source = await createProfileStore(from)
    await source.kv('identity').put('self', new Uint8Array([1, 2, 3]))
    // 1 good, 2-3 damaged, 4 good, 5 gone from the table but still indexed, 6 good; a DM with nothing lost.
    await source.history.append([1, 2, 3, 4, 5, 6].map((n) => rec('room:a', n, n === 2 || n === 3 ? 'bad' : 'good')))
    await source.history.append([rec('dm:x', 7, 'good')])
    await from.sublevel<string, Uint8Array>('messages', { keyEncoding: 'utf8', valueEncoding: 'view' }).del(`room:a\x00${(1005).toString(16).padStart(13, '0')}\x00${id(5)}`)
    const to = await open()
    await to.open()
    await copyVerified(from, to, (_c, _id, value) => new TextDecoder().decode(value) === 'good')
    await source.close()
    const repaired = await createProfileStore(to)
    expect(await readGaps(repaired, 'room:a')).toEqual([
      { from: 1002, to: 1003, missing: 2, ids: [id(2), id(3)] },
      { from: 1005, to: 1005, missing: 1, ids: [id(5)] }
    ])
    expect(await readGaps(repaired, 'dm:x')).toEqual([])

    // A sync brings 2 and 5 back: the second span closes, the first keeps 3.
    await repaired.history.append([rec('room:a', 2, 'good'), rec('room:a', 5, 'good')])
    expect(await refillGaps(repaired, 'room:a')).toEqual({ refilled: 2, spans: [{ from: 1002, to: 1003, missing: 1, ids: [id(3)] }] })
    expect(await refillGaps(repaired, 'room:a')).toMatchObject({ refilled: 0 })
    await repaired.history.append([rec('room:a', 3, 'good')])
    expect(await refillGaps(repaired, 'room:a')).toEqual({ refilled: 1, spans: [] })
    expect(await repaired.kv('settings').get('gap:room:a')).toBeUndefined()
    await repaired.close()
  })

  it('lists at most MAX_GAP_IDS ids but counts every lost message, and reads a damaged record as no gaps', async () => {
    const lost = Array.from({ length: MAX_GAP_IDS + 5 }, (_, i) => ({ id: id(i), timestamp: i }))
    const spans = await spansOf(lost, async () => false)
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({ from: 0, to: MAX_GAP_IDS + 4, missing: MAX_GAP_IDS + 5 })
    expect(spans[0].ids).toHaveLength(MAX_GAP_IDS)
    expect(decodeGaps(new TextEncoder().encode('{not json'))).toEqual([])
    expect(decodeGaps(new TextEncoder().encode('[{"from":"x"}]'))).toEqual([])
  })
})
