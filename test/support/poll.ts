/**
 * The one polling helper of the test suites. Every wait names what it waits for, and
 * its default deadline (20 s) is well inside vitest's 60 s test timeout, so a stuck
 * wait fails with "timed out after … waiting for <what>" rather than a bare test timeout.
 */

/** Something `until` keeps polling past: not yet there. */
type NotYet = false | undefined | null

/** Default deadline of a wait: a third of the suite's test timeout. */
export const UNTIL_TIMEOUT_MS = 20_000

/**
 * Polls `check` every `intervalMs` until it returns something other than
 * `false`/`undefined`/`null`, and resolves with it; throws naming `what` after `timeoutMs`.
 * A check that throws fails the wait at once (a broken check is not "not yet").
 */
export async function until<T> (what: string, check: () => Promise<T | NotYet> | T | NotYet, timeoutMs = UNTIL_TIMEOUT_MS, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== false && value !== undefined && value !== null) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
