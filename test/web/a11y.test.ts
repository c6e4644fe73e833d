/**
 * Accessibility of the real app in Chromium against a real `parley --json` peer on 127.0.0.1:
 * axe-core finds no WCAG 2.1 A/AA violation on any view (onboarding, room, members, message
 * requests, DM, verification, private room, owned room with its menu and dialog, search,
 * mentions, contact cards, the phone layout), in the light and in the dark colour scheme; and a whole conversation
 * is held with the keyboard alone (page.keyboard only, no clicks: onboarding, a room, Enter and
 * Shift+Enter, a message request, a dialog, a menu, search), every control reached showing a
 * focus ring.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, joinRoom, onboard, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { axeViolations, describeViolations, type AxeScope, type AxeViolation } from './support/axe.js'
import { until } from '../support/poll.js'
import type { ParleyProcess } from '../peer/harness.js'
import type { Locator, Page } from 'playwright-core'

const app = appUnderTest()

/** Whether `target` has keyboard focus. */
async function hasFocus (target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement)
}

/** What has focus (the start of its markup), and whether it shows a focus ring: an outline of 2px or more. */
async function focusRing (page: Page): Promise<{ what: string, ring: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (el == null || el === document.body) return { what: 'the page', ring: true }
    const style = getComputedStyle(el)
    return { what: el.outerHTML.slice(0, 100), ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 }
  })
}

/**
 * Presses Tab (Shift+Tab when `back`) until `target` has focus, at most `max` times: it is
 * reachable by keyboard, and every control passed on the way shows a focus ring.
 */
async function tabTo (page: Page, target: Locator, { back = false, max = 60 } = {}): Promise<void> {
  for (let i = 0; i < max && !await hasFocus(target); i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const focused = await focusRing(page)
    expect(focused.ring, `a focus ring on ${focused.what}`).toBe(true)
  }
  expect(await hasFocus(target), `${String(target)} reached with ${back ? 'Shift+Tab' : 'Tab'}`).toBe(true)
}

