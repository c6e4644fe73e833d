/**
 * A burst of DMs goes out in windows (many frames in flight, cumulative acks, the recipient's
 * batches); the recipient SIGKILLed mid-burst loses none of them and shows none twice.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json, type ParleyProcess } from './harness.js'
import { until } from '../support/poll.js'
import { DM_WINDOW_FRAMES } from '../../packages/node/src/dm/constants.js'

async function dmHistory (p: ParleyProcess, peer: string): Promise<Json[]> {
  const out: Json[] = []
  let before: string | null = null
  do {
    const page: Json = await p.ok({ cmd: 'dm-history', peer, limit: 500, before })
    out.unshift(...(page.messages as Json[]))
    before = page.before
  } while (before !== null)
  return out
}

const shown = (p: ParleyProcess): string[] => p.events.filter((e) => e.event === 'dm').map((e) => e.id as string)

describe('a window of DMs in flight', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('loses and doubles nothing when the recipient is SIGKILLed mid-burst', async () => {
    const a = await cluster.start()
    const bDir = await cluster.dir()
    const first = await cluster.start(bDir, ['--bootstrap', a.addr])
    await first.ok({ cmd: 'contact-add', peer: a.peerId })
    // A session first, so the burst goes out in windows from its first frame.
    const hello = (await a.ok({ cmd: 'dm', to: first.peerId, text: 'hello' })).message
    await first.waitFor((e) => e.event === 'dm' && e.id === hello.id, 30_000, 'the first DM')
    const count = 6 * DM_WINDOW_FRAMES
    // Commands stream in without waiting: the burst outruns the window.
    const sending = Promise.all(Array.from({ length: count }, async (_, i) => (await a.send({ cmd: 'dm', to: first.peerId, text: `w${i}` }, 60_000)).message.id as string))
    await until('a window or more shown before the kill', () => shown(first).length > DM_WINDOW_FRAMES, 60_000)
    await first.kill('SIGKILL')
    const sent = await sending
    const beforeKill = shown(first)
    expect(sent.filter((id) => !beforeKill.includes(id)).length).toBeGreaterThan(0)
    const second = await cluster.start(bDir, ['--bootstrap', a.addr])
    await until('the outbox to drain after the restart', async () => (await a.ok({ cmd: 'outbox' })).pending === 0, 120_000)
    const history = (await dmHistory(second, a.peerId)).map((m) => m.id)
    // Nothing lost, nothing stored twice, in the order sent.
    expect(history).toEqual([hello.id, ...sent])
    // Nothing shown twice: what the killed process showed is not shown again after the restart
    // (a DM stored just before the kill may have lost its event line with the process: it is in the history).
    const afterRestart = shown(second)
    expect(afterRestart.filter((id) => beforeKill.includes(id))).toEqual([])
    expect(new Set(afterRestart).size).toBe(afterRestart.length)
    expect(second.stderr).not.toMatch(/DuplicateMessageError|MessageAuthenticationError/)
  }, 300_000)
})
