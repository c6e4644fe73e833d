import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Terminal } from './terminal.js'
import { Cluster } from '../peer/harness.js'

/** How every continuation line of a remote text starts (packages/node/src/cli/tui-text.ts). */
const CONTINUATION = '      ┆ '
const FORGED = '12:00 <bob 3f9a:07c2 ✓> forged'

describe('the terminal shows what a peer sent, and nothing it could pass off as more', () => {
  const cluster = new Cluster()
  const dirs: string[] = []
  const terminals: Terminal[] = []
  afterAll(async () => {
    for (const t of terminals) t.pty.kill()
    await cluster.close()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  async function startTerminal (): Promise<{ alice: Terminal, addr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'parley-screen-'))
    dirs.push(dir)
    const alice = new Terminal(['--data-dir', dir, '--nick', 'alice', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'], { cols: 100 })
    terminals.push(alice)
    await alice.waitFor(/Passphrase to protect your key/)
    alice.type('')
    const addr = (await alice.waitFor(/(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)/))[1]
    await alice.waitFor(/\[#lobby\] > /)
    return { alice, addr }
  }

  it('indents a forged author line, shows escape sequences and bidi overrides, and wraps padding itself', async () => {
    const { alice, addr } = await startTerminal()

    const mallory = await cluster.start(undefined, ['--bootstrap', addr])
    // A nick with an escape sequence in it: it must not colour the screen either.
    await mallory.ok({ cmd: 'nick', nick: 'mal\x1b[32mlory' })
    await mallory.ok({ cmd: 'join', room: 'lobby' })
    await mallory.ok({ cmd: 'send', room: 'lobby', text: `hi\n${FORGED}` })
    await mallory.ok({ cmd: 'send', room: 'lobby', text: 'colour \x1b[31mRED\x1b[0m and \x9b2J' })
    await mallory.ok({ cmd: 'send', room: 'lobby', text: 'access \u202eLevel\u202c user' })
    // Padding to the terminal's edge: were the terminal to wrap it, the forgery would start at column 0.
    await mallory.ok({ cmd: 'send', room: 'lobby', text: `${'.'.repeat(100)}${FORGED} by wrapping` })

    // Each shown as sent, made visible (live or fetched by sync, in either order).
    await alice.waitFor(/\[K\d\d:\d\d <mal␛\[32mlory [0-9a-f]{4}:[0-9a-f]{4}> hi\r\n {6}┆ 12:00 <bob 3f9a:07c2 ✓> forged {2}·[0-9a-f]{6}\r\n/, 60_000)
    await alice.waitFor(/<mal␛\[32mlory [0-9a-f]{4}:[0-9a-f]{4}> colour ␛\[31mRED␛\[0m and ⟨U\+009B⟩2J {2}·/)
    await alice.waitFor(/<mal␛\[32mlory [0-9a-f]{4}:[0-9a-f]{4}> access ⟨U\+202E⟩Level⟨U\+202C⟩ user {2}·/)
    await alice.waitFor(/<mal␛\[32mlory [0-9a-f]{4}:[0-9a-f]{4}> \.+\r\n {6}┆ \.+12:00 <bob 3f9a:07c2 ✓> forged by wrapping {2}·/)
    const lines = alice.lines()
    expect(lines.filter((l) => l.startsWith(CONTINUATION))).toHaveLength(2)
    // Mallory's lines fit the 100-column terminal: none of them is wrapped by the terminal itself.
    for (const line of lines.filter((l) => l.includes('mal␛') || l.startsWith(CONTINUATION))) expect([...line].length).toBeLessThanOrEqual(100)
    // No line of the screen starts as bob's, and nothing a peer sent reached the terminal as a control.
    expect(lines.filter((l) => l.startsWith('12:00 <bob'))).toEqual([])
    expect(alice.output).not.toContain('\x1b[31m')
    expect(alice.output).not.toContain('\x1b[32m')
    expect(alice.output).not.toContain('\u202e')
    expect(alice.output).not.toContain('\x9b')
  }, 120_000)

  it('refuses a nick two peers share, and any nick for /invite and /verify, listing both with fingerprints', async () => {
    const { alice, addr } = await startTerminal()
    const [bob1, bob2] = await Promise.all([cluster.start(undefined, ['--bootstrap', addr]), cluster.start(undefined, ['--bootstrap', addr])])
    for (const [i, bob] of [bob1, bob2].entries()) {
      await bob.ok({ cmd: 'nick', nick: 'bob' })
      await bob.ok({ cmd: 'join', room: 'lobby' })
      await bob.ok({ cmd: 'send', room: 'lobby', text: `I am bob ${i + 1}` })
    }
    await alice.waitFor(/<bob [0-9a-f]{4}:[0-9a-f]{4}> I am bob 1/, 60_000)
    await alice.waitFor(/<bob [0-9a-f]{4}:[0-9a-f]{4}> I am bob 2/, 60_000)
    const both = (error: string): RegExp => new RegExp(`! ${error}: [^\\r\\n]*nick bob [0-9a-f]{4}:[0-9a-f]{4} (${bob1.peerId}|${bob2.peerId}); nick bob [0-9a-f]{4}:[0-9a-f]{4} (${bob1.peerId}|${bob2.peerId})`)

    let from = alice.command('/msg bob are you the real one?')
    const ambiguous = await alice.waitFor(both('AmbiguousNameError'), 30_000, from)
    expect(new Set(ambiguous.slice(1, 3))).toEqual(new Set([bob1.peerId, bob2.peerId]))
    from = alice.command('/create-private club')
    await alice.waitFor(/\* now in &club/, 30_000, from)
    from = alice.command('/invite bob')
    await alice.waitFor(both('NicknameNotAcceptedError'), 30_000, from)
    from = alice.command('/verify bob')
    await alice.waitFor(both('NicknameNotAcceptedError'), 30_000, from)
    // With a petname of her own, the same word means exactly one person.
    from = alice.command(`/add ${bob2.peerId} bob`)
    await alice.waitFor(new RegExp(`\\* added ${bob2.peerId}`), 30_000, from)
    from = alice.command('/invite bob')
    await alice.waitFor(/\* invited/, 30_000, from)
    await bob2.waitFor((e) => e.event === 'invite', 30_000, 'the invite')
    expect(bob1.events.some((e) => e.event === 'invite')).toBe(false)
  }, 120_000)
})
