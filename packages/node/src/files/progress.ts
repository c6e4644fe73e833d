/**
 * Progress of a file, told in steps: every chunk would be 1,024 events for a 256 MiB file, each
 * dispatched to every listener and, in `--json`, written to stdout as a line (~0.4 s of the
 * receiver's main thread per 256 MiB save, bench/files.ts). A step is a hundredth of the file;
 * the first report and the last (every byte) are always told, so a progress bar starts at once and
 * ends full. Steps depend on bytes only, never on time, so a run tells the same steps every time.
 */

/** Parts of a file between two progress reports. */
export const PROGRESS_STEPS = 100

/** Wraps `report` so it runs for the first call, then once per 1/PROGRESS_STEPS of `total`, and at `total`. */
export function progressSteps<A extends unknown[]> (total: number, report: (bytes: number, ...rest: A) => void): (bytes: number, ...rest: A) => void {
  const step = total / PROGRESS_STEPS
  let told: number | undefined
  return (bytes, ...rest) => {
    if (told !== undefined && bytes < total && bytes - told < step) return
    told = bytes
    report(bytes, ...rest)
  }
}
