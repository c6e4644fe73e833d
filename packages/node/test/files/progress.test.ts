import { describe, expect, it } from 'vitest'
import { PROGRESS_STEPS, progressSteps } from '../../src/files/progress.js'

describe('progressSteps', () => {
  it('tells the first report, one per hundredth of the file, and the last', () => {
    const told: Array<[number, string]> = []
    const total = 256 * 1024 * 1024
    const chunk = 256 * 1024
    const report = progressSteps(total, (bytes: number, tag: string) => { told.push([bytes, tag]) })
    for (let bytes = 0; bytes <= total; bytes += chunk) report(bytes, 'x')
    expect(told[0]).toEqual([0, 'x'])
    expect(told.at(-1)).toEqual([total, 'x'])
    // 1,025 calls (a step is 10.24 chunks: every 11th is told), told about PROGRESS_STEPS times; never two within a step but the last.
    expect(told.length).toBeGreaterThanOrEqual(PROGRESS_STEPS * 0.9)
    expect(told.length).toBeLessThanOrEqual(PROGRESS_STEPS + 2)
    for (let i = 1; i < told.length - 1; i++) expect(told[i][0] - told[i - 1][0]).toBeGreaterThanOrEqual(total / PROGRESS_STEPS)
  })

  it('tells every report of a small file whose chunks are each more than a step', () => {
    const told: number[] = []
    const report = progressSteps(600, (bytes) => { told.push(bytes) })
    for (const bytes of [200, 400, 600]) report(bytes)
    expect(told).toEqual([200, 400, 600])
  })

  it('tells the end even when it comes within a step of the last report', () => {
    const told: number[] = []
    const report = progressSteps(1000, (bytes) => { told.push(bytes) })
    for (const bytes of [995, 999, 1000]) report(bytes)
    expect(told).toEqual([995, 1000])
  })
})
