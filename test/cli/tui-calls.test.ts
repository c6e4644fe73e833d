/**
 * A call to a terminal peer: `parley` has no media, so the call rings as a line telling the user
 * to answer it in the web app, and is recorded missed when the caller gives up. The caller is an
 * in-process peer (real libp2p on loopback) driving the same signalling the web app does.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import { DmPayload, type Peer } from '@parley/node'
import { createNodePeer } from '@parley/node/node'
import { afterAll, describe, it } from 'vitest'
import { Terminal } from './terminal.js'
import { until } from '../support/poll.js'

const SDP = `v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=fingerprint:sha-256 ${Array(32).fill('AB').join(':')}\r\n`

describe('a call to the terminal', () => {
  const dirs: string[] = []
  let terminal: Terminal | undefined
  let caller: Peer | undefined
  afterAll(async () => {
    terminal?.pty.kill()
    await caller?.stop()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('rings with a pointer to the web app, and is recorded missed when the caller hangs up', async () => {
    const [tDir, cDir] = [await mkdtemp(join(tmpdir(), 'parley-tui-call-')), await mkdtemp(join(tmpdir(), 'parley-call-'))]
    dirs.push(tDir, cDir)
    const t = terminal = new Terminal(['--data-dir', tDir, '--nick', 'tom', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'])
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    const tomId = (await t.waitFor(/Parley peer (\S+)/))[1]
    const addr = (await t.waitFor(/(\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/\S+)/))[1]
    await t.waitFor(/\[#lobby\] > /)
    const carl = caller = (await createNodePeer({ dataDir: cDir, nick: 'carl', listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, allowLoopback: true })).peer
    await carl.start()
    await carl.libp2p.dial(multiaddr(addr))
    await carl.contacts.add(tomId)
    // Tom writes first, so carl is his contact (a stranger's call would not ring at all).
    t.type(`/msg ${carl.peerId} hi carl`)
    await until('tom\'s DM at carl', async () => (await carl.dms.history(tomId)).messages.some((m) => m.text === 'hi carl'), 30_000)
    await carl.dms.send(tomId, { kind: DmPayload.Kind.TEXT, text: 'calling you' })
    await t.waitFor(/<carl [0-9a-f]{4}:[0-9a-f]{4}> calling you/, 30_000)

    const id = await carl.calls.start(tomId, 'video', SDP)
    await t.waitFor(/\* incoming video call from carl — answer it in the web app/, 30_000)
    await carl.calls.hangup(id)
    await t.waitFor(/<carl [0-9a-f]{4}:[0-9a-f]{4}> Missed video call/, 30_000)
  })
})
