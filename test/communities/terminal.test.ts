/** The owned-room commands of the terminal chat, in a real pseudo-terminal. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { Terminal } from '../cli/terminal.js'

describe('the terminal\'s owned-room commands', () => {
  const dirs: string[] = []
  const terminals: Terminal[] = []
  afterAll(async () => {
    for (const t of terminals) t.pty.kill()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('creates a room shown as name~key, sets a topic and slow mode, tells the events, and refuses what does not apply with a typed error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-tui-mod-'))
    dirs.push(dir)
    const t = new Terminal(['--data-dir', dir, '--nick', 'owner', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'])
    terminals.push(t)
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    await t.waitFor(/\[#lobby\] > /)
    let from = t.command('/ban nobody')
    await t.waitFor(/! .*owned room/, 20_000, from)
    from = t.command('/create Rust')
    await t.waitFor(/\* now in #rust~[0-9a-f]{8}\b/, 20_000, from)
    from = t.command('/topic all things rust')
    await t.waitFor(/\* owner topic: all things rust/, 20_000, from)
    from = t.command('/slow 1m')
    await t.waitFor(/\* owner slow 60 s/, 20_000, from)
    from = t.command('/info')
    await t.waitFor(/slow mode: 60 s, log: 2 actions/, 20_000, from)
    from = t.command('/ban owner')
    await t.waitFor(/! NotOwnerError/, 20_000, from)
    from = t.command('/reports')
    await t.waitFor(/\* no reports/, 20_000, from)
    from = t.command('/event +1h 1h meetup')
    await t.waitFor(/\* event [0-9a-f]{6} scheduled/, 20_000, from)
    from = t.command('/events')
    await t.waitFor(/ [0-9a-f]{6} \d{4}-\d\d-\d\dT\d\d:\d\d meetup/, 20_000, from)
    from = t.command('/mute x soon')
    await t.waitFor(/! a duration: 30s, 10m, 2h, 1d/, 20_000, from)
  })
})
