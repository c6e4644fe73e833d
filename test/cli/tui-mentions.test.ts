import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Terminal } from './terminal.js'

describe('mentions in the parley terminal chat', () => {
  const dirs: string[] = []
  const terminals: Terminal[] = []
  afterAll(async () => {
    for (const t of terminals) t.pty.kill()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  async function start (nick: string, extra: string[] = []): Promise<{ t: Terminal, peerId: string, addr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'parley-tui-'))
    dirs.push(dir)
    const t = new Terminal(['--data-dir', dir, '--nick', nick, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0', ...extra])
    terminals.push(t)
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    const peerId = (await t.waitFor(/Parley peer (\S+)/))[1]
    const addr = (await t.waitFor(/(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)/))[1]
    await t.waitFor(/\[#lobby\] > /)
    return { t, peerId, addr }
  }

  it('completes @nick with Tab to a member of the room, sends its key, marks the mention and lists it with /mentions', async () => {
    const alice = await start('alice')
    const bob = await start('bobby', ['--bootstrap', alice.addr])
    // Typed once: history sync brings it even before the mesh forms; alice then knows bob as a member.
    bob.t.type('hello from bobby')
    await alice.t.waitFor(/<bobby [0-9a-f]{4}:[0-9a-f]{4}> hello from bobby/, 45_000)
    const from = alice.t.output.length
    alice.t.pty.write('ping @bo\t')
    await alice.t.waitFor(/ping @bobby/, 20_000, from)
    alice.t.pty.write(' the build is green\r')
    await bob.t.waitFor(/» \d\d:\d\d <alice [0-9a-f]{4}:[0-9a-f]{4}> ping @bobby the build is green/, 45_000)
    // A plain @nick without completion carries no key: no mark (the canary, sent after, is marked).
    alice.t.type('@bobby typed by hand')
    alice.t.pty.write('canary @bo\t')
    await alice.t.waitFor(/canary @bobby/, 20_000, from)
    alice.t.pty.write('\r')
    await bob.t.waitFor(/» \d\d:\d\d <alice [0-9a-f]{4}:[0-9a-f]{4}> canary @bobby/, 45_000)
    await bob.t.waitFor(/<alice [0-9a-f]{4}:[0-9a-f]{4}> @bobby typed by hand/, 45_000)
    expect(bob.t.output).not.toMatch(/» \d\d:\d\d <alice [0-9a-f]{4}:[0-9a-f]{4}> @bobby typed by hand/)
    const listed = bob.t.command('/mentions')
    await bob.t.waitFor(/#lobby \d\d:\d\d <alice> canary @bobby/, 20_000, listed)
    expect(bob.t.output.slice(listed)).toMatch(/#lobby \d\d:\d\d <alice> ping @bobby the build is green/)
    expect(bob.t.output.slice(listed)).not.toMatch(/typed by hand/)
    // Away in another room, the status line counts the unread mention with an @.
    bob.t.type('/join side')
    await bob.t.waitFor(/\* now in #side/)
    const again = alice.t.output.length
    alice.t.pty.write('again @bo\t')
    await alice.t.waitFor(/again @bobby/, 20_000, again)
    alice.t.pty.write('\r')
    await bob.t.waitFor(/\[#side\] \((?:[^)]*, )?#lobby 1@(?:, [^)]*)?\) > /, 45_000)
  })
})
