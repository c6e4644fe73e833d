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
import { Cluster, type Json, type ParleyProcess } from '../peer/harness.js'
import { until } from '../support/poll.js'
import { createProfileStore, readGaps, refillGaps } from '../../packages/node/src/store/index.js'
import { decodeGaps, encodeGaps, MAX_GAP_IDS, spansOf } from '../../packages/node/src/store/gaps.js'
import { copyVerified } from '../../packages/node/src/store/repair.js'
import type { MessageRecord } from '../../packages/node/src/store/index.js'

const dirs: string[] = []
const cluster = new Cluster()
afterAll(async () => {
  await cluster.close()
  await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
})

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
    const spans = await spansOf(lost, async () => await Promise.resolve(false))
    expect(spans).toHaveLength(1)
    expect(spans[0]).toMatchObject({ from: 0, to: MAX_GAP_IDS + 4, missing: MAX_GAP_IDS + 5 })
    expect(spans[0].ids).toHaveLength(MAX_GAP_IDS)
    expect(decodeGaps(new TextEncoder().encode('{not json'))).toEqual([])
    expect(decodeGaps(new TextEncoder().encode('[{"from":"x"}]'))).toEqual([])
  })

  it('a running peer shows the marker in its history until a member\'s sync brings the lost messages back', async () => {
    const bob = await cluster.start(undefined, ['--nick', 'bob'])
    await bob.ok({ cmd: 'join', room: 'lobby' })
    const dir = await cluster.dir()
    let alice: ParleyProcess = await cluster.start(dir, ['--nick', 'alice', '--bootstrap', bob.addr])
    await alice.ok({ cmd: 'join', room: 'lobby' })
    const sent: Json[] = []
    for (let i = 0; i < 6; i++) sent.push((await alice.ok({ cmd: 'send', room: 'lobby', text: `line ${i}` })).message)
    await until('bob has every line', async () => (await bob.ok({ cmd: 'history', room: 'lobby', limit: 50 })).messages.length === 6, 40_000)
    await alice.ok({ cmd: 'quit' })
    await alice.exited

    // What `parley repair` leaves when lines 2 and 3 were damaged: the records and their index entries gone, a gap record.
    const db = new ClassicLevel<string, Uint8Array>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    const messages = db.sublevel<string, Uint8Array>('messages', { keyEncoding: 'utf8', valueEncoding: 'view' })
    const ids = db.sublevel<string, Uint8Array>('message-ids', { keyEncoding: 'utf8', valueEncoding: 'view' })
    const lost = [sent[2], sent[3]].map((m) => ({ id: m.id as string, timestamp: m.sentAt as number }))
    for (const [key] of await messages.iterator().all()) if (lost.some((m) => key.endsWith(m.id))) await messages.del(key)
    for (const m of lost) await ids.del(`room:lobby\x00${m.id}`)
    await db.sublevel<string, Uint8Array>('settings', { keyEncoding: 'utf8', valueEncoding: 'view' }).put('gap:room:lobby', encodeGaps(await spansOf(lost, async () => await Promise.resolve(false))))
    await db.close()

    alice = await cluster.start(dir)
    const before = await alice.ok({ cmd: 'history', room: 'lobby', limit: 50 })
    expect(before.messages.map((m: Json) => m.text)).toEqual(['line 0', 'line 1', 'line 4', 'line 5'])
    expect(before.gaps).toEqual([{ from: lost[0].timestamp, to: lost[1].timestamp, missing: 2 }])
    await alice.ok({ cmd: 'dial', addr: bob.addr })
    const refilled = await alice.waitFor((e) => e.event === 'gap-refilled', 60_000, 'the lost lines to come back by sync')
    expect(refilled).toMatchObject({ conversation: 'room:lobby', refilled: 2, missing: 0 })
    const after = await alice.ok({ cmd: 'history', room: 'lobby', limit: 50 })
    expect(after.messages.map((m: Json) => m.text)).toEqual(sent.map((m) => m.text))
    expect(after.gaps).toEqual([])
  }, 120_000)
})
