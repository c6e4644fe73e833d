/**
 * Node-side helpers for driving the test pages: the network harness (`window.harness`) and the
 * view gallery (`window.gallery`).
 */
import type { GalleryApi, GalleryWindow } from './gallery-api.js'
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

/** Calls `window.gallery[method](...args)` in the view gallery page. */
export async function gallery<M extends keyof GalleryApi> (page: Page, method: M, ...args: Parameters<GalleryApi[M]>): Promise<Awaited<ReturnType<GalleryApi[M]>>> {
  const result: unknown = await page.evaluate(async ([m, a]) => {
    const api = (window as unknown as GalleryWindow).gallery
    const fn = api[m] as (...x: unknown[]) => unknown
    return await fn(...a)
  }, [method, args] as const)
  return result as Awaited<ReturnType<GalleryApi[M]>>
}
