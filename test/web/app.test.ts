/**
 * The production build of @parley/web (packages/web/index.html, built like `npm run build`)
 * served from 127.0.0.1: it loads in Chromium without errors and mounts the app.
 */
import { describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'

const web = pageUnderTest('.')


describe('built app', () => {
  it('loads from loopback without page errors and mounts the root view', async () => {
    const { page } = await web.chromium.newPage({ width: 360, height: 740 })
    const errors: string[] = []
    page.on('pageerror', (err) => { errors.push(err.message) })
    await page.goto(web.url)
    await page.locator('#app main').waitFor({ timeout: 10_000 })
    expect(errors).toEqual([])
    expect(await page.title()).toBe('Parley')
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('width=device-width')
    await page.close()
  })
})
