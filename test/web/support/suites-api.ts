/**
 * The API of the suite-runner page (packages/web/test/suite-runner): vitest-style suites run
 * inside Chromium and report each test's outcome as plain data.
 */

/** The outcome of one test run in the page. */
export interface SuiteResult {
  /** Describe blocks and test name joined with ` > `. */
  name: string
  state: 'passed' | 'failed' | 'skipped'
  error?: string
  ms: number
}

export interface SuitesApi {
  run(): Promise<SuiteResult[]>
}

/** `window` in the suite-runner page. */
export interface SuitesWindow {
  suites: SuitesApi
}
