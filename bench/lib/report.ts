/** Benchmark results: one row per measurement, with its baseline, ratio and target. */
import { cpus, totalmem } from 'node:os'

export interface Summary { median: number, p99: number }

export interface Result {
  bench: string
  name: string
  unit: string
  /** Absent while Parley's side does not exist yet (see `pending`). */
  parley?: Summary
  baseline?: Summary & { name: string }
  /** Parley median ÷ baseline median. */
  ratio?: number
  target: string
  met: boolean
  /** Set when the Parley side cannot be measured yet: which issue brings it. */
  pending?: string
  /** For a missed target: what limits it, as far as this run can tell. */
  limit?: string
}

/** The machine a run was recorded on. */
export function machine (): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString()
  }
}

const fmt = (n: number): string => (!Number.isFinite(n) ? String(n) : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))
const cell = (s: Summary | undefined, unit: string): string => (s === undefined ? '—' : `${fmt(s.median)} ${unit}`)

/** Whether a row's target was met, missed, or cannot be judged yet. */
export function verdict (r: Result): string {
  if (r.pending !== undefined) return `pending (${r.pending})`
  return r.met ? 'yes' : '**no**'
}

function row (r: Result): string {
  const parley = r.parley !== undefined ? cell(r.parley, r.unit) : r.pending !== undefined ? `not yet implemented (${r.pending})` : '—'
  const p99 = r.parley === undefined ? '—' : `${fmt(r.parley.p99)} ${r.unit}`
  const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`
  return `| ${r.bench} | ${r.name} | ${parley} | ${p99} | ${r.baseline?.name ?? '—'} | ${cell(r.baseline, r.unit)} | ${r.baseline === undefined ? '—' : `${fmt(r.baseline.p99)} ${r.unit}`} | ${ratio} | ${r.target} | ${verdict(r)} |`
}

/** A markdown table of results, then the missed targets with what limits them. */
export function markdown (results: Result[], info: Record<string, string | number>): string {
  const lines = [
    '# Parley benchmarks',
    '',
    `Machine: ${Object.entries(info).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    'Parley and its baseline run in the same process tree, alternating trials; medians and p99 over all samples of all trials.',
    '',
    '| bench | measurement | parley median | parley p99 | baseline | baseline median | baseline p99 | ratio | target | met |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(row)
  ]
  const missed = results.filter((r) => r.pending === undefined && !r.met)
  if (missed.length > 0) {
    lines.push('', '## Missed targets', '')
    for (const r of missed) lines.push(`- **${r.bench}: ${r.name}** (${r.target}): ${r.limit ?? 'not analysed'}`)
  }
  const pending = results.filter((r) => r.pending !== undefined)
  if (pending.length > 0) {
    lines.push('', '## Not measurable yet', '')
    for (const r of pending) lines.push(`- ${r.bench}: ${r.name}: parley side not yet implemented (${r.pending})`)
  }
  return lines.join('\n') + '\n'
}
