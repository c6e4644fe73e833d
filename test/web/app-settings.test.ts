/**
 * Settings in the real app (Chromium) against a real `parley --json` peer on 127.0.0.1: the dialog
 * opens from the sidebar by keyboard and passes axe-core (WCAG 2.1 A/AA) in light and dark; the
 * nickname, theme, notification levels (global and per conversation) and passphrase each change
 * what the app does and survive a reload (the notification levels live in the profile, so they
 * come back after unlocking a sealed one). A DM that mentions the browser's profile is highlighted.
 * With "Send read receipts" off, a DM read gets no read receipt (delivery receipts still go).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, joinRoom, onboard, openConversation, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { recordNotifications, setTabHidden, shownNotifications } from './support/notifications.js'
import { expectAccessible } from './support/axe.js'
import { until } from '../support/poll.js'
import type { ParleyProcess } from '../peer/harness.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()
const PASS = 'correct horse settings'

const background = async (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor)

describe('settings in the app', () => {
  let node: ParleyProcess
  let page: Page
  let me = ''
  const nav = (): ReturnType<Page['getByRole']> => page.getByRole('navigation', { name: 'Conversations' })
  const dialog = (): ReturnType<Page['getByRole']> => page.getByRole('dialog', { name: 'Settings' })

  async function openSettings (): Promise<void> {
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await dialog().waitFor({ timeout: 10_000 })
  }

  async function closeSettings (): Promise<void> {
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached', timeout: 5_000 })
  }

  /** Waits for `count` unread in the sidebar entry of `title`. */
  async function unread (title: string, count: number): Promise<void> {
    await nav().getByRole('button', { name: new RegExp(`^${title}`) }).getByLabel(`${count} unread`).waitFor({ timeout: 30_000 })
  }

  beforeAll(async () => {
    const served = await app.servingPeer('nodey')
    node = served.node
    page = (await app.chromium.newPage()).page
    await recordNotifications(page)
    await page.goto(served.url)
    await onboard(page, 'webby')
    me = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
    for (const room of ['quiet', 'loud', 'chatty']) {
      await joinRoom(page, room)
      await node.ok({ cmd: 'join', room })
    }
  }, 120_000)

  it('opens from the sidebar by keyboard, focus in the nickname, passes axe in light and dark, Escape gives focus back; the theme overrides the system', async () => {
    const button = page.getByRole('button', { name: 'Settings', exact: true })
    await button.focus()
    await page.keyboard.press('Enter')
    await dialog().waitFor({ timeout: 10_000 })
    expect(await dialog().getByLabel('Nickname').evaluate((el) => el === document.activeElement)).toBe(true)
    await dialog().getByRole('button', { name: 'Back up', exact: true }).click()
    await dialog().getByRole('form', { name: 'Back up' }).getByRole('button', { name: 'Export all (JSON)' }).waitFor({ timeout: 5_000 })

    await page.emulateMedia({ colorScheme: 'light' })
    await dialog().getByRole('radio', { name: 'Dark' }).check()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    expect(await background(page)).toBe('rgb(17, 19, 24)')
    await expectAccessible(page, 'settings, dark', { include: ['[role="dialog"]'] })
    await page.emulateMedia({ colorScheme: 'dark' })
    await dialog().getByRole('radio', { name: 'Light' }).check()
    expect(await background(page)).toBe('rgb(255, 255, 255)')
    await expectAccessible(page, 'settings, light', { include: ['[role="dialog"]'] })
    await dialog().getByRole('radio', { name: 'System' }).check()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined()
    expect(await background(page)).toBe('rgb(17, 19, 24)')
    await dialog().getByRole('radio', { name: 'Dark' }).check()

    await closeSettings()
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('changes the nickname: the sidebar and the other peer see the new one', async () => {
    await openSettings()
    await dialog().getByLabel('Nickname').fill('webster')
    await dialog().getByRole('button', { name: 'Save nickname', exact: true }).click()
    await dialog().getByRole('status').getByText('You are now webster.').waitFor({ timeout: 10_000 })
    await closeSettings()
    await page.locator('header.me strong').getByText('webster', { exact: true }).waitFor({ timeout: 5_000 })
    await openConversation(page, 'loud')
    await sendMessage(page, 'signed as webster')
    await node.waitFor((e) => e.event === 'message' && e.text === 'signed as webster' && e.nick === 'webster', 30_000, 'the message under the new nickname')
  })

  it('notifies by level: "None" silences a conversation even for a mention, a muted one still notifies a mention, "All" beats the global "Mentions only"', async () => {
    await openSettings()
    await dialog().getByRole('radio', { name: 'Mentions only' }).check()
    await dialog().getByLabel('Notifications for quiet').selectOption('none')
    await dialog().getByLabel('Notifications for chatty').selectOption('all')
    await closeSettings()
    // loud is muted from its header (= mentions only), as before Settings existed.
    await openConversation(page, 'loud')
    await page.getByRole('button', { name: 'Mute', exact: true }).click()
    await page.getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: 10_000 })
    await openConversation(page, 'chatty')
    await setTabHidden(page, true)
    await node.ok({ cmd: 'send', room: 'quiet', text: 'quiet plain' })
    await node.ok({ cmd: 'send', room: 'quiet', text: '@webster quiet mention', mentions: [me] })
    await node.ok({ cmd: 'send', room: 'loud', text: 'loud plain' })
    await node.ok({ cmd: 'send', room: 'loud', text: '@webster loud mention', mentions: [me] })
    await unread('quiet', 2)
    await unread('loud', 2)
    await page.getByRole('button', { name: /^Mentions/ }).getByLabel('2 new').waitFor({ timeout: 30_000 })
    // The canary: a plain message in the conversation set to "All", sent after the others arrived.
    await node.ok({ cmd: 'send', room: 'chatty', text: 'chatty canary' })
    await until('the canary notification', async () => (await shownNotifications(page)).some((n) => n.body === 'chatty canary'), 30_000)
    const bodies = (await shownNotifications(page)).map((n) => n.body)
    expect(bodies).toContain('@webster loud mention')
    expect(bodies).not.toContain('quiet plain')
    expect(bodies).not.toContain('@webster quiet mention')
    expect(bodies).not.toContain('loud plain')
    await setTabHidden(page, false)
  })

  it('keeps every setting across a reload, and they still decide', async () => {
    await page.reload()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.locator('header.me strong').getByText('webster', { exact: true }).waitFor({ timeout: 10_000 })
    await openSettings()
    expect(await dialog().getByRole('radio', { name: 'Mentions only' }).isChecked()).toBe(true)
    expect(await dialog().getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true)
    expect(await dialog().getByLabel('Notifications for quiet').inputValue()).toBe('none')
    expect(await dialog().getByLabel('Notifications for chatty').inputValue()).toBe('all')
    expect(await dialog().getByLabel('Notifications for loud').inputValue()).toBe('mentions')
    expect(await dialog().getByLabel('Nickname').inputValue()).toBe('webster')
    await closeSettings()
    await until('the browser to reconnect', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
    await openConversation(page, 'chatty')
    await setTabHidden(page, true)
    await node.ok({ cmd: 'send', room: 'quiet', text: '@webster quiet again', mentions: [me] })
    await page.getByRole('button', { name: /^Mentions/ }).getByLabel('1 new').waitFor({ timeout: 30_000 })
    await node.ok({ cmd: 'send', room: 'chatty', text: 'chatty canary again' })
    await until('the canary notification', async () => (await shownNotifications(page)).some((n) => n.body === 'chatty canary again'), 30_000)
    expect((await shownNotifications(page)).map((n) => n.body)).not.toContain('@webster quiet again')
    await setTabHidden(page, false)
  })

  it('sets a passphrase (the settings come back after unlocking) and removes it', async () => {
    await openSettings()
    await dialog().getByLabel('New passphrase', { exact: true }).fill(PASS)
    await dialog().getByLabel('Repeat new passphrase').fill(PASS)
    await dialog().getByRole('button', { name: 'Set passphrase', exact: true }).click()
    await dialog().getByRole('status').getByText('The profile is sealed under your passphrase.').waitFor({ timeout: 60_000 })
    await page.reload()
    await page.getByLabel('Passphrase', { exact: true }).fill(PASS)
    await page.getByRole('button', { name: 'Unlock', exact: true }).click()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 60_000 })
    await openSettings()
    await dialog().getByText('Passphrase: set').waitFor({ timeout: 5_000 })
    expect(await dialog().getByRole('radio', { name: 'Mentions only' }).isChecked()).toBe(true)
    expect(await dialog().getByLabel('Notifications for quiet').inputValue()).toBe('none')
    await dialog().getByRole('button', { name: 'Remove passphrase', exact: true }).click()
    await dialog().getByText('Passphrase: none').waitFor({ timeout: 60_000 })
    await closeSettings()
    await page.reload()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
  })

  it('turns on auto-download of contacts\' files up to a size and sets the calls\' STUN server, refuses bad values, and keeps both across a reload', async () => {
    await openSettings()
    const auto = dialog().getByRole('checkbox', { name: 'Download files from contacts automatically' })
    expect(await auto.isChecked()).toBe(false)
    await auto.check()
    const size = dialog().getByRole('spinbutton', { name: 'Up to (MiB)' })
    await size.fill('-1')
    await size.press('Tab')
    expect(await dialog().getByRole('alert').textContent()).toContain('whole number of MiB')
    await size.fill('4')
    await size.press('Tab')
    await dialog().getByRole('alert').waitFor({ state: 'detached', timeout: 10_000 })
    const servers = dialog().getByRole('textbox', { name: 'STUN and TURN servers' })
    await servers.fill('http://not-ice.example')
    await dialog().getByRole('button', { name: 'Save servers' }).click()
    expect(await dialog().getByRole('alert').textContent()).toContain('stun:, turn: or turns:')
    await servers.fill('stun:127.0.0.1:3478')
    await dialog().getByRole('button', { name: 'Save servers' }).click()
    await dialog().getByRole('status').getByText('Calls use 1 server.').waitFor({ timeout: 10_000 })
    await closeSettings()
    await page.reload()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
    await openSettings()
    await until('the stored file settings', async () => await auto.isChecked() && await size.inputValue() === '4', 10_000)
    await until('the stored servers', async () => await servers.inputValue() === 'stun:127.0.0.1:3478', 10_000)
    await closeSettings()
  })

  it('highlights a DM that mentions this profile (and not a plain one)', async () => {
    await until('the browser to reconnect', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
    await page.getByRole('textbox', { name: 'Peer ID', exact: true }).fill(node.peerId)
    await page.getByRole('button', { name: 'Start chat', exact: true }).click()
    await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: 10_000 })
    await node.ok({ cmd: 'dm', to: me, text: 'a plain dm' })
    await node.ok({ cmd: 'dm', to: me, text: '@webster a dm for you', mentions: [me] })
    await expectMessage(page, '@webster a dm for you', 30_000)
    await expectMessage(page, 'a plain dm')
    const highlighted = page.getByRole('log', { name: 'Messages' }).locator('li.message.mentions-me')
    expect(await highlighted.count()).toBe(1)
    expect(await highlighted.getByText('@webster a dm for you', { exact: true }).count()).toBe(1)
  })
  it('sends no read receipt for a DM read while "Send read receipts" is off (the one read after turning it on is the canary)', async () => {
    const receipts = (): ReturnType<Page['getByRole']> => dialog().getByRole('checkbox', { name: 'Send read receipts' })
    /** Turns the setting on or off in Settings and waits until it is saved. */
    const setReceipts = async (on: boolean): Promise<void> => {
      if (on) await receipts().check()
      else await receipts().uncheck()
      await until('the setting saved', async () => (await dialog().getByRole('group', { name: 'Privacy' }).getAttribute('aria-busy')) === 'false', 10_000)
      await closeSettings()
    }
    /** A DM from the node arrives while another conversation is open, then is read. */
    const readDm = async (text: string): Promise<{ id: string }> => {
      await openConversation(page, 'quiet')
      const sent = (await node.ok({ cmd: 'dm', to: me, text })).message as { id: string }
      await unread('nodey', 1)
      await openConversation(page, 'nodey')
      return sent
    }
    await openSettings()
    await until('the stored setting, on by default', async () => receipts().isChecked(), 10_000)
    await setReceipts(false)
    const one = await readDm('one, read quietly')
    await expectMessage(page, 'one, read quietly')
    await openSettings()
    await setReceipts(true)
    const two = await readDm('two, read aloud')
    await node.waitFor((e) => e.event === 'dm-receipt' && e.id === two.id && e.status === 'read', 30_000, 'the read receipt of "two"')
    expect(node.events.some((e) => e.event === 'dm-receipt' && e.id === one.id && e.status === 'read')).toBe(false)
    await node.waitFor((e) => e.event === 'dm-receipt' && e.id === one.id && e.status === 'delivered', 30_000, 'the delivery receipt of "one" (not governed by the setting)')
  })
})