/** The violations found on `page` (or the part `scope` names) in both colour schemes, each named by view and scheme. */
async function bothSchemes (page: Page, where: string, scope: AxeScope = {}): Promise<string[]> {
  const found: string[] = []
  const backgrounds = new Set<string>()
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    backgrounds.add(await page.evaluate(() => getComputedStyle(document.body).backgroundColor))
    const violations: AxeViolation[] = await axeViolations(page, scope)
    if (violations.length > 0) found.push(`${where}, ${colorScheme}:\n${describeViolations(violations)}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  expect(backgrounds.size, 'the page\'s colours change with the colour scheme').toBe(2)
  return found
}

describe('accessibility', () => {
  let node: ParleyProcess
  let url = ''
  beforeAll(async () => { ({ node, url } = await app.servingPeer('nodey')) }, 60_000)

  it('axe-core finds no WCAG 2.1 A/AA violation on any view, light or dark', async () => {
    const { page } = await app.chromium.newPage()
    const found: string[] = []
    const check = async (where: string, scope?: AxeScope): Promise<void> => { found.push(...await bothSchemes(page, where, scope)) }
    // A modal dialog covers the page, which other checks cover: only the dialog is checked.
    const dialogOnly = { include: ['[role=dialog]'] }

    await page.goto(url)
    await page.getByRole('textbox', { name: 'Nickname', exact: true }).waitFor({ timeout: 30_000 })
    await page.getByLabel('Passphrase (optional)').fill('x')
    await check('onboarding')
    // A theme chosen in Settings (data-theme on the root) overrides the system's scheme.
    const background = async (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await page.evaluate(() => { document.documentElement.dataset.theme = 'dark' })
    expect(await background()).toBe('rgb(17, 19, 24)')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.evaluate(() => { document.documentElement.dataset.theme = 'light' })
    expect(await background()).toBe('rgb(255, 255, 255)')
    await page.evaluate(() => { delete document.documentElement.dataset.theme })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByLabel('Passphrase (optional)').fill('')
    await onboard(page, 'webby')
    const me = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)

    // A public room with a message each way (formatted, and one mentioning the browser), the
    // members panel and the reaction picker open, and a stranger's DM
    // waiting as a message request.
    await node.ok({ cmd: 'dm', to: me, text: 'hello, we have not met' })
    await node.ok({ cmd: 'join', room: 'lobby' })
    await joinRoom(page, 'lobby')
    await sendMessage(page, 'hello from the browser')
    await node.ok({ cmd: 'send', room: 'lobby', text: 'hello from node' })
    await node.ok({ cmd: 'send', room: 'lobby', text: '**bold** _it_ ~~gone~~ `code` [a link](https://example.com)\n> a quote\n```\nblock\n```' })
    await node.ok({ cmd: 'send', room: 'lobby', text: '@webby look here', mentions: [me] })
    await expectMessage(page, '@webby look here', 30_000)
    await page.getByRole('button', { name: 'Members', exact: true }).click()
    await page.getByRole('region', { name: 'Members' }).waitFor()
    const row = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'hello from node' })
    await row.getByRole('button', { name: 'React', exact: true }).click()
    await page.getByRole('region', { name: 'Message requests' }).waitFor({ timeout: 30_000 })
    await check('room, members, reaction picker, message request')

    // The request accepted opens a DM (its first message marked as new); its verification dialog
    // before and after marking the contact verified.
    await page.getByRole('button', { name: 'Accept nodey', exact: true }).click()
    await expectMessage(page, 'hello, we have not met', 30_000)
    await sendMessage(page, 'hello nodey')
    await page.getByRole('button', { name: 'Verify', exact: true }).click()
    await page.getByRole('dialog', { name: 'Verify nodey' }).waitFor()
    await check('verification', dialogOnly)
    await page.getByRole('button', { name: 'Mark as verified', exact: true }).click()
    await page.getByRole('dialog').getByRole('status').getByText('verified').waitFor({ timeout: 10_000 })
    await check('verification, verified', dialogOnly)
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 })
    await check('DM, verified')

    // A private room with its invite picker.
    await page.getByRole('textbox', { name: 'New private room', exact: true }).fill('plans')
    await page.getByRole('button', { name: 'Create private room', exact: true }).click()
    await page.getByRole('heading', { name: 'plans' }).waitFor({ timeout: 10_000 })
    await sendMessage(page, 'secret plans')
    await page.getByRole('button', { name: 'Add people', exact: true }).click()
    await page.getByRole('region', { name: 'Invite a contact' }).waitFor()
    await check('private room')

    // A room the browser owns: its header, the message menu and a dialog.
    await page.getByRole('textbox', { name: 'New moderated room', exact: true }).fill('agora')
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.getByRole('heading', { name: /^agora~/ }).waitFor({ timeout: 10_000 })
    await sendMessage(page, 'owner speaking')
    await expectMessage(page, 'owner speaking')
    await page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'owner speaking' }).getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menu', { name: 'More actions' }).waitFor()
    await check('owned room, message menu', { include: ['main'] })
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Schedule event', exact: true }).click()
    await page.getByRole('dialog', { name: 'Schedule an event' }).waitFor()
    await check('schedule dialog', dialogOnly)
    await page.keyboard.press('Escape')

    // Search with results, Mentions, Explore rooms, Share my contact, Add contact.
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Search messages' })
    await search.getByRole('searchbox', { name: 'Search messages' }).fill('hello')
    await search.getByRole('button', { name: /hello from node/ }).waitFor({ timeout: 20_000 })
    await check('search', dialogOnly)
    await page.keyboard.press('Escape')
    await search.waitFor({ state: 'detached' })
    for (const [button, dialog] of [[/^Mentions/, 'Mentions'], ['Explore rooms', 'Explore rooms'], ['Share my contact', 'Share my contact'], ['Add contact', 'Add contact']] as const) {
      await page.getByRole('button', { name: button }).click()
      await page.getByRole('dialog', { name: dialog }).waitFor()
      await check(dialog, dialogOnly)
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 })
    }
    // A phone-sized screen: one pane at a time, with the way back to the list.
    await page.setViewportSize({ width: 375, height: 740 })
    await page.getByRole('button', { name: 'Back to conversations', exact: true }).waitFor()
    await check('phone, conversation')
    expect(found.join('\n\n')).toBe('')
    await page.context().close()
  }, 120_000)

  it('holds a whole conversation with the keyboard alone', async () => {
    const { page } = await app.chromium.newPage()
    await page.goto(url)
    // Onboarding: the nickname field is the first stop; Enter on the button starts.
    const nickname = page.getByRole('textbox', { name: 'Nickname', exact: true })
    await nickname.waitFor({ timeout: 30_000 })
    await tabTo(page, nickname)
    await page.keyboard.type('keys')
    await tabTo(page, page.getByRole('button', { name: 'Start chatting', exact: true }))
    await page.keyboard.press('Enter')
    const roomName = page.getByRole('textbox', { name: 'Room name', exact: true })
    await roomName.waitFor({ timeout: 30_000 })
    const me = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)

    // Join a room from its field; Enter sends, Shift+Enter starts a new line.
    await node.ok({ cmd: 'join', room: 'keys' })
    await tabTo(page, roomName)
    await page.keyboard.type('keys')
    await page.keyboard.press('Enter')
    const box = page.getByRole('textbox', { name: 'Message', exact: true })
    await box.waitFor({ timeout: 10_000 })
    await tabTo(page, box)
    await page.keyboard.type('typed, not clicked')
    await page.keyboard.press('Enter')
    await node.waitFor((e) => e.event === 'message' && e.text === 'typed, not clicked', 30_000, 'the message sent with Enter')
    await page.keyboard.type('line one')
    await page.keyboard.press('Shift+Enter')
    await page.keyboard.type('line two')
    expect(await box.inputValue()).toBe('line one\nline two')
    await page.keyboard.press('Enter')
    await node.waitFor((e) => e.event === 'message' && e.text === 'line one\nline two', 30_000, 'the two-line message')
    await until('the message box emptied once the message is sent', async () => (await box.inputValue()) === '', 10_000)

    // A stranger's DM: back to its Accept button, then write in the DM it opens.
    await node.ok({ cmd: 'dm', to: me, text: 'a word in private' })
    const accept = page.getByRole('button', { name: 'Accept nodey', exact: true })
    await accept.waitFor({ timeout: 30_000 })
    await tabTo(page, accept, { back: true })
    await page.keyboard.press('Enter')
    await expectMessage(page, 'a word in private', 30_000)
    // The Accept button went away with the request: focus goes on to the DM's message box.
    await until('focus in the DM\'s message box', async () => hasFocus(box), 10_000)
    await page.keyboard.type('glad to meet you')
    await page.keyboard.press('Enter')
    await node.waitFor((e) => e.event === 'dm' && e.text === 'glad to meet you', 30_000, 'the DM sent with Enter')

    // A dialog: Verify opens it, Tab stays inside, Escape closes it and focus returns to Verify.
    const verify = page.getByRole('button', { name: 'Verify', exact: true })
    await tabTo(page, verify, { back: true })
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Verify nodey' })
    await dialog.waitFor()
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab')
      expect(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus inside the dialog').toBe(true)
      expect((await focusRing(page)).ring).toBe(true)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached', timeout: 10_000 })
    await until('focus back on Verify', async () => hasFocus(verify), 10_000)

    // A menu: in a room the browser owns, a message's "More actions" opens with focus on its first
    // item, arrows move, Escape closes it and focus returns to the button.
    const owned = page.getByRole('textbox', { name: 'New moderated room', exact: true })
    await tabTo(page, owned, { back: true, max: 80 })
    await page.keyboard.type('keyed')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: /^keyed~/ }).waitFor({ timeout: 10_000 })
    await tabTo(page, box)
    await page.keyboard.type('mine to pin')
    await page.keyboard.press('Enter')
    await expectMessage(page, 'mine to pin')
    const more = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'mine to pin' }).getByRole('button', { name: 'More actions' })
    await tabTo(page, more, { back: true })
    await page.keyboard.press('Enter')
    const items = page.getByRole('menu', { name: 'More actions' }).getByRole('menuitem')
    await until('focus on the first item', async () => (await items.count()) > 1 && hasFocus(items.first()), 10_000)
    await page.keyboard.press('ArrowDown')
    expect(await hasFocus(items.nth(1))).toBe(true)
    await page.keyboard.press('Escape')
    await page.getByRole('menu').waitFor({ state: 'detached', timeout: 10_000 })
    await until('focus back on More actions', async () => hasFocus(more), 10_000)

    // Search: Ctrl+K, type, Tab to a result, Enter opens its conversation with focus on the message.
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Search messages' })
    const query = search.getByRole('searchbox', { name: 'Search messages' })
    await until('focus in the search box', async () => hasFocus(query), 10_000)
    await page.keyboard.type('clicked')
    const result = search.getByRole('button', { name: /typed, not clicked/ })
    await result.waitFor({ timeout: 20_000 })
    await tabTo(page, result)
    await page.keyboard.press('Enter')
    await search.waitFor({ state: 'detached', timeout: 10_000 })
    await page.getByRole('heading', { name: 'keys' }).waitFor({ timeout: 10_000 })
    const message = page.getByRole('log', { name: 'Messages' }).locator('li.focused')
    await until('focus on the message found', async () => (await message.count()) === 1 && hasFocus(message), 20_000)
    expect(await message.locator('.text').textContent()).toBe('typed, not clicked')
    await page.context().close()
  }, 90_000)
})
