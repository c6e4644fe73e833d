/**
 * Owned rooms in the real app (Chromium) against a real `parley --json` peer on 127.0.0.1: the
 * browser finds and joins a room the Node peer lists, creates a room of its own, makes the Node
 * peer a moderator from the member menu, removes its message from the message menu, reports one
 * to it, and bans it (the ban holds at the Node peer). One page and one peer serve every case.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, onboard, pageConnections, sendMessage } from './support/app.js'
import { recordNotifications, shownNotifications } from './support/notifications.js'
import { until } from '../support/poll.js'
import type { Json, ParleyProcess } from '../peer/harness.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()

/** The ids of the rooms the page's peer is in. */
async function pageRooms (page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { parley?: { backend: { peer?: { rooms: { list(): string[] } } } } }).parley?.backend.peer?.rooms.list() ?? [])
}

/** Whether the page's gossipsub mesh on the directory topic holds `peer` (then a listing it publishes reaches the page). */
async function inDirectoryMesh (page: Page, peer: string): Promise<boolean> {
  return page.evaluate((p) => ((window as unknown as { parley?: { backend: { peer?: { libp2p: { services: { pubsub: { getMeshPeers(topic: string): Array<{ toString(): string }> } } } } } } }).parley?.backend.peer?.libp2p.services.pubsub.getMeshPeers('/parley/directory/1') ?? [])
    .some((m) => m.toString() === p), peer)
}

