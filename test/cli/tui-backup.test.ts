/**
 * `/backup <file>` in the terminal chat: the running peer writes its sealed backup without
 * stopping, the passphrase asked twice and never echoed; two different answers write nothing.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Terminal } from './terminal.js'

describe('/backup in the terminal chat', () => {
  const dirs: string[] = []
  let t: Terminal | undefined
  afterAll(async () => {
    t?.pty.kill()
    await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  })

  it('writes a sealed backup of the running profile after the passphrase is typed twice, unechoed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-tui-backup-'))
    dirs.push(dir)
    t = new Terminal(['--data-dir', join(dir, 'profile'), '--nick', 'tess', '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'])
    await t.waitFor(/Passphrase to protect your key/)
    t.type('')
    await t.waitFor(/\[#lobby\] > /)
    t.type('a line worth keeping')
    await t.waitFor(/<tess [0-9a-f]{4}:[0-9a-f]{4}> a line worth keeping/)

    const file = join(dir, 'tess.parley')
    let from = t.command(`/backup ${file}`)
    await t.waitFor(/Backup passphrase: /, 10_000, from)
    t.type('first answer')
    await t.waitFor(/Again: /, 10_000, from)
    t.type('second answer')
    await t.waitFor(/! the passphrases are empty or differ: nothing was written/, 10_000, from)
    expect((await readdir(dir)).filter((f) => f.includes('tess.parley'))).toEqual([])

    from = t.command(`/backup ${file}`)
    await t.waitFor(/Backup passphrase: /, 10_000, from)
    t.type('tui backup passphrase')
    await t.waitFor(/Again: /, 10_000, from)
    t.type('tui backup passphrase')
    await t.waitFor(/\* backed up [1-9]\d* messages in 1 conversations to /, 60_000, from)
    expect(t.output).not.toContain('tui backup passphrase')
    expect(new TextDecoder().decode((await readFile(file)).subarray(0, 8))).toBe('PARLEYBK')
    // The peer kept running.
    t.type('still here')
    await t.waitFor(/<tess [0-9a-f]{4}:[0-9a-f]{4}> still here/)
  }, 120_000)
})
