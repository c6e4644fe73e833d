/**
 * Node-side helpers for driving the network harness page through `window.harness`.
 */
import type { HarnessApi, HarnessWindow } from './harness-api.js'
import type { Page } from 'playwright-core'

type Method = keyof HarnessApi

/** Calls `window.harness[method](...args)` in the page and resolves with its (serialised) result. */
export async function call<M extends Method> (page: Page, method: M, ...args: Parameters<HarnessApi[M]>): Promise<Awaited<ReturnType<HarnessApi[M]>>> {
  const result: unknown = await page.evaluate(async ([m, a]) => {
    const api = (window as unknown as HarnessWindow).harness
    const fn = api[m] as (...x: unknown[]) => unknown
    return await fn(...a)
  }, [method, args] as const)
  return result as Awaited<ReturnType<HarnessApi[M]>>
}

/** Opens the harness at `url` and waits until its API is installed. */
export async function openHarness (page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForFunction(() => (window as unknown as Partial<HarnessWindow>).harness != null, undefined, { timeout: 10_000 })
}

/** Polls `check` until it returns a value other than `undefined`/`false`, or fails after `timeoutMs`. */
export async function waitFor<T> (what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) {
      return value
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
