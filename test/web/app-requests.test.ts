/**
 * Message requests in the real app: a `parley --json` peer the browser has never met writes to it.
 * Its DMs are held as a request, shown apart from the conversations; Accept makes it a contact and
 * delivers the backlog (and the delivery receipts the stranger waited for); Block drops another
 * stranger's request and blocks it.
 */
import { describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, onboard, pageConnections, pagePeerId } from './support/app.js'
import { until } from '../support/poll.js'
import type { Json } from '../peer/harness.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()

/** The page backend's contacts (peer id and blocked), read through `window.parley`. */
async function contacts (page: Page): Promise<Array<{ id: string, blocked: boolean }>> {
  return page.evaluate(() => {
    const backend = (window as unknown as { parley: { backend: { contacts(): Array<{ id: string, blocked: boolean }> } } }).parley.backend
    return backend.contacts().map((c) => ({ id: c.id, blocked: c.blocked }))
  })
}

describe('message requests in the browser', () => {
  it('holds a stranger\'s DMs as a request apart; Accept delivers the backlog and receipts; Block drops another stranger', async () => {
    const { node: stranger, url } = await app.servingPeer('stranger')
    const { page } = await app.chromium.newPage()
    await page.goto(url)
    await onboard(page, 'ada')
    const me = await pagePeerId(page)
    await until('a connection to the stranger', async () => (await pageConnections(page, stranger.peerId)).length > 0, 30_000)

    await stranger.ok({ cmd: 'dm', to: me, text: 'hello, we have not met' })
    await stranger.ok({ cmd: 'dm', to: me, text: 'are you there?' })
    const requests = page.getByRole('region', { name: 'Message requests' })
    await requests.getByText('are you there? (2 messages)').waitFor({ timeout: 30_000 })
    expect(await requests.getByText('stranger', { exact: true }).count()).toBe(1)
    expect(await page.getByRole('region', { name: 'Direct messages' }).getByRole('button', { name: /stranger/ }).count()).toBe(0)

    await page.getByRole('button', { name: 'Accept stranger', exact: true }).click()
    await expectMessage(page, 'hello, we have not met', 30_000)
    await expectMessage(page, 'are you there?', 30_000)
    await requests.waitFor({ state: 'detached', timeout: 10_000 })
    expect(await page.getByRole('region', { name: 'Direct messages' }).getByRole('button', { name: /stranger/ }).count()).toBe(1)
    await until('delivery receipts at the stranger', async () => {
      const history: Json = await stranger.ok({ cmd: 'dm-history', peer: me })
      return (history.messages as Json[]).length === 2 && (history.messages as Json[]).every((m) => m.delivered === true)
    }, 30_000)

    // A second stranger, reached through the Peer address form, is blocked from its request.
    const { node: spammer } = await app.servingPeer('spammer')
    const address = spammer.addrs.find((a) => a.includes('/ws/')) ?? ''
    await page.getByRole('textbox', { name: 'Peer address', exact: true }).fill(address)
    await page.getByRole('button', { name: 'Connect', exact: true }).click()
    await until('a connection to the spammer', async () => (await pageConnections(page, spammer.peerId)).length > 0, 30_000)
    await spammer.ok({ cmd: 'dm', to: me, text: 'buy now' })
    await requests.getByText('buy now').waitFor({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Block spammer', exact: true }).click()
    await requests.waitFor({ state: 'detached', timeout: 10_000 })
    expect(await contacts(page)).toContainEqual({ id: spammer.peerId, blocked: true })
    expect(await page.getByRole('region', { name: 'Direct messages' }).getByRole('button', { name: /spammer/ }).count()).toBe(0)
    await page.close()
  })
})
