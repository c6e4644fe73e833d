/**
 * `npm run bench [-- <name>] [--quick] [--json] [--check]`: runs the
 * benchmarks, each measuring Parley and its raw baseline side by side in one
 * run; writes bench/results/latest.json and latest.md.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { cryptoBench } from './crypto.ts'
import { dmBench } from './dm.ts'
import { historyBench } from './history.ts'
import { syncBench } from './sync.ts'
import { machine, markdown, type Result } from './lib/report.ts'

const BENCHES: Record<string, (quick: boolean) => Promise<Result[]>> = { crypto: cryptoBench, dm: dmBench, history: historyBench, sync: syncBench }

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } }
})
const names = positionals.length > 0 ? positionals : Object.keys(BENCHES)
const unknown = names.filter((n) => BENCHES[n] === undefined)
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`)
  process.exit(2)
}
const results: Result[] = []
for (const name of names) results.push(...await BENCHES[name](values.quick))
const info = { ...machine(), mode: values.quick ? 'quick' : 'full' }
const table = markdown(results, info)
// Only a run of every benchmark replaces the recorded table; a partial run is kept beside it.
const base = new URL(positionals.length > 0 ? './results/partial' : './results/latest', import.meta.url).pathname
await writeFile(`${base}.json`, JSON.stringify({ machine: info, results }, null, 2) + '\n')
await writeFile(`${base}.md`, table)
process.stdout.write(values.json ? JSON.stringify({ machine: info, results }, null, 2) + '\n' : table)
const missed = results.filter((r) => !r.met && r.pending === undefined)
for (const r of missed) process.stderr.write(`target missed: ${r.bench} ${r.name} (${r.target})\n`)
if (values.check && missed.length > 0) process.exit(1)
