/**
 * Meeting in person, in real Chromium whose camera is a fake playing a video of a QR code
 * (test/web/support/fake-camera.ts): a browser, served by a `parley --headless` relay, adds a Node
 * peer (`parley --json`, which knows only that relay) by scanning the code of its contact card (an
 * oversized code is refused unread); the Node peer takes the browser's card (Share my contact)
 * with `connect`; the two DM each other both ways through the relay; and the browser verifies the
 * Node peer by scanning its safety-number code: a code of other keys is refused with a clear
 * message, the right one marks the contact verified.
 */
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { ready, scannableSafetyNumber, toHex, type FingerprintIdentity } from '@parley/crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appUnderTest, expectMessage, onboard, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { fakeCameraArgs, writeQrVideo } from './support/fake-camera.js'

const camera = join(tmpdir(), `parley-camera-${process.pid}.y4m`)
// Before Chromium starts (appUnderTest's hooks run after this one): it looks at the file at launch.
beforeAll(async () => { await writeQrVideo(camera, 'no code yet') })
afterAll(async () => { await rm(camera, { force: true }) })
const app = appUnderTest(fakeCameraArgs(camera))

/** One side of a safety number, as both apps compute it: the PeerId's bytes and the key it embeds. */
function side (peerId: string): FingerprintIdentity {
  const id = peerIdFromString(peerId)
  if (id.publicKey == null) throw new TypeError(`${peerId} embeds no key`)
  return { id: id.toMultihash().bytes, publicKey: id.publicKey.raw }
}

/** The text of the safety-number code `self`'s app shows for its chat with `other`. */
function safetyCode (self: string, other: string): string {
  return toHex(scannableSafetyNumber(side(self), side(other)))
}

describe('meeting in person with the camera', () => {
  it('adds a Node peer from its scanned card, DMs it both ways through a relay, and verifies it by scanning its safety number (a code of other keys is refused)', async () => {
    await ready()
    // The app comes from a headless relay; Carol knows only that relay, and the browser reaches her through it.
    const { node: relay, url } = await app.servingPeer('relay', ['--headless'])
    const carol = await app.cluster.start(undefined, ['--nick', 'carol', '--bootstrap', relay.addr])
    const { page: alice } = await app.chromium.newPage()
    await alice.goto(url)
    await onboard(alice, 'alice')
    const aliceId = await pagePeerId(alice)

    // Carol shows her card; Alice scans it: the contact is added under the card's nickname and its DM opens.
    // First a hostile code: 5000 digits, more than any Parley code holds, is refused unread.
    await writeQrVideo(camera, '7'.repeat(5000))
    await alice.getByRole('button', { name: 'Add contact', exact: true }).click()
    const add = alice.getByRole('dialog', { name: 'Add contact' })
    await add.getByRole('button', { name: 'Scan a code', exact: true }).click()
    await add.getByRole('alert').getByText('far more than any Parley code').waitFor({ timeout: 20_000 })
    const { card } = await carol.ok({ cmd: 'card' })
    await writeQrVideo(camera, card)
    await add.getByRole('button', { name: 'Scan a code', exact: true }).click()
    await alice.getByRole('heading', { name: 'carol' }).waitFor({ timeout: 20_000 })
    expect(await add.count()).toBe(0)

    // Carol takes Alice's card too (read from Share my contact), so Alice's DM is no message request.
    await alice.getByRole('button', { name: 'Share my contact', exact: true }).click()
    const share = alice.getByRole('dialog', { name: 'Share my contact' })
    const aliceCard = await share.getByRole('textbox', { name: 'Your contact link' }).inputValue({ timeout: 10_000 })
    await share.getByRole('button', { name: 'Close', exact: true }).click()
    expect((await carol.ok({ cmd: 'connect', card: aliceCard })).contact).toMatchObject({ peerId: aliceId, petname: 'alice' })
    await sendMessage(alice, 'hi carol, from the browser')
    await carol.waitFor((e) => e.event === 'dm' && e.text === 'hi carol, from the browser' && e.peer === aliceId, 30_000, 'the browser\'s DM')
    await carol.ok({ cmd: 'dm', to: aliceId, text: 'hi alice, from node' })
    await expectMessage(alice, 'hi alice, from node', 30_000)
    // A browser cannot dial a Node peer's TCP address, nor the Node peer the browser: the DMs crossed the relay.
    const between = await pageConnections(alice, carol.peerId)
    expect(between.some((c) => c.remoteAddr.includes(`/p2p/${relay.peerId}/p2p-circuit/p2p/${carol.peerId}`))).toBe(true)
    expect(between.every((c) => c.limited)).toBe(true)

    // Both sides compute the same safety number.
    await alice.getByRole('button', { name: 'Verify', exact: true }).click()
    const dialog = alice.getByRole('dialog', { name: /^Verify / })
    const shown = (await dialog.getByRole('list', { name: 'Safety number' }).innerText()).split(/\s+/).filter((g) => g !== '')
    expect(shown).toEqual((await carol.ok({ cmd: 'safety-number', peer: aliceId })).groups)

    // Mallory's code (carol's key with another's): a safety number, but not this one.
    const mallory = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
    await writeQrVideo(camera, safetyCode(carol.peerId, mallory))
    await dialog.getByRole('button', { name: 'Scan their code', exact: true }).click()
    await dialog.getByRole('alert').getByText('This code does not match your safety number').waitFor({ timeout: 20_000 })
    expect(await dialog.getByRole('button', { name: 'Mark as verified', exact: true }).count()).toBe(1)

    // Carol's own code for her chat with Alice: it matches, and Carol is verified.
    await writeQrVideo(camera, safetyCode(carol.peerId, aliceId))
    await dialog.getByRole('button', { name: 'Scan their code', exact: true }).click()
    await dialog.getByRole('status').getByText('The codes match').waitFor({ timeout: 20_000 })
    expect(await dialog.getByRole('button', { name: 'Mark as verified', exact: true }).count()).toBe(0)
    await dialog.getByRole('button', { name: 'Close', exact: true }).click()
    await alice.getByRole('navigation', { name: 'Conversations' }).getByRole('img', { name: 'verified' }).waitFor({ timeout: 10_000 })
  })
})
