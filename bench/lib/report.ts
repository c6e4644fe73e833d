/** Benchmark results: one row per measurement, with its baseline, ratio and target. */
import { cpus, totalmem } from 'node:os'

export interface Result {
  bench: string
  name: string
  unit: string
  parley: { median: number, p99: number }
  baseline?: { name: string, median: number, p99: number }
  /** Parley median ÷ baseline median. */
  ratio?: number
  target: string
  met: boolean
}

export function machine (): Record<string, string | number> {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString()
  }
}

const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))

/** A markdown table of results. */
export function markdown (results: Result[], info: Record<string, string | number>): string {
  const lines = [
    '# Parley benchmarks',
    '',
    `Machine: ${Object.entries(info).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    '| bench | measurement | parley median | p99 | baseline | baseline median | ratio | target | met |',
    '|---|---|---|---|---|---|---|---|---|'
  ]
  for (const r of results) {
    lines.push(`| ${r.bench} | ${r.name} | ${fmt(r.parley.median)} ${r.unit} | ${fmt(r.parley.p99)} ${r.unit} | ${r.baseline?.name ?? '—'} | ${r.baseline === undefined ? '—' : `${fmt(r.baseline.median)} ${r.unit}`} | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`)
  }
  return lines.join('\n') + '\n'
}
