import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { NODE_FLAGS } from '../../packages/node/src/cli/node-flags.js'
import { openNodeProfileStore } from '../../packages/node/src/node/open-store.js'
import { until } from '../support/poll.js'

/** The `parley` command as npm links it. */
const BIN = fileURLToPath(new URL('../../packages/node/bin/parley.js', import.meta.url))

type Json = Record<string, any>

/** Starts `parley --json` through the command's own entry and collects its output lines. */
function startBin (dataDir: string): { child: ChildProcessWithoutNullStreams, lines: Json[], exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, '--json', '--data-dir', dataDir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0'], { stdio: 'pipe' })
  const lines: Json[] = []
  createInterface({ input: child.stdout }).on('line', (line) => { lines.push(JSON.parse(line) as Json) })
  return { child, lines, exited: new Promise((resolve) => child.on('exit', resolve)) }
}

describe('the parley command (bin/parley.js)', () => {
  const dirs: string[] = []
  afterAll(async () => { await Promise.all(dirs.map(async (d) => rm(d, { recursive: true, force: true }))) })

  it('runs the CLI with its V8 flags, answers, and exits with the CLI\'s status', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-bin-'))
    dirs.push(dir)
    const p = startBin(dir)
    await until('ready', () => p.lines.some((l) => l.event === 'ready'), 45_000)
    p.child.stdin.write(JSON.stringify({ cmd: 'stats', id: 1 }) + '\n')
    const stats = await until('the stats reply', () => p.lines.find((l) => l.id === 1))
    expect(stats.ok).toBe(true)
    expect(stats.execArgv).toEqual(expect.arrayContaining([...NODE_FLAGS]))
    p.child.stdin.write(JSON.stringify({ cmd: 'quit', id: 2 }) + '\n')
    expect(await p.exited).toBe(0)
  }, 90_000)

  it('leaves no peer behind holding the profile when the command is killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-bin-'))
    dirs.push(dir)
    const p = startBin(dir)
    await until('ready', () => p.lines.some((l) => l.event === 'ready'), 45_000)
    p.child.kill('SIGKILL')
    await p.exited
    // The CLI's own process sees its channel close and stops, releasing the database lock.
    const store = await until('the profile to be free', async () => {
      try {
        return await openNodeProfileStore(dir)
      } catch (err) {
        if ((err as Error).name === 'DataDirLockedError') return undefined
        throw err
      }
    }, 30_000)
    expect(store.locked).toBe(false)
    await store.close()
  }, 90_000)
})
