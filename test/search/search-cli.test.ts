/**
 * Search from the real `parley` (packages/node/dist): `--json` `{"cmd":"search"}` answers
 * `{"results":[{conversation,id,from,nick,text,sentAt}]}`, and the terminal's /search lists
 * results with context and /goto jumps to one.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster, type Json } from '../peer/harness.js'
import { Terminal } from '../cli/terminal.js'

describe('search from the command line', () => {
  const cluster = new Cluster()
  const dirs: string[] = []
  const terminals: Terminal[] = []
  afterAll(async () => {
    for (const t of terminals) t.pty.kill()
    await cluster.close()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('answers a --json search with the results as the issue shapes them, and refuses a bad query by name', async () => {
    const p = await cluster.start(undefined, ['--nick', 'finder'])
    await p.ok({ cmd: 'join', room: 'garden' })
    const sent = (await p.ok({ cmd: 'send', room: 'garden', text: 'the heron stands in the pond' })).message as Json
    await p.ok({ cmd: 'send', room: 'garden', text: 'nothing to see' })
    const { results } = await p.ok({ cmd: 'search', query: 'heron', conversation: 'room:garden', limit: 5 }) as { results: Json[] }
    expect(results).toEqual([{ conversation: 'room:garden', id: sent.id, from: p.peerId, nick: 'finder', text: 'the heron stands in the pond', sentAt: sent.sentAt }])
    expect((await p.ok({ cmd: 'search', query: 'her' })).results).toHaveLength(1)
    expect((await p.ok({ cmd: 'search', query: 'pelican' })).results).toEqual([])
    const bad = await p.send({ cmd: 'search', query: '' })
    expect(bad).toMatchObject({ ok: false, error: { name: 'InvalidSearchError' } })
  })

  it('lists /search results with their conversation and context, and /goto shows the message there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-search-tui-'))
    dirs.push(dir)
    const t = new Terminal(['--data-dir', dir, '--nick', 'reader', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'])
    terminals.push(t)
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    await t.waitFor(/\[#lobby\] > /)
    t.type('/join pond')
    await t.waitFor(/\* now in #pond/)
    t.type('a kingfisher flashed past')
    await t.waitFor(/kingfisher flashed past {2}·[0-9a-f]{6}/)
    t.type('/switch lobby')
    await t.waitFor(/\* now in #lobby/)
    t.type('/search kingf')
    await t.waitFor(/\* 1 found; \/goto <n> to go there/)
    await t.waitFor(/ {2}1\. #pond \d\d:\d\d <reader> a kingfisher flashed past/)
    t.type('/goto 1')
    await t.waitFor(/\* now in #pond/)
    t.type('/search')
    await t.waitFor(/! \/search <words>/)

    // "/search here <words>" searches the open conversation only; "/search <words>" every one.
    // (The refused /search came back for editing: command() clears the line first.)
    await t.waitFor(/\* now in #lobby/, 20_000, t.command('/switch lobby'))
    t.type('another kingfisher, in the lobby')
    await t.waitFor(/another kingfisher, in the lobby {2}·[0-9a-f]{6}/)
    let from = t.command('/search here kingf')
    await t.waitFor(/\* 1 found; \/goto <n> to go there/, 20_000, from)
    await t.waitFor(/ {2}1\. #lobby \d\d:\d\d <reader> another kingfisher, in the lobby/, 20_000, from)
    from = t.command('/search kingf')
    await t.waitFor(/\* 2 found; \/goto <n> to go there/, 20_000, from)
    from = t.command('/help')
    await t.waitFor(/\/search here <words> +search only the conversation you are in/, 20_000, from)
  })
})
