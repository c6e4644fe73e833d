/** Least-squares trends for the soak benchmark: how fast a figure grows against messages sent. */

/** The fitted line y = intercept + slope·x and its slope's standard error. */
export interface Trend { slope: number, intercept: number, stderr: number }

/**
 * Ordinary least squares over the points (x, y). The slope's standard error is
 * sqrt(Σ residual² / (n − 2) / Σ (x − x̄)²), so it is NaN for fewer than 3 points.
 */
export function trend (xs: number[], ys: number[]): Trend {
  if (xs.length !== ys.length) throw new RangeError('xs and ys must be the same length')
  const n = xs.length
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, stderr: Number.NaN }
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2
    sxy += (xs[i] - mx) * (ys[i] - my)
  }
  const slope = sxx === 0 ? Number.NaN : sxy / sxx
  const intercept = my - slope * mx
  let residuals = 0
  for (let i = 0; i < n; i++) residuals += (ys[i] - intercept - slope * xs[i]) ** 2
  return { slope, intercept, stderr: n > 2 && sxx > 0 ? Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN }
}
