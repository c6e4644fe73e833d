/**
 * history: N stored messages in one room; read the latest 50 and an older
 * page through the profile store, clear and sealed under a passphrase
 * (every value opened, keys hashed: packages/node/src/store/sealed-layout.ts),
 * against a bare classic-level reverse iterator over the same key shapes in
 * a database of the same size, alternating in one run. Also opening the
 * store, starting the peer and its peak memory (peer-start.ts).
 *
 * N is 1,000,000 (quick: 100,000), or PARLEY_BENCH_HISTORY_MESSAGES.
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openNodeProfileStore } from '@parley/node/node'
import { ClassicLevel } from 'classic-level'
import { median, p99 } from './lib/stats.ts'
import { peerStartAndMemory } from './peer-start.ts'
import type { Result } from './lib/report.ts'

const CONVERSATION = 'room:bench'
const PASSPHRASE = 'bench passphrase'
/** The cost of opening the sealed store is not what this measures: Argon2id at its minimum. */
const CHEAP_KDF = { opsLimit: 1, memLimit: 8192 }
const VALUE = new Uint8Array(200).fill(7)
const key = (i: number): string => `${CONVERSATION}\x00${(1_700_000_000_000 + i).toString(16).padStart(13, '0')}\x00${i.toString(16).padStart(64, '0')}`

/**
 * The same history in a profile sealed under a passphrase, made once per n like the others: a copy
 * of the clear profile sealed by `setPassphrase` (the migration `parley passphrase` runs: one
 * sequential pass, where appending a million records one batch at a time would look each id up).
 */
async function prepareSealed (n: number, storeDir: string): Promise<string> {
  const base = join(tmpdir(), `parley-bench-history-${n}`)
  const sealedDir = join(base, 'sealed')
  if (existsSync(join(base, 'sealed-ready'))) return sealedDir
  // A run stopped half-way left a partial profile: start it afresh.
  await rm(sealedDir, { recursive: true, force: true })
  await cp(storeDir, sealedDir, { recursive: true })
  const store = await openNodeProfileStore(sealedDir)
  await store.setPassphrase(PASSPHRASE, CHEAP_KDF)
  await store.close()
  await writeFile(join(base, 'sealed-ready'), '')
  return sealedDir
}

async function prepare (n: number): Promise<{ storeDir: string, bareDir: string }> {
  const base = join(tmpdir(), `parley-bench-history-${n}`)
  const storeDir = join(base, 'store')
  const bareDir = join(base, 'bare')
  if (existsSync(join(base, 'ready'))) return { storeDir, bareDir }
  await mkdir(base, { recursive: true })
  const store = await openNodeProfileStore(storeDir)
  const bare = new ClassicLevel<string, Uint8Array>(bareDir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  for (let start = 0; start < n; start += 10_000) {
    const records = []
    const ops = []
    for (let i = start; i < Math.min(n, start + 10_000); i++) {
      records.push({ conversation: CONVERSATION, id: i.toString(16).padStart(64, '0'), timestamp: 1_700_000_000_000 + i, value: VALUE })
      ops.push({ type: 'put' as const, key: key(i), value: VALUE })
    }
    await store.history.append(records)
    await bare.batch(ops)
  }
  await store.close()
  await bare.close()
  await writeFile(join(base, 'ready'), '')
  return { storeDir, bareDir }
}

async function time (fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return (performance.now() - start) * 1000
}

/** Runs the history benchmark. */
export async function historyBench (quick: boolean): Promise<Result[]> {
  const n = Number(process.env.PARLEY_BENCH_HISTORY_MESSAGES ?? (quick ? 100_000 : 1_000_000))
  if (!Number.isSafeInteger(n) || n < 100) throw new RangeError('PARLEY_BENCH_HISTORY_MESSAGES must be an integer ≥ 100')
  const { storeDir, bareDir } = await prepare(n)
  const sealedDir = await prepareSealed(n, storeDir)
  const opens: number[] = []
  for (let i = 0; i < 5; i++) {
    const ms = await time(async () => { await (await openNodeProfileStore(storeDir)).close() })
    opens.push(ms / 1000)
  }
  const store = await openNodeProfileStore(storeDir)
  const bare = new ClassicLevel<string, Uint8Array>(bareDir, { keyEncoding: 'utf8', valueEncoding: 'view' })
  await bare.open()
  const sealed = await openNodeProfileStore(sealedDir, { passphrase: PASSPHRASE })
  const latest = { parley: [] as number[], bare: [] as number[] }
  const older = { parley: [] as number[], bare: [] as number[] }
  const sealedLatest = { parley: [] as number[], bare: [] as number[] }
  const sealedOlder = { parley: [] as number[], bare: [] as number[] }
  const cursor = (await store.history.page(CONVERSATION, { limit: 50 })).before
  const sealedCursor = (await sealed.history.page(CONVERSATION, { limit: 50 })).before
  const olderKey = key(n - 51)
  const bareRead = async (lt: string): Promise<unknown> => bare.iterator({ gt: `${CONVERSATION}\x00`, lt, reverse: true, limit: 51 }).all()
  for (let t = 0; t < (quick ? 200 : 1000); t++) {
    latest.parley.push(await time(async () => store.history.page(CONVERSATION, { limit: 50 })))
    latest.bare.push(await time(async () => bareRead(`${CONVERSATION}\x01`)))
    older.parley.push(await time(async () => store.history.page(CONVERSATION, { limit: 50, before: cursor })))
    older.bare.push(await time(async () => bareRead(olderKey)))
    sealedLatest.parley.push(await time(async () => sealed.history.page(CONVERSATION, { limit: 50 })))
    sealedLatest.bare.push(await time(async () => bareRead(`${CONVERSATION}\x01`)))
    sealedOlder.parley.push(await time(async () => sealed.history.page(CONVERSATION, { limit: 50, before: sealedCursor })))
    sealedOlder.bare.push(await time(async () => bareRead(olderKey)))
  }
  await store.close()
  await sealed.close()
  await bare.close()
  const row = (name: string, s: { parley: number[], bare: number[] }): Result => {
    const ratio = median(s.parley) / median(s.bare)
    return {
      bench: 'history',
      name: `${name} (${n.toLocaleString('en')} messages)`,
      unit: 'µs',
      parley: { median: median(s.parley), p99: p99(s.parley) },
      baseline: { name: 'bare classic-level reverse iterator', median: median(s.bare), p99: p99(s.bare) },
      ratio,
      target: '≤ 2× baseline and ≤ 5 ms',
      met: ratio <= 2 && median(s.parley) <= 5000
    }
  }
  return [
    row('read the latest 50', latest),
    row('read an older page of 50', older),
    row('read the latest 50, sealed under a passphrase', sealedLatest),
    row('read an older page of 50, sealed under a passphrase', sealedOlder),
    { bench: 'history', name: 'open the profile store', unit: 'ms', parley: { median: median(opens), p99: p99(opens) }, target: 'reported', met: true },
    ...await peerStartAndMemory(n, storeDir, { path: bareDir, gt: `${CONVERSATION}\x00`, lt: `${CONVERSATION}\x01` }, quick, median(opens))
  ]
}
