/**
 * Child processes that speak newline-delimited JSON on stdin/stdout: the
 * `parley --json` CLI and the bench's own worker. Every output line is
 * stamped with the harness's clock as it arrives, so latencies of different
 * processes are measured on one clock.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createInterface } from 'node:readline'

export type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Harness time in ms since the epoch, with sub-ms resolution. */
export const now = (): number => performance.timeOrigin + performance.now()

/** Whether the children write CPU or heap profiles (PARLEY_BENCH_NODE_ARGS, bench/lib/scope.ts). */
const PROFILING = /--(cpu|heap)-prof/.test(process.env.PARLEY_BENCH_NODE_ARGS ?? '')

/** Every process spawned by the bench, killed when the bench exits however it exits. */
const LIVE = new Set<ChildProcessWithoutNullStreams>()
process.once('exit', () => { for (const child of LIVE) child.kill('SIGKILL') })

/** A running NDJSON child process. */
export class NdjsonProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly exited: Promise<number | null>
  /** Called with every output line and its arrival time (harness clock). */
  onLine: ((line: Json, at: number) => void) | undefined
  stderr = ''
  readonly #seen: Json[] = []
  readonly #waiters: Array<{ match: (e: Json) => boolean, resolve: (e: Json) => void }> = []
  #nextId = 1

  constructor (script: string, args: string[], options: { execArgv?: string[], env?: Record<string, string> } = {}) {
    this.child = spawn(process.execPath, [...(options.execArgv ?? []), script, ...args], { stdio: 'pipe', env: { ...options.env, ...process.env } })
    LIVE.add(this.child)
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => { LIVE.delete(this.child); resolve(code) }))
    this.child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-4000) })
    createInterface({ input: this.child.stdout }).on('line', (text) => {
      const at = now()
      let line: Json
      try {
        line = JSON.parse(text) as Json
      } catch {
        return
      }
      this.onLine?.(line, at)
      const waiter = this.#waiters.find((w) => w.match(line))
      if (waiter !== undefined) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      } else if (this.onLine === undefined && line.event !== undefined) {
        // The latest 1000 unclaimed events: a long run's progress events must not crowd out what comes next.
        if (this.#seen.length >= 1000) this.#seen.shift()
        this.#seen.push(line)
      }
    })
  }

  get pid (): number {
    return this.child.pid ?? -1
  }

  /** The first past (unclaimed) or future event matching `match`. */
  async waitFor (match: (e: Json) => boolean, timeoutMs = 30_000, what = 'event'): Promise<Json> {
    const seen = this.#seen.findIndex(match)
    if (seen >= 0) return this.#seen.splice(seen, 1)[0]
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (e: Json) => { clearTimeout(timer); resolve(e) } }
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-800)}`))
      }, timeoutMs)
      this.#waiters.push(waiter)
      void this.exited.then((code) => { reject(new Error(`process exited (${code}) while waiting for ${what}; stderr: ${this.stderr.slice(-800)}`)) })
    })
  }

  /** Writes a command with a fresh id; returns the id (the reply is not awaited). */
  write (cmd: Json): number {
    const id = this.#nextId++
    this.child.stdin.write(JSON.stringify({ ...cmd, id }) + '\n')
    return id
  }

  /** Sends a command and resolves with its reply, which must be ok. */
  async ok (cmd: Json, timeoutMs = 60_000): Promise<Json> {
    const id = this.write(cmd)
    const reply = await this.waitFor((e) => e.id === id && e.ok !== undefined, timeoutMs, `reply to ${String(cmd.cmd)}`)
    if (reply.ok !== true) throw new Error(`${String(cmd.cmd)} failed: ${JSON.stringify(reply.error)}`)
    return reply
  }

  /** Peak resident set size so far (Linux VmHWM), in MiB. */
  async peakRssMiB (): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8')
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
    if (kb === undefined) throw new Error('no VmHWM in /proc status')
    return Number(kb) / 1024
  }

  /**
   * Asks the process to quit (so it can stop its peers and write profiles), killing it after
   * `graceMs`: 3 s, or 120 s for a profiled run (a worker of 75 busy peers takes longer than 3 s to
   * stop and write its profile).
   */
  async stop (graceMs = PROFILING ? 120_000 : 3000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    this.child.stdin.write(JSON.stringify({ cmd: 'quit' }) + '\n')
    const timer = setTimeout(() => { this.child.kill('SIGKILL') }, graceMs)
    await this.exited
    clearTimeout(timer)
  }

  async kill (): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
    await this.exited
  }
}
