/** Waiting helpers for benchmarks that pace their load. */

export const sleep = async (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/**
 * Calls `fn(i)` for i = 0..count-1 at `perSecond`, on a fixed schedule from
 * the first call (a late tick does not push the later ones back).
 */
export async function paced (count: number, perSecond: number, fn: (i: number) => void | Promise<void>): Promise<void> {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    await sleep(start + i * 1000 / perSecond - performance.now())
    await fn(i)
  }
}

/** Polls `check` every 20 ms until it is true or `timeoutMs` passes; resolves with whether it became true. */
export async function until (check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs
  while (performance.now() < end) {
    if (await check()) return true
    await sleep(20)
  }
  return check()
}
