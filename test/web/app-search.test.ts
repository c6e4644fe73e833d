/**
 * Search in the real app in Chromium (its peer on IndexedDB, no network needed): Ctrl+K opens the
 * panel, results come as the user types, choosing one opens its conversation scrolled to the
 * message (older pages fetched to reach it) and marks it; "/" opens the panel too, and Escape
 * closes it, focus back where it was.
 */
import { describe, expect, it } from 'vitest'
import { appUnderTest, joinRoom, onboard } from './support/app.js'
import { expectAccessible } from './support/axe.js'
import { until } from '../support/poll.js'

const app = appUnderTest()

describe('search in the app', () => {
  it('finds a message from Ctrl+K and opens its conversation at it', async () => {
    const { page } = await app.chromium.newPage()
    await page.goto(app.url)
    await onboard(page, 'seeker')
    await joinRoom(page, 'tea')
    await page.evaluate(async () => {
      const backend = (window as unknown as { parley: { backend: { send: (c: string, t: string) => Promise<void> } } }).parley.backend
      await backend.send('room:tea', 'an old **kettle** whistles')
      for (let i = 0; i < 70; i++) await backend.send('room:tea', `filler message ${i}`)
    })
    await joinRoom(page, 'lobby')

    await page.keyboard.press('Control+k')
    const dialog = page.getByRole('dialog', { name: 'Search messages' })
    await dialog.getByRole('searchbox', { name: 'Search messages' }).fill('kettl')
    const result = dialog.getByRole('button', { name: /kettle/ })
    await result.waitFor({ timeout: 20_000 })
    expect(await result.textContent()).toMatch(/tea · seeker/)
    await result.click()
    // The panel closes on the next render: wait for it to go (an immediate count races the render).
    await dialog.waitFor({ state: 'detached', timeout: 10_000 })
    await page.getByRole('heading', { name: 'tea' }).waitFor({ timeout: 10_000 })
    const focused = page.getByRole('log', { name: 'Messages' }).locator('.focused')
    await focused.waitFor({ timeout: 20_000 })
    expect(await focused.locator('.text').textContent()).toBe('an old kettle whistles')
    expect(await focused.locator('.text strong').textContent()).toBe('kettle')

    // "/" outside a text field opens it too; Escape closes it and gives focus back.
    const opener = page.getByRole('button', { name: 'Search messages' })
    await opener.focus()
    await page.keyboard.press('/')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached', timeout: 10_000 })
    await until('focus back on the opener', async () => opener.evaluate((el) => el === document.activeElement), 10_000)

    // Scope: a word in two conversations. From tea, "This conversation" finds tea's only; "All
    // conversations" finds both. The choice is a radio group reached by Tab and moved by arrows.
    await page.evaluate(async () => {
      const backend = (window as unknown as { parley: { backend: { send: (c: string, t: string) => Promise<void> } } }).parley.backend
      await backend.send('room:lobby', 'a kettle in the lobby too')
    })
    // The index takes a new message in an idle batch after it is stored, and the panel searches once
    // per query: wait until the lobby's kettle is searchable, so the panel's search sees both.
    await until('the lobby kettle indexed', async () => page.evaluate(async () => {
      const backend = (window as unknown as { parley: { backend: { search: (q: string) => Promise<unknown[]> } } }).parley.backend
      return (await backend.search('kettle')).length === 2
    }), 20_000)
    await page.keyboard.press('Control+k')
    const box = dialog.getByRole('searchbox', { name: 'Search messages' })
    await box.fill('kettle')
    const results = dialog.getByRole('list', { name: 'Results' }).getByRole('button')
    await until('both kettles found', async () => (await results.count()) === 2, 20_000)
    const here = dialog.getByRole('radio', { name: 'This conversation' })
    const all = dialog.getByRole('radio', { name: 'All conversations' })
    expect(await all.isChecked()).toBe(true)
    await box.focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    // Past Close, Tab lands on the checked radio; the arrow key moves the choice.
    expect(await all.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('ArrowUp')
    await until('scoped to tea', async () => here.isChecked(), 10_000)
    await until('only tea\'s kettle', async () => (await results.count()) === 1 && /tea · seeker/.test(await results.first().textContent() ?? ''), 20_000)
    await expectAccessible(page, 'search scoped to a conversation', { include: ['[role="dialog"]'] })
    await all.check()
    await until('both again', async () => (await results.count()) === 2, 20_000)
    await page.close()
  }, 120_000)
})
