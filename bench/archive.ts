/**
 * archive: backup and restore of a profile of N messages (1,000,000 by
 * default; `--quick` 100,000; PARLEY_BENCH_ARCHIVE_MESSAGES sets any count),
 * each in a process of its own so its peak RSS is its own: time and peak
 * memory. Baseline: copying the profile's LevelDB directory (what a backup
 * that is neither sealed nor streamed through the store would cost). The
 * memory target is flat in N: a backup is streamed a chunk at a time and a
 * restore is written in batches; Argon2id's 256 MiB is part of every run.
 *
 * Worker mode (`node bench/archive.ts --archive-worker <backup|restore> <dataDir> <file>`)
 * runs one operation and prints one JSON line with its time and peak RSS.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { backupProfile, openNodeProfileStore, restoreProfile } from '@parley/node/node'
import { loadOrCreateIdentity } from '@parley/node'
import { ready } from '@parley/crypto'
import { withScope } from './lib/scope.ts'
import type { Result } from './lib/report.ts'

const PASSPHRASE = 'bench passphrase'
const CONVERSATIONS = 20
const VALUE = new Uint8Array(200).fill(7)
/** Peak RSS a backup or restore may reach, whatever N (Argon2id alone takes 256 MiB). */
const MAX_RSS_MIB = 640

/** A profile of `n` messages over CONVERSATIONS conversations, with an identity; cached by size. */
async function prepare (n: number): Promise<string> {
  const base = join(tmpdir(), `parley-bench-archive-${n}`)
  const dataDir = join(base, 'profile')
  if (existsSync(join(base, 'ready'))) return dataDir
  await rm(base, { recursive: true, force: true })
  await mkdir(base, { recursive: true })
  await ready()
  const store = await openNodeProfileStore(dataDir)
  await loadOrCreateIdentity(store)
  await store.kv('settings').put('nick', new TextEncoder().encode('bench'))
  for (let start = 0; start < n; start += 10_000) {
    const records = []
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      records.push({ conversation: `room:bench-${i % CONVERSATIONS}`, id: i.toString(16).padStart(64, '0'), timestamp: 1_700_000_000_000 + i, value: VALUE })
    }
    await store.history.append(records)
  }
  await store.close()
  await writeFile(join(base, 'ready'), '')
  return dataDir
}

interface Run { ms: number, maxRssMiB: number }

/** Runs one operation in a fresh process; its time and peak RSS. */
async function inWorker (op: 'backup' | 'restore', dataDir: string, file: string): Promise<Run> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--archive-worker', op, dataDir, file], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr.on('data', (d: Buffer) => { err += d.toString() })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`archive ${op} worker failed (${String(code)}): ${err.slice(-2000)}`)
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Run
}

async function timed (fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

/** Runs the archive benchmark. */
export async function archiveBench (quick: boolean): Promise<Result[]> {
  const n = Number(process.env.PARLEY_BENCH_ARCHIVE_MESSAGES ?? (quick ? 100_000 : 1_000_000))
  const dataDir = await prepare(n)
  return withScope(async (scope) => {
    const dir = await scope.dir('archive')
    const file = join(dir, 'profile.parley')
    const copyMs = await timed(async () => cp(join(dataDir, 'db'), join(dir, 'copy'), { recursive: true }))
    const backup = await inWorker('backup', dataDir, file)
    const bytes = (await stat(file)).size
    const restore = await inWorker('restore', join(dir, 'restored'), file)
    const label = `${n.toLocaleString('en')} messages`
    const baseline = { name: 'cp -r of the LevelDB directory', median: copyMs / 1000, p99: copyMs / 1000 }
    const row = (name: string, run: Run): Result[] => [
      { bench: 'archive', name: `${name} (${label})`, unit: 's', parley: { median: run.ms / 1000, p99: run.ms / 1000 }, baseline, ratio: run.ms / copyMs, target: 'reported (sealed and streamed through the store; the copy is neither)', met: true },
      { bench: 'archive', name: `${name} peak memory (${label})`, unit: 'MiB', parley: { median: run.maxRssMiB, p99: run.maxRssMiB }, target: `≤ ${MAX_RSS_MIB} MiB, flat in N (Argon2id takes 256 MiB)`, met: run.maxRssMiB <= MAX_RSS_MIB }
    ]
    return [
      ...row('backup', backup),
      ...row('restore', restore),
      { bench: 'archive', name: `backup file size (${label})`, unit: 'MiB', parley: { median: bytes / 2 ** 20, p99: bytes / 2 ** 20 }, target: 'reported', met: true }
    ]
  })
}

async function worker (op: string, dataDir: string, file: string): Promise<void> {
  const ms = await timed(async () => {
    if (op === 'backup') await backupProfile({ dataDir, file, passphrase: PASSPHRASE })
    else await restoreProfile({ dataDir, file, passphrase: PASSPHRASE })
  })
  process.stdout.write(JSON.stringify({ ms, maxRssMiB: ownPeakMiB() }) + '\n')
}

/**
 * This process's own peak resident set (Linux VmHWM: the high-water mark of its address space).
 * Not `resourceUsage().maxRSS`: Linux carries getrusage's maxrss across exec from the address space
 * the child was forked from, so a worker spawned by the bench's main process reported the main
 * process's RSS at the spawn when that was higher (844–869 MiB in full runs, after the history and
 * search benchmarks, against the worker's own 475).
 */
function ownPeakMiB (): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
  if (kb === undefined) throw new Error('no VmHWM in /proc/self/status')
  return Number(kb) / 1024
}

if (process.argv[2] === '--archive-worker') await worker(process.argv[3], process.argv[4], process.argv[5])