describe('owned rooms in the app', () => {
  let node: ParleyProcess
  let page: Page
  let room = ''

  beforeAll(async () => {
    const served = await app.servingPeer('nodey')
    node = served.node
    page = (await app.chromium.newPage()).page
    await recordNotifications(page)
    await page.goto(served.url)
    await onboard(page, 'webowner')
    await until('the browser to connect to the peer that served it', async () => (await pageConnections(page, node.peerId)).length > 0, 30_000)
    // A listing published before the two meshed would reach the page only at its next refresh (ANNOUNCE_PERIOD_MS).
    await until('the directory mesh between the page and the peer', async () => inDirectoryMesh(page, node.peerId), 30_000)
  }, 90_000)

  it('finds a room the Node peer lists in Explore rooms, by a word of its topic, and joins it', async () => {
    const plaza = (await node.ok({ cmd: 'room-create', name: 'plaza' })).room as string
    await node.ok({ cmd: 'mod', room: plaza, action: 'topic', topic: 'a sunny plaza' })
    await node.ok({ cmd: 'room-list', room: plaza, description: 'everyone welcome' })
    await page.getByRole('button', { name: 'Explore rooms', exact: true }).click()
    const explore = page.getByRole('dialog', { name: 'Explore rooms' })
    await explore.getByRole('searchbox', { name: 'Search rooms' }).fill('sunny')
    const join = explore.getByRole('button', { name: /^Join plaza~/ })
    await join.waitFor({ timeout: 30_000 })
    await explore.getByRole('searchbox', { name: 'Search rooms' }).fill('rainy')
    await explore.getByText('No rooms match.').waitFor({ timeout: 5_000 })
    await explore.getByRole('searchbox', { name: 'Search rooms' }).fill('sunny')
    await join.click()
    await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: 10_000 })
    expect(await pageRooms(page)).toContain(plaza)
    await page.getByRole('region', { name: 'About this room' }).getByText('a sunny plaza').waitFor({ timeout: 10_000 })
    await node.ok({ cmd: 'send', room: plaza, text: 'welcome to the plaza' })
    await expectMessage(page, 'welcome to the plaza', 30_000)
  })

  it('creates a room the browser owns and makes the Node peer a moderator from the member menu', async () => {
    await page.getByRole('textbox', { name: 'New moderated room', exact: true }).fill('agora')
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    // The room just joined (another room's composer is open already: wait for the room itself).
    room = await until('the owned room in the page', async () => (await pageRooms(page)).find((r) => r.startsWith('agora~')), 10_000)
    expect(room).toMatch(/^agora~[0-9a-f]{64}$/)
    await page.getByRole('heading', { name: `agora~${room.slice(6, 14)}` }).waitFor({ timeout: 5_000 })
    await node.ok({ cmd: 'join', room })
    await node.ok({ cmd: 'send', room, text: 'hello owner' })
    await expectMessage(page, 'hello owner', 30_000)

    await page.getByRole('button', { name: 'Members', exact: true }).click()
    const menu = page.getByRole('button', { name: 'Actions for nodey' })
    await menu.waitFor({ timeout: 20_000 })
    await menu.click()
    // Keyboard: the first item has focus; Escape closes the menu and gives focus back.
    await page.getByRole('menu', { name: 'Actions for nodey' }).waitFor()
    // The first item takes focus in an effect after the menu renders: Escape pressed before that
    // goes to the button, not the menu (CI on a loaded machine: the menu stayed open).
    await until('focus on the first item', async () => page.getByRole('menuitem').first().evaluate((el) => el === document.activeElement), 10_000)
    await page.keyboard.press('Escape')
    // The menu closes on the next render: wait for it to go (an immediate count races the render).
    await page.getByRole('menu').waitFor({ state: 'detached', timeout: 10_000 })
    await until('focus back on the menu button', async () => menu.evaluate((el) => el === document.activeElement), 10_000)
    await menu.click()
    await page.getByRole('menuitem', { name: 'Make moderator' }).click()
    const made = await node.waitFor((e) => e.event === 'moderation' && e.action === 'add-mod' && e.room === room, 30_000, 'the appointment at the Node peer')
    expect(made).toMatchObject({ who: node.peerId, counts: true })
    expect(((await node.ok({ cmd: 'room-info', room })).info as Json).moderators).toEqual([node.peerId])
  })

  it('removes a message for everyone from the message menu', async () => {
    const sent = (await node.ok({ cmd: 'send', room, text: 'please remove me' })).message as Json
    await expectMessage(page, 'please remove me', 30_000)
    const row = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'please remove me' })
    await row.getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Remove for everyone' }).click()
    await page.getByRole('log', { name: 'Messages' }).getByText('please remove me').waitFor({ state: 'detached', timeout: 10_000 })
    await node.waitFor((e) => e.event === 'moderation' && e.action === 'remove' && e.target === sent.id, 30_000, 'the removal at the Node peer')
    const texts = ((await node.ok({ cmd: 'history', room, limit: 50 })).messages as Json[]).map((m) => m.text)
    expect(texts).toContain('hello owner')
    expect(texts).not.toContain('please remove me')
  })

  it('sends a report with a reason from the message menu, and it reaches the moderator', async () => {
    await node.ok({ cmd: 'send', room, text: 'a rude remark' })
    await expectMessage(page, 'a rude remark', 30_000)
    const row = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'a rude remark' })
    await row.getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Report' }).click()
    const dialog = page.getByRole('dialog', { name: 'Report to the moderators' })
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('rude to newcomers')
    await dialog.getByRole('button', { name: 'Send report' }).click()
    await page.getByRole('status').getByText('Report sent to 1 moderator').waitFor({ timeout: 20_000 })
    const report = await node.waitFor((e) => e.event === 'report' && e.room === room, 30_000, 'the report at the moderator')
    expect(report).toMatchObject({ reason: 'rude to newcomers', message: { text: 'a rude remark' } })
  })

  it('pins a message, schedules an event and answers it, shows the moderator\'s report in the queue, and lists then unlists the room', async () => {
    const about = page.getByRole('region', { name: 'About this room' })
    const row = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'hello owner' })
    await row.getByRole('button', { name: 'More actions' }).click()
    await page.getByRole('menuitem', { name: 'Pin' }).click()
    await about.getByText('hello owner').waitFor({ timeout: 10_000 })

    await about.getByRole('button', { name: 'Schedule event' }).click()
    const form = page.getByRole('dialog', { name: 'Schedule an event' })
    await form.getByRole('textbox', { name: 'Title' }).fill('launch party')
    await form.getByLabel('Starts').fill(await page.evaluate(() => { const d = new Date(Date.now() + 86_400_000); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 16) }))
    await form.getByRole('button', { name: 'Schedule', exact: true }).click()
    await about.getByText('launch party').waitFor({ timeout: 10_000 })
    await node.waitFor((e) => e.event === 'moderation' && e.action === 'event' && e.title === 'launch party', 30_000, 'the event at the Node peer')
    await about.getByRole('button', { name: 'Going to launch party', exact: true }).click()
    await about.getByRole('button', { name: 'Going to launch party', exact: true, pressed: true }).waitFor({ timeout: 10_000 })

    await sendMessage(page, 'owner speaking')
    const mine = await node.waitFor((e) => e.event === 'message' && e.text === 'owner speaking', 30_000, 'the owner\'s message')
    await node.ok({ cmd: 'report', room, target: mine.id, reason: 'checking the queue' })
    await about.getByRole('button', { name: 'Reports (1 new)' }).click({ timeout: 30_000 })
    const queue = page.getByRole('region', { name: 'Reports' })
    await queue.getByText('checking the queue').waitFor({ timeout: 10_000 })
    expect(await queue.getByText('owner speaking').count()).toBe(1)

    await about.getByRole('button', { name: 'List in directory' }).click()
    await until('the room in the Node peer\'s directory', async () => ((await node.ok({ cmd: 'directory' })).rooms as Json[]).some((r) => r.room === room), 30_000)
    await about.getByRole('button', { name: 'Unlist from directory' }).click()
    await until('the signed unlisting at the Node peer', async () => !((await node.ok({ cmd: 'directory' })).rooms as Json[]).some((r) => r.room === room), 30_000)
  })

  it('reminds with a notification and a status line when an event the browser said yes to starts', async () => {
    const about = page.getByRole('region', { name: 'About this room' })
    await node.ok({ cmd: 'event-create', room, title: 'standup', start: Date.now() + 6_000, duration: 600 })
    await about.getByRole('button', { name: 'Going to standup', exact: true }).click({ timeout: 30_000 })
    await page.getByRole('status').getByText('standup is starting in agora~').waitFor({ timeout: 30_000 })
    const shown = await shownNotifications(page)
    expect(shown).toContainEqual({ title: `Event in agora~${room.slice(6, 14)}`, body: `standup is starting in agora~${room.slice(6, 14)}` })
  })

  it('removes the moderator and bans the Node peer, and the ban holds', async () => {
    const menu = page.getByRole('button', { name: 'Actions for nodey' })
    await menu.click()
    await page.getByRole('menuitem', { name: 'Remove moderator' }).click()
    await node.waitFor((e) => e.event === 'moderation' && e.action === 'remove-mod' && e.room === room, 30_000, 'the removal of the moderator')
    await page.getByRole('status').getByText('Moderator removed').waitFor({ timeout: 10_000 })
    await menu.click()
    await page.getByRole('menuitem', { name: 'Ban' }).click()
    await node.waitFor((e) => e.event === 'moderation' && e.action === 'ban' && e.who === node.peerId, 30_000, 'the ban at the Node peer')
    expect((await node.send({ cmd: 'send', room, text: 'still here?' })).error.name).toBe('BannedError')
    expect(((await node.ok({ cmd: 'room-info', room })).info as Json).banned).toEqual([node.peerId])
    // The member menu now offers to lift it, and so does the list of banned members.
    await menu.click()
    await page.getByRole('menuitem', { name: 'Unban' }).waitFor({ timeout: 10_000 })
    await page.keyboard.press('Escape')
    await page.getByText('Banned (1)').click()
    await page.getByRole('list', { name: 'Banned members' }).getByRole('button', { name: 'Unban nodey' }).click()
    await node.waitFor((e) => e.event === 'moderation' && e.action === 'unban' && e.who === node.peerId, 30_000, 'the unban at the Node peer')
    await node.ok({ cmd: 'send', room, text: 'back again' })
    await expectMessage(page, 'back again', 30_000)
    await page.context().close()
  })
})
