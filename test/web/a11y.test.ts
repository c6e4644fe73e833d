/**
 * Accessibility of the real app in Chromium against a real `parley --json` peer on 127.0.0.1:
 * axe-core finds no WCAG 2.1 A/AA violation on any view (onboarding, room, members, message
 * requests, DM, verification, private room, owned room with its menu and dialog, search,
 * mentions, contact cards), in the light and in the dark colour scheme.
 */
import { describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, joinRoom, onboard, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { axeViolations, describeViolations, type AxeViolation } from './support/axe.js'
import { until } from '../support/poll.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()

/** The violations found on `page` in both colour schemes, each named by view and scheme. */
async function bothSchemes (page: Page, where: string): Promise<string[]> {
  const found: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const violations: AxeViolation[] = await axeViolations(page)
    if (violations.length > 0) found.push(`${where}, ${colorScheme}:\n${describeViolations(violations)}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  return found
}

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  it('finds no violation on any view, light or dark', async () => {
    const { node, url } = await app.servingPeer('nodey')
    const { page } = await app.chromium.newPage()
    const found: string[] = []
    const check = async (where: string): Promise<void> => { found.push(...await bothSchemes(page, where)) }

    await page.goto(url)
    await page.getByRole('textbox', { name: 'Nickname', exact: true }).waitFor({ timeout: 30_000 })
    await page.getByLabel('Passphrase (optional)').fill('x')
    await check('onboarding')
    await page.getByLabel('Passphrase (optional)').fill('')
    await onboard(page, 'webby')
    const me = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)

    // A public room with a message each way, the members panel and the reaction picker open.
    await node.ok({ cmd: 'join', room: 'lobby' })
    await joinRoom(page, 'lobby')
    await sendMessage(page, 'hello from the browser')
    await node.ok({ cmd: 'send', room: 'lobby', text: 'hello from node' })
    await node.ok({ cmd: 'send', room: 'lobby', text: '**bold** _it_ ~~gone~~ `code` [a link](https://example.com)\n> a quote\n```\nblock\n```' })
    await node.ok({ cmd: 'send', room: 'lobby', text: '@webby look here', mentions: [me] })
    await expectMessage(page, '@webby look here', 30_000)
    await page.getByText('Passphrase: none').click()
    await check('room')
    await page.getByRole('button', { name: 'Members', exact: true }).click()
    await page.getByRole('region', { name: 'Members' }).waitFor()
    const row = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'hello from node' })
    await row.getByRole('button', { name: 'React', exact: true }).click()
    await check('members and reaction picker')

    // A stranger's DM waits as a request; accepted, it opens as a DM with its verification dialog.
    await node.ok({ cmd: 'dm', to: me, text: 'hello, we have not met' })
    await page.getByRole('region', { name: 'Message requests' }).waitFor({ timeout: 30_000 })
    await check('message requests')
    await page.getByRole('button', { name: 'Accept nodey', exact: true }).click()
    await expectMessage(page, 'hello, we have not met', 30_000)
    await sendMessage(page, 'hello nodey')
    await check('DM')
    await page.getByRole('button', { name: 'Verify', exact: true }).click()
    await page.getByRole('dialog', { name: 'Verify nodey' }).waitFor()
    await check('verification')
    await page.getByRole('button', { name: 'Mark as verified', exact: true }).click()
    await page.getByRole('dialog').getByRole('status').getByText('verified').waitFor({ timeout: 10_000 })
    await check('verification, verified')
    await page.keyboard.press('Escape')
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
    await check('owned room, message menu')
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Schedule event', exact: true }).click()
    await page.getByRole('dialog', { name: 'Schedule an event' }).waitFor()
    await check('schedule dialog')
    await page.keyboard.press('Escape')

    // Search with results, Mentions, Explore rooms, Share my contact, Add contact.
    await page.keyboard.press('Control+k')
    const search = page.getByRole('dialog', { name: 'Search messages' })
    await search.getByRole('searchbox', { name: 'Search messages' }).fill('hello')
    await search.getByRole('button', { name: /hello from node/ }).waitFor({ timeout: 20_000 })
    await check('search')
    await page.keyboard.press('Escape')
    await search.waitFor({ state: 'detached' })
    for (const [button, dialog] of [[/^Mentions/, 'Mentions'], ['Explore rooms', 'Explore rooms'], ['Share my contact', 'Share my contact'], ['Add contact', 'Add contact']] as const) {
      await page.getByRole('button', { name: button }).click()
      await page.getByRole('dialog', { name: dialog }).waitFor()
      await check(dialog)
      await page.keyboard.press('Escape')
      await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 })
    }
    expect(found.join('\n\n')).toBe('')
    await page.context().close()
  }, 120_000)
})
