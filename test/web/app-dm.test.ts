/**
 * Two browsers running the real app, both served by one `parley --headless` peer (driven with
 * --json) that is also their circuit relay, sharing no room: alice adds bob from the contact card
 * link he shares (Share my contact, Copy link; Add contact), they open a direct WebRTC connection
 * (signalled through the relay) and DM each other (bob accepts alice's message request); the
 * relay then stops and the conversation goes on. Both show the same safety number; read receipts
 * and typing show; a private room is created, a contact invited, and both write in it.
 */
import { describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, onboard, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { until } from '../support/poll.js'
import type { Page } from 'playwright-core'

const app = appUnderTest()

/** The card link "Share my contact" shows beside its QR code, after copying it with "Copy link" (read back from the clipboard). */
async function shareCard (page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share my contact', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Share my contact' })
  const field = dialog.getByRole('textbox', { name: 'Your contact link' })
  await field.waitFor({ timeout: 10_000 })
  expect(await dialog.getByRole('img', { name: 'Your contact code' }).count()).toBe(1)
  await dialog.getByRole('button', { name: 'Copy link', exact: true }).click()
  await dialog.getByRole('status').getByText('Copied').waitFor({ timeout: 5_000 })
  const link = await field.inputValue()
  expect(await page.evaluate(async () => navigator.clipboard.readText())).toBe(link)
  await dialog.getByRole('button', { name: 'Close', exact: true }).click()
  return link
}

/** Adds a contact by pasting a card link into "Add contact"; resolves when its DM is open. */
async function addContact (page: Page, link: string): Promise<void> {
  await page.getByRole('button', { name: 'Add contact', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Add contact' })
  await dialog.getByRole('textbox', { name: 'Contact link or address' }).fill(link)
  await dialog.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ timeout: 10_000 })
}

/** The safety number the verification dialog shows, as its 12 groups. */
async function shownSafetyNumber (page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'Verify' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.waitFor({ timeout: 10_000 })
  const groups = (await dialog.locator('.safety-number').innerText()).split(/\s+/).filter((g) => g !== '')
  expect(await dialog.locator('svg.qr').count()).toBe(1)
  return groups
}

describe('two browsers', () => {
  it('DM each other over a direct WebRTC connection that outlives the relay, show the same safety number, receipts and typing, and share a private room', async () => {
    const { node: relay, url } = await app.servingPeer('relay', ['--headless'])
    const { page: alice } = await app.chromium.newPage({ width: 375, height: 740 })
    const { page: bob } = await app.chromium.newPage()
    await Promise.all([alice.goto(url), bob.goto(url)])
    await onboard(alice, 'alice')
    await onboard(bob, 'bob')
    const [aliceId, bobId] = [await pagePeerId(alice), await pagePeerId(bob)]
    for (const page of [alice, bob]) {
      await until('a connection to the relay', async () => (await pageConnections(page, relay.peerId)).length > 0, 30_000)
    }

    const bobsCard = await shareCard(bob)
    expect(bobsCard).toMatch(/^parley:card\//)
    await addContact(alice, bobsCard)
    await alice.getByRole('heading', { name: 'bob' }).waitFor({ timeout: 10_000 })
    await sendMessage(alice, 'hi bob, directly')
    const direct = await until('a direct connection between the browsers', async () => {
      const conns = await pageConnections(alice, bobId)
      return conns.find((c) => !c.limited && c.remoteAddr.includes('/webrtc'))
    }, 60_000)
    expect(direct.remoteAddr).toContain('/webrtc')
    expect(direct.limited).toBe(false)

    // Alice is a stranger to bob: her DM waits as a message request until bob accepts it, which
    // opens the conversation with what she sent.
    await bob.getByRole('button', { name: 'Accept alice', exact: true }).click({ timeout: 30_000 })
    await expectMessage(bob, 'hi bob, directly', 30_000)
    await sendMessage(bob, 'hi alice')
    await expectMessage(alice, 'hi alice', 30_000)

    const aliceSees = await shownSafetyNumber(alice)
    const bobSees = await shownSafetyNumber(bob)
    expect(aliceSees).toHaveLength(12)
    for (const group of aliceSees) expect(group).toMatch(/^\d{5}$/)
    expect(bobSees).toEqual(aliceSees)
    await alice.getByRole('dialog').getByRole('button', { name: 'Mark as verified', exact: true }).click()
    await alice.getByRole('dialog').getByRole('status').getByText('verified').waitFor({ timeout: 10_000 })
    await alice.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click()
    await bob.keyboard.press('Escape')
    for (const page of [alice, bob]) await page.getByRole('dialog').waitFor({ state: 'hidden', timeout: 5_000 })

    // The relay goes away; the direct connection carries the conversation on.
    await relay.ok({ cmd: 'quit' })
    await relay.exited
    await until('the relay connection to close', async () => (await pageConnections(alice, relay.peerId)).length === 0, 20_000)
    expect((await pageConnections(alice, bobId)).some((c) => !c.limited)).toBe(true)
    await sendMessage(alice, 'still here without the relay')
    await expectMessage(bob, 'still here without the relay', 30_000)
    await sendMessage(bob, 'me too')
    await expectMessage(alice, 'me too', 30_000)
    expect(aliceId).not.toBe(bobId)

    // Receipts and typing: bob has read alice's messages, and alice sees bob typing.
    await alice.getByText('Read', { exact: true }).first().waitFor({ timeout: 20_000 })
    await bob.getByRole('textbox', { name: 'Message', exact: true }).fill('typing something')
    await alice.getByText('bob is typing…').waitFor({ timeout: 20_000 })

    // A private room: alice creates it and invites bob, bob accepts, both write in it. Alice is
    // on a phone-sized screen: back from the conversation to the list first.
    await alice.getByRole('button', { name: 'Back to conversations', exact: true }).click()
    await alice.getByRole('textbox', { name: 'New private room', exact: true }).fill('plans')
    await alice.getByRole('button', { name: 'Create private room', exact: true }).click()
    await alice.getByRole('heading', { name: 'plans' }).waitFor({ timeout: 10_000 })
    await alice.getByRole('button', { name: 'Add people', exact: true }).click()
    await alice.getByRole('button', { name: 'Invite bob', exact: true }).click()
    await bob.getByRole('button', { name: 'Accept plans', exact: true }).click({ timeout: 30_000 })
    await bob.getByRole('heading', { name: 'plans' }).waitFor({ timeout: 10_000 })
    // Private rooms have no history sync yet: write once each side sees the other subscribed.
    for (const [page, other] of [[alice, bobId], [bob, aliceId]] as const) {
      await until('the private room\'s subscription to spread', async () => page.evaluate((peer) => {
        const pubsub = (window as unknown as { parley: { backend: { peer: { libp2p: { services: { pubsub: { getTopics(): string[], getSubscribers(t: string): Array<{ toString(): string }> } } } } } } }).parley.backend.peer.libp2p.services.pubsub
        return pubsub.getTopics().some((t) => t.startsWith('/parley/private/') && pubsub.getSubscribers(t).some((p) => p.toString() === peer))
      }, other), 20_000)
    }
    await sendMessage(alice, 'secret plans')
    await expectMessage(bob, 'secret plans', 30_000)
    await sendMessage(bob, 'count me in')
    await expectMessage(alice, 'count me in', 30_000)
  })
})
