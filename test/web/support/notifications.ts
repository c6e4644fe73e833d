/**
 * A page's browser notifications, recorded instead of shown (the app's notifier calls
 * `new Notification`, with permission granted), and the tab's visibility under the test's control
 * (visible until `setTabHidden(page, true)`). Call `recordNotifications` before the page loads.
 */
import type { Page } from 'playwright-core'

export type Shown = Array<{ title: string, body: string }>

export async function recordNotifications (page: Page): Promise<void> {
  await page.addInitScript(() => {
    const notifications: Array<{ title: string, body: string }> = []
    const state = { hidden: false }
    Object.assign(window, { shownNotifications: notifications, tabState: state })
    class Recorded {
      static permission = 'granted'
      static async requestPermission (): Promise<string> { return await Promise.resolve('granted') }
      onclick: (() => void) | null = null
      constructor (title: string, options: { body?: string } = {}) { notifications.push({ title, body: options.body ?? '' }) }
      close (): void {}
    }
    Object.assign(window, { Notification: Recorded })
    Object.defineProperty(document, 'visibilityState', { get: () => state.hidden ? 'hidden' : 'visible' })
  })
}

/** Every notification the page raised so far, oldest first. */
export async function shownNotifications (page: Page): Promise<Shown> {
  return page.evaluate(() => (window as unknown as { shownNotifications: Shown }).shownNotifications)
}

export async function setTabHidden (page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => { (window as unknown as { tabState: { hidden: boolean } }).tabState.hidden = h }, hidden)
}
