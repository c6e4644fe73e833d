/**
 * What a benchmark starts and must tear down even when it fails: child
 * processes and temporary directories.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NdjsonProcess } from './child.ts'
import { NODE_ENV, NODE_FLAGS } from '../../packages/node/dist/cli/node-flags.js'

/** The built `parley` CLI (npm run bench builds first). */
export const PARLEY_CLI = fileURLToPath(new URL('../../packages/node/dist/cli/index.js', import.meta.url))
/** The bench's raw libp2p / room worker. */
export const WORKER = fileURLToPath(new URL('../workers/worker.ts', import.meta.url))

export class Scope {
  readonly #processes: NdjsonProcess[] = []
  readonly #dirs: string[] = []

  async dir (prefix: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `parley-bench-${prefix}-`))
    this.#dirs.push(dir)
    return dir
  }

  /** Starts a `parley --json` peer on loopback TCP, with the Node flags and environment the `parley` command adds, and waits for its ready line. */
  async parley (dataDir: string, args: string[] = [], execArgv: string[] = [], readyMs = 60_000): Promise<{ proc: NdjsonProcess, peerId: string, addr: string }> {
    const proc = this.spawn(PARLEY_CLI, ['--json', '--data-dir', dataDir, '--no-mdns', '--listen', '/ip4/127.0.0.1/tcp/0', ...args], [...NODE_FLAGS, ...execArgv], NODE_ENV)
    const ready = await proc.waitFor((e) => e.event === 'ready', readyMs, 'parley ready')
    const addrs = ready.addrs as string[]
    return { proc, peerId: ready.peerId as string, addr: addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws') && !a.includes('/p2p-circuit')) ?? addrs[0] }
  }

  /** Starts a bench worker and waits for its ready line. */
  async worker (execArgv: string[] = []): Promise<NdjsonProcess> {
    const proc = this.spawn(WORKER, [], execArgv)
    await proc.waitFor((e) => e.event === 'ready', 60_000, 'worker ready')
    return proc
  }

  /** Extra Node flags for every child, e.g. PARLEY_BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile. */
  spawn (script: string, args: string[], execArgv: string[] = [], env: Record<string, string> = {}): NdjsonProcess {
    const proc = new NdjsonProcess(script, args, { env, execArgv: [...execArgv, ...(process.env.PARLEY_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '')] })
    this.#processes.push(proc)
    return proc
  }

  async close (): Promise<void> {
    await Promise.all(this.#processes.map(async (p) => p.stop()))
    await Promise.all(this.#dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  }
}

/** Runs `fn` with a fresh scope and always closes it. */
export async function withScope<T> (fn: (scope: Scope) => Promise<T>): Promise<T> {
  const scope = new Scope()
  try {
    return await fn(scope)
  } finally {
    await scope.close()
  }
}
