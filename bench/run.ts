/**
 * `npm run bench [-- <name>…] [--quick] [--json] [--check] [--minutes <n>]`: runs the
 * benchmarks, each measuring Parley and its raw baseline side by side in one
 * run. Only a full run of every benchmark writes bench/results/latest.{json,md}
 * (the recorded table the README links to); a full run of some writes
 * bench/results/partial.{json,md}, a quick run bench/results/quick.{json,md}
 * (quick-partial.* for some), so a quick check never replaces the record.
 * `--json` prints JSON instead of the table; `--check` exits 1 when a target
 * is missed.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { machine, markdown, type Result } from './lib/report.ts'

/** Options some benchmarks take from the command line (`--minutes`: the soak's length). */
export interface BenchOptions { minutes?: number }

/** Where a run's table goes: `latest` only for a full run of every benchmark (the recorded one). */
function resultName (quick: boolean, some: boolean): string {
  if (quick) return some ? 'quick-partial' : 'quick'
  return some ? 'partial' : 'latest'
}

type Bench = (quick: boolean, options: BenchOptions) => Promise<Result[]>

/** Loaded on demand, so one benchmark does not pay for another's imports (Vite, libp2p). */
const BENCHES: Record<string, () => Promise<Bench>> = {
  crypto: async () => (await import('./crypto.ts')).cryptoBench,
  dm: async () => (await import('./dm.ts')).dmBench,
  reach: async () => (await import('./reach.ts')).reachBench,
  room: async () => (await import('./room.ts')).roomBench,
  history: async () => (await import('./history.ts')).historyBench,
  web: async () => (await import('./web.ts')).webBench,
  sync: async () => (await import('./sync.ts')).syncBench,
  flood: async () => (await import('./flood.ts')).floodBench,
  archive: async () => (await import('./archive.ts')).archiveBench,
  communities: async () => (await import('./communities.ts')).communitiesBench,
  files: async () => (await import('./files.ts')).filesBench,
  search: async () => (await import('./search.ts')).searchBench,
  calls: async () => (await import('./calls.ts')).callsBench,
  soak: async () => (await import('./soak.ts')).soakBench
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, minutes: { type: 'string' } }
})
const minutes = values.minutes === undefined ? undefined : Number(values.minutes)
if (minutes !== undefined && !(minutes > 0)) {
  process.stderr.write('--minutes must be a positive number\n')
  process.exit(2)
}
const names = positionals.length > 0 ? positionals : Object.keys(BENCHES)
const unknown = names.filter((n) => BENCHES[n] === undefined)
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`)
  process.exit(2)
}
const results: Result[] = []
const failed: string[] = []
const seconds: Record<string, number> = {}
for (const name of names) {
  const start = performance.now()
  process.stderr.write(`bench: ${name}${values.quick ? ' (quick)' : ''}…\n`)
  try {
    results.push(...await (await BENCHES[name]())(values.quick, { minutes }))
  } catch (err) {
    // One broken benchmark must not cost the others' figures: it gets a row saying why.
    const e = err as Error
    failed.push(name)
    process.stderr.write(`bench: ${name} failed: ${e.stack ?? e.message}\n`)
    results.push({ bench: name, name: 'the benchmark failed', unit: '', target: 'runs to the end', met: false, limit: `${e.name}: ${e.message.split('\n')[0]}` })
  }
  seconds[name] = Math.round((performance.now() - start) / 100) / 10
}
const info = { ...machine(), mode: values.quick ? 'quick' : 'full', seconds: Object.entries(seconds).map(([k, v]) => `${k} ${v}`).join(' / ') }
const table = markdown(results, info)
const base = new URL(`./results/${resultName(values.quick, positionals.length > 0)}`, import.meta.url).pathname
await writeFile(`${base}.json`, JSON.stringify({ machine: info, results }, null, 2) + '\n')
await writeFile(`${base}.md`, table)
process.stdout.write(values.json ? JSON.stringify({ machine: info, results }, null, 2) + '\n' : table)
const judged = results.filter((r) => r.pending === undefined)
const missed = judged.filter((r) => !r.met)
process.stderr.write(`targets met: ${judged.length - missed.length} of ${judged.length}; not measurable yet: ${results.length - judged.length}\n`)
for (const r of missed) process.stderr.write(`target missed: ${r.bench}: ${r.name} (${r.target})\n`)
// Child processes are killed by lib/child.ts's exit hook; exit now rather than wait for stray handles.
process.exit(failed.length > 0 || (values.check && missed.length > 0) ? 1 : 0)
