import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Terminal } from './terminal.js'
import { CLI } from '../peer/harness.js'

describe('the parley terminal chat', () => {
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
    // First run: the passphrase question; an empty answer stores the key unsealed (with a warning).
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    const peerId = (await t.waitFor(/Parley peer (\S+)/))[1]
    const addr = (await t.waitFor(/(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)/))[1]
    await t.waitFor(/\[#lobby\] > /)
    return { t, peerId, addr }
  }

  it('lets two peers chat in a room, DM each other and see the same safety number', async () => {
    const alice = await start('alice')
    const bob = await start('bob', ['--bootstrap', alice.addr])
    alice.t.type('/join tea')
    bob.t.type('/join tea')
    await bob.t.waitFor(/\* now in #tea/)
    // Typed once, maybe before the mesh has formed: history sync must still bring it to Bob's screen.
    alice.t.type('hello from alice')
    await bob.t.waitFor(/<alice [0-9a-f]{4}:[0-9a-f]{4}> hello from alice/, 45_000)
    // Bob is no contact of Alice: his DM arrives as a message request, shown as a notice only.
    bob.t.type(`/msg ${alice.peerId} psst alice`)
    await alice.t.waitFor(/\* message request from bob [0-9a-f]{4}:[0-9a-f]{4} \(1\): "psst alice"/)
    expect(alice.t.output).not.toMatch(/<bob [0-9a-f]{4}:[0-9a-f]{4}> psst alice/)
    alice.t.type('/requests')
    await alice.t.waitFor(new RegExp(`bob [0-9a-f]{4}:[0-9a-f]{4} ${bob.peerId} \\(1, \\d\\d:\\d\\d\\): psst alice`))
    alice.t.type(`/accept-request ${bob.peerId}`)
    await alice.t.waitFor(/<bob [0-9a-f]{4}:[0-9a-f]{4}> psst alice/)
    await alice.t.waitFor(/\* now in @bob/)
    alice.t.type('/switch tea')
    await alice.t.waitFor(/\* now in #tea/)
    bob.t.type(`/msg ${alice.peerId} and again`)
    await alice.t.waitFor(/@bob \d\d:\d\d <bob [0-9a-f]{4}:[0-9a-f]{4}> and again/)
    await alice.t.waitFor(/\[#tea\] \((?:[^)]*, )?@bob 1(?:, [^)]*)?\) > /)
    const aStart = alice.t.output.length
    const bStart = bob.t.output.length
    alice.t.type(`/verify ${bob.peerId}`)
    bob.t.type(`/verify ${alice.peerId}`)
    const groups = /((?:\d{5} ){3}\d{5})\r?\n.*?((?:\d{5} ){3}\d{5})\r?\n.*?((?:\d{5} ){3}\d{5})/s
    const a = await alice.t.waitFor(groups, 20_000, aStart)
    const b = await bob.t.waitFor(groups, 20_000, bStart)
    expect(a.slice(1, 4).join(' ')).toMatch(/^(\d{5} ){11}\d{5}$/)
    expect(a.slice(1, 4)).toEqual(b.slice(1, 4))
  })

  it('drops a stranger\'s message request when it is blocked, and shows none after', async () => {
    const dave = await start('dave')
    const erin = await start('erin', ['--bootstrap', dave.addr])
    erin.t.type(`/msg ${dave.peerId} buy my stuff`)
    await dave.t.waitFor(/\* message request from erin [0-9a-f]{4}:[0-9a-f]{4} \(1\): "buy my stuff"/)
    dave.t.type(`/block ${erin.peerId}`)
    await dave.t.waitFor(/\* blocked/)
    const from = dave.t.output.length
    dave.t.type('/requests')
    await dave.t.waitFor(/\* no message requests/, 20_000, from)
    // Its held DM went with it (the --json test checks that later DMs are refused, not held).
    dave.t.type(`/switch ${erin.peerId}`)
    await dave.t.waitFor(/\* now in @erin/, 20_000, from)
    const shown = dave.t.output.length
    dave.t.type('/history')
    // The prompt drawn again after the echoed command: /history has printed all it had.
    await dave.t.waitFor(/\/history[\s\S]*\[@erin\] > /, 20_000, shown)
    expect(dave.t.output.slice(shown)).not.toMatch(/buy my stuff/)
  })

  it('gives a one-line hint for an unknown command and keeps the typed text', async () => {
    const carol = await start('carol')
    carol.t.type('/frobnicate now')
    await carol.t.waitFor(/! unknown command \/frobnicate: \/help lists them/)
    await carol.t.waitFor(/\[#lobby\] > \/frobnicate now/)
  })

  it('prints help and exits 0, and exits 2 with a message on a bad flag or multiaddr', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('--data-dir')
    expect(help.stdout).toContain('--headless')
    const bad = spawnSync(process.execPath, [CLI, '--frobnicate'], { encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain("unknown option '--frobnicate'")
    const addr = spawnSync(process.execPath, [CLI, '--bootstrap', 'not-a-multiaddr'], { encoding: 'utf8' })
    expect(addr.status).toBe(2)
    expect(addr.stderr).toContain('not a multiaddr')
    const version = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' })
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
