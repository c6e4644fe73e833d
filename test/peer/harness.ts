/**
 * Spawns real `parley --json` processes on 127.0.0.1 and talks NDJSON to
 * them: commands with ids and awaited replies, event waits with timeouts,
 * and a kill that always runs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'

/** The built CLI (npm test builds before running vitest). */
export const CLI = fileURLToPath(new URL('../../packages/node/dist/cli/index.js', import.meta.url))

export type Json = Record<string, any>

/** A running `parley --json` process. */
export class ParleyProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly dataDir: string
  readonly events: Json[] = []
  stderr = ''
  peerId = ''
  addrs: string[] = []
  #nextId = 1
  #waiters: Array<{ match: (e: Json) => boolean, resolve: (e: Json) => void }> = []
  readonly exited: Promise<number | null>

  constructor (dataDir: string, args: string[]) {
    this.dataDir = dataDir
    this.child = spawn(process.execPath, [CLI, '--json', '--data-dir', dataDir, '--no-mdns', ...args], { stdio: 'pipe' })
    this.child.stderr.on('data', (d: Buffer) => { this.stderr += d.toString() })
    this.exited = new Promise((resolve) => this.child.on('exit', resolve))
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as Json
      this.events.push(event)
      for (const w of [...this.#waiters]) {
        if (w.match(event)) {
          this.#waiters.splice(this.#waiters.indexOf(w), 1)
          w.resolve(event)
        }
      }
    })
  }

  /** The first past or future output line matching `match`. */
  async waitFor (match: (e: Json) => boolean, timeoutMs = 20_000, what = 'event'): Promise<Json> {
    const seen = this.events.find(match)
    if (seen !== undefined) return seen
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-500)}`)) }, timeoutMs)
      this.#waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e) } })
    })
  }

  /** Sends a command and resolves with its reply (ok or not). */
  async send (cmd: Json, timeoutMs = 20_000): Promise<Json> {
    const id = this.#nextId++
    this.child.stdin.write(JSON.stringify({ ...cmd, id }) + '\n')
    return this.waitFor((e) => e.id === id, timeoutMs, `reply to ${JSON.stringify(cmd)}`)
  }

  /** Sends a command that must succeed. */
  async ok (cmd: Json): Promise<Json> {
    const reply = await this.send(cmd)
    if (reply.ok !== true) throw new Error(`${JSON.stringify(cmd)} failed: ${JSON.stringify(reply.error)}`)
    return reply
  }

  async ready (): Promise<this> {
    const ready = await this.waitFor((e) => e.event === 'ready', 30_000, 'ready')
    this.peerId = ready.peerId
    this.addrs = ready.addrs
    return this
  }

  /** The peer's TCP address on loopback. */
  get addr (): string {
    return this.addrs.find((a) => a.includes('/tcp/') && !a.includes('/ws') && !a.includes('/p2p-circuit')) ?? this.addrs[0]
  }

  kill (signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal)
    return this.exited
  }
}

/** Keeps track of processes and temp dirs so a test's afterAll can remove them all. */
export class Cluster {
  readonly processes: ParleyProcess[] = []
  readonly dirs: string[] = []

  /** Made in a describe body: when a test fails, every process's last output is printed, so a CI failure can be read. */
  constructor () {
    afterEach((context) => {
      if (context.task.result?.state !== 'fail') return
      for (const p of this.processes) {
        const events = p.events.filter((e) => e.id === undefined).slice(-20).map((e) => JSON.stringify(e).slice(0, 300))
        console.error(`--- ${p.peerId === '' ? '(not ready)' : p.peerId} exit=${String(p.child.exitCode)} dir=${p.dataDir}\nstderr:\n${p.stderr.slice(-3000)}\nlast events:\n${events.join('\n')}`)
      }
    })
  }

  async dir (): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'parley-peer-'))
    this.dirs.push(dir)
    return dir
  }

  /** Starts a peer listening on loopback TCP; waits for its ready line. */
  async start (dataDir?: string, args: string[] = []): Promise<ParleyProcess> {
    const p = new ParleyProcess(dataDir ?? await this.dir(), ['--listen', '/ip4/127.0.0.1/tcp/0', ...args])
    this.processes.push(p)
    return p.ready()
  }

  async close (): Promise<void> {
    await Promise.all(this.processes.map(async (p) => p.kill()))
    await Promise.all(this.dirs.map(async (d) => rm(d, { recursive: true, force: true })))
  }
}
