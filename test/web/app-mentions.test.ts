/**
 * Mentions in the real app (Chromium) against a real `parley --json` peer on 127.0.0.1: the
 * composer offers the room's members for `@nick` and the message carries the chosen key; a
 * mention of the browser's profile is highlighted, notified even in a muted room (a plain message
 * there is not), and listed in the Mentions view; where reading stopped is kept by message across a
 * reload; a link from the peer is shown without any request to its server (no preview).
 */
import { createServer } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, joinRoom, onboard, openConversation, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { recordNotifications, setTabHidden, shownNotifications } from './support/notifications.js'
import { until } from '../support/poll.js'
import type { ParleyProcess } from '../peer/harness.js'
import type { Page } from 'playwright-core'
import type { AddressInfo } from 'node:net'

const app = appUnderTest()
const ROOM = 'callout'


describe('mentions in the app', () => {
  let node: ParleyProcess
  let page: Page
  let me = ''

  beforeAll(async () => {
    const served = await app.servingPeer('nodey')
    node = served.node
    page = (await app.chromium.newPage()).page
    await recordNotifications(page)
    await page.goto(served.url)
    await onboard(page, 'webby')
    me = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
    await joinRoom(page, ROOM)
    await node.ok({ cmd: 'join', room: ROOM })
  }, 90_000)

  it('offers the room\'s members for @nick with their fingerprints and sends the chosen key', async () => {
    await node.ok({ cmd: 'send', room: ROOM, text: 'hello from nodey' })
    await expectMessage(page, 'hello from nodey', 30_000)
    const box = page.getByRole('textbox', { name: 'Message', exact: true })
    await box.pressSequentially('ping @nod')
    const list = page.getByRole('listbox', { name: 'Members to mention' })
    const option = list.getByRole('option', { name: /@nodey [0-9a-f]{4}:[0-9a-f]{4}/ })
    await option.waitFor({ timeout: 10_000 })
    expect(await option.getAttribute('aria-selected')).toBe('true')
    await box.press('Enter')
    await list.waitFor({ state: 'detached', timeout: 5_000 })
    expect(await box.inputValue()).toBe('ping @nodey ')
    await box.pressSequentially('the build is green')
    await box.press('Enter')
    const got = await node.waitFor((e) => e.event === 'mention' && e.text === 'ping @nodey the build is green', 30_000, 'the mention at the node')
    expect(got).toMatchObject({ conversation: `room:${ROOM}`, from: me, nick: 'webby' })
    // Escape closes the list and leaves the draft as typed. (Typed once the sent message left the
    // box: the node may see it before the page's send has settled, and "@no" typed onto the old
    // draft's end is no mention.)
    await until('the sent draft to leave the box', async () => (await box.inputValue()) === '', 10_000)
    await box.pressSequentially('@no')
    await option.waitFor({ timeout: 10_000 })
    await box.press('Escape')
    await list.waitFor({ state: 'detached', timeout: 5_000 })
    expect(await box.inputValue()).toBe('@no')
    await box.fill('')
  })

  it('notifies a mention in a muted room (a plain message there is not), highlights it and lists it', async () => {
    await page.getByRole('button', { name: 'Mute', exact: true }).click()
    await page.getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: 10_000 })
    await setTabHidden(page, true)
    await node.ok({ cmd: 'send', room: ROOM, text: 'plain words in a muted room' })
    await expectMessage(page, 'plain words in a muted room', 30_000)
    // The canary: a mention sent after the plain message.
    await node.ok({ cmd: 'send', room: ROOM, text: '@webby wake up', mentions: [me] })
    await until('the mention notification', async () => (await shownNotifications(page)).some((n) => n.body === '@webby wake up'), 30_000)
    const all = await shownNotifications(page)
    expect(all.find((n) => n.body === '@webby wake up')?.title).toBe(`nodey in ${ROOM} mentioned you`)
    expect(all.some((n) => n.body === 'plain words in a muted room')).toBe(false)
    await page.locator('li.message.mentions-me').getByText('@webby wake up', { exact: true }).waitFor({ timeout: 10_000 })
    expect(await page.locator('li.message.mentions-me').count()).toBe(1)
    await page.evaluate(() => { (window as unknown as { tabState: { hidden: boolean } }).tabState.hidden = false })

    await page.getByRole('button', { name: /^Mentions/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Mentions' })
    await dialog.getByText('@webby wake up', { exact: true }).waitFor({ timeout: 10_000 })
    expect(await dialog.getByRole('listitem').count()).toBe(1)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached', timeout: 5_000 })
    await sendMessage(page, 'done here')
    await expectMessage(page, 'done here')
  })

  it('shows a mention badge on a conversation not open, kept across a reload, cleared when read; marks and jumps to the first unread', async () => {
    await joinRoom(page, 'elsewhere')
    await node.ok({ cmd: 'send', room: ROOM, text: '@webby while you were away', mentions: [me] })
    const nav = page.getByRole('navigation', { name: 'Conversations' })
    const badge = nav.getByRole('button', { name: new RegExp(ROOM) }).getByLabel('1 mentioning you')
    await badge.waitFor({ timeout: 30_000 })
    // Unread state is written within UI_STATE_SAVE_MS; wait for it before reloading.
    await until('the mention count to be stored', async () => page.evaluate(async (room) => {
      const ui = await (window as unknown as { parley?: { backend: { peer?: { store: { kv(name: string): { get(key: string): Promise<Uint8Array | undefined> } } } } } }).parley?.backend.peer?.store.kv('settings').get('web-ui')
      return ui !== undefined && new RegExp(`"mentioned":\\{[^}]*"room:${room}":1`).test(new TextDecoder().decode(ui))
    }, ROOM), 10_000)
    await page.reload()
    await badge.waitFor({ timeout: 30_000 })
    await nav.getByRole('button', { name: new RegExp(ROOM) }).click()
    await expectMessage(page, '@webby while you were away', 30_000)
    await badge.waitFor({ state: 'detached', timeout: 10_000 })
    // Where you stopped: the marker sits right above the one message that arrived while away.
    const marker = page.getByRole('log', { name: 'Messages' }).getByRole('separator', { name: 'New messages' })
    await marker.waitFor({ timeout: 10_000 })
    expect(await page.locator('li.new-messages + li.message').getByText('@webby while you were away', { exact: true }).count()).toBe(1)
    await page.getByRole('button', { name: 'Jump to first unread', exact: true }).click()
    await page.locator('li.message.focused').getByText('@webby while you were away', { exact: true }).waitFor({ timeout: 10_000 })
  })

  it('keeps where you stopped by message, not by count: 65 unread (more than a page), reload, the marker and Jump reach the first', async () => {
    await openConversation(page, 'elsewhere')
    const UNREAD = 65
    for (let i = 0; i < UNREAD; i++) await node.ok({ cmd: 'send', room: ROOM, text: `away ${i}` })
    const nav = page.getByRole('navigation', { name: 'Conversations' })
    await nav.getByRole('button', { name: new RegExp(ROOM) }).getByLabel(`${UNREAD} unread`).waitFor({ timeout: 60_000 })
    await until('the read position to be stored', async () => page.evaluate(async (room) => {
      const ui = await (window as unknown as { parley?: { backend: { peer?: { store: { kv(name: string): { get(key: string): Promise<Uint8Array | undefined> } } } } } }).parley?.backend.peer?.store.kv('settings').get('web-ui')
      return ui !== undefined && new RegExp(`"unread":\\{[^}]*"room:${room}":65`).test(new TextDecoder().decode(ui))
    }, ROOM), 10_000)
    await page.reload()
    await nav.getByRole('button', { name: new RegExp(ROOM) }).click()
    await expectMessage(page, `away ${UNREAD - 1}`, 30_000)
    // The newest page (50) holds "away 15" on; counting back 65 would mark its oldest loaded
    // message. The marker belongs above "away 0", which is not loaded yet.
    expect(await page.locator('li.new-messages').count()).toBe(0)
    await page.getByRole('button', { name: 'Jump to first unread', exact: true }).click()
    await page.locator('li.message.focused').getByText('away 0', { exact: true }).waitFor({ timeout: 20_000 })
    expect(await page.locator('li.new-messages + li.message').getByText('away 0', { exact: true }).count()).toBe(1)
    expect(await page.locator('li.new-messages').count()).toBe(1)
  }, 120_000)
  it('shows a link from another peer without any request to the linked server (no link preview)', async () => {
    // The linked server: a real one on 127.0.0.1, so a preview, prefetch or favicon fetch would reach it.
    const hits: string[] = []
    const linked = createServer((req, res) => { hits.push(req.url ?? ''); res.end('seen') })
    await new Promise<void>((resolve) => { linked.listen(0, '127.0.0.1', resolve) })
    const host = `127.0.0.1:${(linked.address() as AddressInfo).port}`
    const requested: string[] = []
    const record = (r: { url: () => string }): void => { requested.push(r.url()) }
    page.on('request', record)
    try {
      await openConversation(page, ROOM)
      await node.ok({ cmd: 'send', room: ROOM, text: `read [the docs](http://${host}/docs) or http://${host}/bare` })
      const link = page.getByRole('log', { name: 'Messages' }).getByRole('link', { name: 'the docs' })
      await link.waitFor({ timeout: 30_000 })
      expect(await link.getAttribute('href')).toBe(`http://${host}/docs`)
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
      await link.hover()
      await link.focus()
      // The canary: a request of the page's own, made after the link rendered, hovered and focused.
      const canary = `${new URL(page.url()).origin}/parley-canary-${Date.now()}`
      await Promise.all([page.waitForRequest(canary), page.evaluate(async (url) => { await fetch(url).catch(() => undefined) }, canary)])
      expect(requested.filter((u) => u.includes(host))).toEqual([])
      expect(hits).toEqual([])
    } finally {
      page.off('request', record)
      await new Promise<void>((resolve) => { linked.close(() => { resolve() }) })
    }
  }, 60_000)
})
