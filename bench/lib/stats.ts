/** Small statistics for benchmarks: medians, percentiles, alternating trials. */

/** The q-quantile (0..1) of a sample, by nearest rank. */
export function quantile (values: number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export const median = (values: number[]): number => quantile(values, 0.5)
export const p99 = (values: number[]): number => quantile(values, 0.99)

/**
 * Runs `a` and `b` alternately for `trials` rounds of `iterations` calls each
 * and returns the per-call time (µs) of every round, so both see the same
 * machine noise.
 */
export function alternate (trials: number, iterations: number, a: () => void, b: () => void): { a: number[], b: number[] } {
  const out = { a: [] as number[], b: [] as number[] }
  const time = (fn: () => void): number => {
    const start = performance.now()
    for (let i = 0; i < iterations; i++) fn()
    return (performance.now() - start) * 1000 / iterations
  }
  for (let t = 0; t < trials; t++) {
    if (t % 2 === 0) {
      out.a.push(time(a))
      out.b.push(time(b))
    } else {
      out.b.push(time(b))
      out.a.push(time(a))
    }
  }
  return out
}

/** Median and p99 of a sample. */
export const summary = (values: number[]): { median: number, p99: number } => ({ median: median(values), p99: p99(values) })
