/**
 * Formatted messages in real Chromium (the view gallery, with the timeline view model's parse
 * handed in): the Markdown subset renders, and HTML or script in a message shows as text, never
 * as elements; links open with rel="noopener noreferrer", and only http(s) and mailto links are
 * links at all.
 */
import { parseFormatted } from '@parley/node'
import { describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'
import { gallery } from './support/harness.js'
import type { GalleryChat, GalleryWindow } from './support/gallery-api.js'

const web = pageUnderTest('test/views')

const HOSTILE = '**bold** *it* ~~gone~~ `x<y` <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> ' +
  '[site](https://example.org/a) [bad](javascript:window.pwned=3)\n\n> quoted\n\n```\n<b>not bold</b>\n```'

function chat (text: string): GalleryChat {
  return {
    pane: 'conversation',
    sidebar: {
      me: { nickname: 'alice', fingerprint: 'a1b2 c3d4', id: '12D3KooWAlice' },
      status: 'Connected to 1 peer',
      online: true,
      joinName: '',
      joining: false,
      invites: [],
      requests: [],
      peer: { value: '', busy: false },
      privateRoom: { value: '', busy: false },
      peerAddress: { value: '', busy: false },
      sections: [{ key: 'public-room', title: 'Rooms', items: [{ id: 'room:lobby', title: 'lobby', unread: 0, muted: false, selected: true }] }]
    },
    conversation: {
      title: 'lobby',
      timeline: {
        entries: [{ id: 'm1', author: 'mallory', fingerprint: 'e5f6 0718', own: false, text, blocks: parseFormatted(text), time: '12:00', iso: new Date(0).toISOString(), edited: false, deleted: false, reactions: [] }],
        loadingOlder: false,
        complete: true,
        actions: true
      },
      composer: { draft: '', sending: false, disabled: false }
    }
  } as unknown as GalleryChat
}

describe('formatted messages', () => {
  it('render bold, italic, strike, code, quotes and links, and show embedded HTML and script as text', async () => {
    const { page } = await web.chromium.newPage()
    await page.goto(web.url)
    await page.waitForFunction(() => (window as unknown as Partial<GalleryWindow>).gallery != null, undefined, { timeout: 10_000 })
    await gallery(page, 'chat', chat(HOSTILE))
    const message = page.getByRole('log', { name: 'Messages' }).locator('[data-id="m1"] .text')
    expect(await message.locator('strong').textContent()).toBe('bold')
    expect(await message.locator('em').textContent()).toBe('it')
    expect(await message.locator('del').textContent()).toBe('gone')
    expect(await message.locator(':scope code').first().textContent()).toBe('x<y')
    expect(await message.locator('blockquote').textContent()).toBe('quoted')
    expect(await message.locator('pre code').textContent()).toBe('<b>not bold</b>')
    const text = await message.textContent() ?? ''
    expect(text).toContain('<script>window.pwned = 1</script>')
    expect(text).toContain('<img src=x onerror="window.pwned = 2">')
    expect(text).toContain('[bad](javascript:window.pwned=3)')
    expect(await message.locator('script, img, b, iframe').count()).toBe(0)
    const links = message.locator('a')
    expect(await links.count()).toBe(1)
    expect(await links.getAttribute('href')).toBe('https://example.org/a')
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await links.getAttribute('target')).toBe('_blank')
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    await page.close()
  })
})
