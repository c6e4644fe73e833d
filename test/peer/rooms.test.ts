import { afterAll, describe, expect, it } from 'vitest'
import { CLI, Cluster, type Json } from './harness.js'
import { until } from '../support/poll.js'

describe('public rooms across parley --json processes', () => {
  const cluster = new Cluster()
  afterAll(async () => { await cluster.close() })

  it('carries a message along a line of five peers, each bootstrapped only to its neighbour, and stores it once everywhere', async () => {
    const peers = [await cluster.start()]
    for (let i = 1; i < 5; i++) peers.push(await cluster.start(undefined, ['--bootstrap', peers[i - 1].addr]))
    await Promise.all(peers.map(async (p) => p.ok({ cmd: 'join', room: 'line' })))
    // Mesh forms over a few heartbeats; retry the first message until it crosses the whole line.
    let sent: Json | undefined
    await until('the message to reach the last peer', async () => {
      sent ??= (await peers[0].ok({ cmd: 'send', room: 'line', text: 'end to end' })).message
      return peers[4].events.some((e) => e.event === 'message' && e.id === sent?.id)
    }, 40_000)
    for (const p of peers) {
      await until(`history of ${p.peerId}`, async () => (await p.ok({ cmd: 'history', room: 'line' })).messages.some((m: Json) => m.id === sent?.id), 20_000)
      const history = (await p.ok({ cmd: 'history', room: 'line', limit: 500 })).messages as Json[]
      expect(history.filter((m) => m.id === sent?.id)).toHaveLength(1)
      expect(p.events.filter((e) => e.event === 'message' && e.id === sent?.id)).toHaveLength(1)
    }
    const got = peers[4].events.find((e) => e.event === 'message' && e.id === sent?.id) as Json
    expect(got).toMatchObject({ room: 'line', from: peers[0].peerId, text: 'end to end' })
  })

  it('keeps history across a restart and pages through it exactly once, in order', async () => {
    const dir = await cluster.dir()
    const a = await cluster.start(dir)
    await a.ok({ cmd: 'join', room: 'paging' })
    const ids: string[] = []
    for (let i = 0; i < 23; i++) ids.push((await a.ok({ cmd: 'send', room: 'paging', text: `m${i}` })).message.id)
    await a.ok({ cmd: 'quit' })
    await a.exited
    const b = await cluster.start(dir)
    expect(b.peerId).toBe(a.peerId)
    expect((await b.ok({ cmd: 'rooms' })).rooms).toContain('paging')
    const seen: string[] = []
    let before: string | null = null
    do {
      const page: Json = await b.ok({ cmd: 'history', room: 'paging', limit: 5, before })
      seen.unshift(...(page.messages as Json[]).map((m) => m.id as string))
      before = page.before
    } while (before !== null)
    expect(seen).toEqual(ids)
  })

  it('answers malformed JSON, unknown commands and bad arguments with an error reply and keeps running', async () => {
    const p = await cluster.start()
    p.child.stdin.write('{not json\n')
    await p.waitFor((e) => e.ok === false && e.error?.name === 'BadCommandError' && e.id === undefined)
    expect((await p.send({ cmd: 'fly' })).error.name).toBe('BadCommandError')
    expect((await p.send({ cmd: 'join', room: 'No Spaces!' })).error.name).toBe('InvalidRoomNameError')
    expect((await p.send({ cmd: 'send', room: 'never-joined', text: 'x' })).error.name).toBe('NotJoinedError')
    expect((await p.send({ cmd: 'join' })).error.name).toBe('BadCommandError')
    await p.ok({ cmd: 'join', room: 'checks' })
    expect((await p.send({ cmd: 'send', room: 'checks', text: '' })).error.name).toBe('InvalidInputError')
    expect((await p.send({ cmd: 'send', room: 'checks', text: 'x', replyTo: 'nope' })).error.name).toBe('UnknownMessageError')
    expect((await p.send({ cmd: 'edit', room: 'checks', target: 'ab'.repeat(32), text: 'x' })).error.name).toBe('UnknownMessageError')
    expect((await p.send({ cmd: 'history', room: 'checks', limit: 0 })).error.name).toBe('InvalidRecordError')
    expect((await p.send({ cmd: 'history', room: 'checks', limit: 1.5 })).error.name).toBe('BadCommandError')
    expect((await p.send({ cmd: 'history', room: 'checks', before: 'garbage' })).error.name).toBe('InvalidCursorError')
    expect((await p.ok({ cmd: 'whoami' })).peerId).toBe(p.peerId)
  })

  it('exits with status 2 and a plain message on a bad flag or an unparsable multiaddr', async () => {
    const { spawnSync } = await import('node:child_process')
    const run = (...args: string[]): { status: number | null, stderr: string } =>
      spawnSync(process.execPath, [CLI, '--json', '--no-mdns', ...args], { encoding: 'utf8', input: '' })
    const badAddr = run('--listen', '/ip4/127.0.0.1/tcp/notaport')
    expect(badAddr.status).toBe(2)
    expect(badAddr.stderr).toContain('not a multiaddr: /ip4/127.0.0.1/tcp/notaport')
    const badBootstrap = run('--bootstrap', 'peer.example.com:4001')
    expect(badBootstrap.status).toBe(2)
    expect(badBootstrap.stderr).toContain('not a multiaddr')
    const unknown = run('--frobnicate')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('--frobnicate')
    for (const r of [badAddr, badBootstrap, unknown]) expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a second process on the same data directory with a clear message naming it', async () => {
    const dir = await cluster.dir()
    await cluster.start(dir)
    const second = await import('node:child_process').then(({ spawnSync }) =>
      spawnSync(process.execPath, [`${process.cwd()}/packages/node/dist/cli/index.js`, '--json', '--data-dir', dir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'], { encoding: 'utf8', input: '' }))
    expect(second.status).not.toBe(0)
    expect(second.stderr).toContain(`the data directory ${dir} is in use by another parley process`)
    expect(second.stderr).not.toMatch(/\n\s+at /)
  })
})
