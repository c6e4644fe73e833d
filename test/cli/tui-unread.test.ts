/**
 * The terminal's read state across restarts: a `parley` terminal (real CLI in a pseudo-terminal)
 * counts a contact's DMs (one mentioning it) and a room's messages while elsewhere, quits, starts
 * again on the same data dir and shows the same counts and `@` in its status line; reading the DM
 * sends read receipts to the contact (a `parley --json` peer), and the cleared counts stay cleared
 * after another restart.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Cluster } from '../peer/harness.js'
import { Terminal } from './terminal.js'

describe('unread counts in the parley terminal', () => {
  const dirs: string[] = []
  const terminals: Terminal[] = []
  const cluster = new Cluster()
  afterAll(async () => {
    for (const t of terminals) t.pty.kill()
    await cluster.close()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  /** Starts the terminal on `dir` (first time: no passphrase); resolves once the prompt shows, with its address. */
  async function terminal (dir: string, first: boolean, extra: string[] = []): Promise<{ t: Terminal, peerId: string, addr: string }> {
    const t = new Terminal(['--data-dir', dir, '--nick', 'alice', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0', ...extra])
    terminals.push(t)
    if (first) {
      await t.waitFor(/Passphrase to protect your key/)
      t.type('')
    }
    const peerId = (await t.waitFor(/Parley peer (\S+)/))[1]
    const addr = (await t.waitFor(/(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)/))[1]
    await t.waitFor(/\[#lobby\][^\n]*> /)
    return { t, peerId, addr }
  }

  async function quit (t: Terminal): Promise<void> {
    const exited = new Promise<void>((resolve) => { t.pty.onExit(() => { resolve() }) })
    t.command('/quit')
    await exited
  }

  /** Alice's terminal in a fresh data directory, and bob (a --json peer) added as her contact. */
  const aliceAddsBob = async (prefix: string): Promise<{ dir: string, alice: Awaited<ReturnType<typeof terminal>>, bob: Awaited<ReturnType<typeof cluster.start>> }> => {
    const dir = await mkdtemp(join(tmpdir(), prefix))
    dirs.push(dir)
    const alice = await terminal(dir, true)
    const bob = await cluster.start(undefined, ['--nick', 'bob', '--bootstrap', alice.addr])
    const from = alice.t.command(`/add ${bob.peerId} bob`)
    await alice.t.waitFor(/\* added /, 20_000, from)
    return { dir, alice, bob }
  }

  it('keeps unread counts and the mention mark across a restart, sends read receipts to the contact when read, and forgets them once read', async () => {
    const { dir, alice: first, bob } = await aliceAddsBob('parley-tui-unread-')
    let alice = first
    alice.t.command('/join side')
    await alice.t.waitFor(/\* now in #side/)
    await bob.ok({ cmd: 'join', room: 'side' })
    await bob.ok({ cmd: 'dm', to: alice.peerId, text: 'first, plain' })
    await bob.ok({ cmd: 'dm', to: alice.peerId, text: 'second, for you', mentions: [alice.peerId] })
    await alice.t.waitFor(/\[#side\] \(@bob 2@\) > /, 45_000)
    alice.t.command('/switch lobby')
    await alice.t.waitFor(/\* now in #lobby/)
    await bob.ok({ cmd: 'send', room: 'side', text: 'room news' })
    await alice.t.waitFor(/\[#lobby\] \((?=[^)]*@bob 2@)(?=[^)]*#side 1)[^)]*\) > /, 45_000)

    await quit(alice.t)
    alice = await terminal(dir, false, ['--bootstrap', bob.addr])
    await alice.t.waitFor(/\[#lobby\] \((?=[^)]*@bob 2@)(?=[^)]*#side 1)[^)]*\) > /, 20_000)

    // Reading the DM: both of bob's DMs get read receipts; its count goes, the room's stays.
    const from = alice.t.command('/switch bob')
    await alice.t.waitFor(/\* now in @bob/, 20_000, from)
    for (const text of ['first, plain', 'second, for you']) {
      const history = await bob.ok({ cmd: 'dm-history', peer: alice.peerId }) as { messages: Array<{ id: string, text: string }> }
      const id = history.messages.find((m) => m.text === text)?.id
      await bob.waitFor((e) => e.event === 'dm-receipt' && e.id === id && e.status === 'read', 45_000, `the read receipt of "${text}"`)
    }
    await alice.t.waitFor(/\[@bob\] \(#side 1\) > /, 20_000, from)

    await quit(alice.t)
    alice = await terminal(dir, false)
    await alice.t.waitFor(/\[#lobby\] \(#side 1\) > /, 20_000)
    expect(alice.t.output).not.toMatch(/@bob \d/)
  })

  it('sends no read receipt for a DM read while /receipts is off (the one read after turning them on is the canary)', async () => {
    const { alice, bob } = await aliceAddsBob('parley-tui-receipts-')
    let from = alice.t.command('/receipts off')
    await alice.t.waitFor(/\* read receipts off/, 20_000, from)

    const one = (await bob.ok({ cmd: 'dm', to: alice.peerId, text: 'one, read quietly' })).message as { id: string }
    await alice.t.waitFor(/\[#lobby\] \(@bob 1\) > /, 45_000)
    // Delivery receipts are not governed by the setting.
    await bob.waitFor((e) => e.event === 'dm-receipt' && e.id === one.id && e.status === 'delivered', 45_000, 'the delivery receipt of "one"')
    from = alice.t.command('/switch bob')
    await alice.t.waitFor(/\[@bob\] > /, 20_000, from)
    from = alice.t.command('/receipts on')
    await alice.t.waitFor(/\* read receipts on/, 20_000, from)
    from = alice.t.command('/receipts')
    await alice.t.waitFor(/\* read receipts are on/, 20_000, from)
    from = alice.t.command('/switch lobby')
    await alice.t.waitFor(/\* now in #lobby/, 20_000, from)

    const two = (await bob.ok({ cmd: 'dm', to: alice.peerId, text: 'two, read aloud' })).message as { id: string }
    await alice.t.waitFor(/\[#lobby\] \(@bob 1\) > /, 45_000, from)
    from = alice.t.command('/switch bob')
    await alice.t.waitFor(/\* now in @bob/, 20_000, from)
    await bob.waitFor((e) => e.event === 'dm-receipt' && e.id === two.id && e.status === 'read', 45_000, 'the read receipt of "two"')
    expect(bob.events.filter((e) => e.event === 'dm-receipt' && e.status === 'read').map((e) => e.id)).toEqual([two.id])
    from = alice.t.command('/receipts maybe')
    await alice.t.waitFor(/! \/receipts \[on\|off\]/, 20_000, from)
  })
})
