/**
 * Calls between browsers running the real app (Chromium with fake camera and microphone), all
 * through one `parley --headless --json` peer that serves the app and relays: a call to that
 * terminal peer rings there and is recorded missed; a declined call (the STUN server the caller
 * saved in Settings on its connection, the ringing call notified in the callee's hidden tab); a
 * missed call while the callee's tab is closed; and a video call in which a third contact's forged answer is refused,
 * media flows both ways (inbound RTP bytes and decoded frames grow), mute stops our outbound
 * audio, the call outlives the relay, and hanging up ends it on both sides, both timelines
 * recording it.
 */
import { describe, expect, it } from 'vitest'
import { CallMedia, CallSignal } from '../../packages/node/src/pb/call.js'
import { appUnderTest, expectMessage, onboard, openConversation, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { recordNotifications, setTabHidden, shownNotifications } from './support/notifications.js'
import { until } from '../support/poll.js'
import type { BrowserContext, Page } from 'playwright-core'

const app = appUnderTest()

/** What the page's live call connection reports, summed per direction and kind. */
interface Flow { inAudio: number, inVideo: number, framesDecoded: number, outAudio: number, outVideo: number }

/** The window's backend, as these tests reach it (`window.parley`, test builds only). */
type W = { parley: { backend: { peer: any, calling: { connection?: RTCPeerConnection, start: (conversationId: string, kind: 'audio' | 'video') => Promise<void> } } } }

async function flow (page: Page): Promise<Flow> {
  return page.evaluate(async () => {
    const pc = (window as unknown as W).parley.backend.calling.connection
    const f = { inAudio: 0, inVideo: 0, framesDecoded: 0, outAudio: 0, outVideo: 0 }
    if (pc === undefined) return f
    ;(await pc.getStats()).forEach((s: { type: string, kind: string, bytesReceived?: number, bytesSent?: number, framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') f.inAudio += s.bytesReceived ?? 0
      if (s.type === 'inbound-rtp' && s.kind === 'video') { f.inVideo += s.bytesReceived ?? 0; f.framesDecoded += s.framesDecoded ?? 0 }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') f.outAudio += s.bytesSent ?? 0
      if (s.type === 'outbound-rtp' && s.kind === 'video') f.outVideo += s.bytesSent ?? 0
    })
    return f
  })
}

/** Waits until the page's call has received media of both kinds and decoded frames, beyond `from`. */
async function mediaFlows (page: Page, from: Flow, what: string): Promise<Flow> {
  return until(`${what}: inbound audio and video`, async () => {
    const f = await flow(page)
    return f.inAudio > from.inAudio && f.inVideo > from.inVideo + 10_000 && f.framesDecoded > from.framesDecoded + 10 ? f : undefined
  }, 30_000, 250)
}

async function shareCard (page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Share my contact', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Share my contact' })
  const field = dialog.getByRole('textbox', { name: 'Your contact link' })
  await field.waitFor({ timeout: 10_000 })
  const link = await field.inputValue()
  await dialog.getByRole('button', { name: 'Close', exact: true }).click()
  return link
}

/** `from` adds `to` by its card and writes to it; `to` accepts the request. Both end in the DM. */
async function befriend (from: Page, to: Page, fromName: string, toName: string): Promise<void> {
  const link = await shareCard(to)
  await from.getByRole('button', { name: 'Add contact', exact: true }).click()
  const dialog = from.getByRole('dialog', { name: 'Add contact' })
  await dialog.getByRole('textbox', { name: 'Contact link or address' }).fill(link)
  await dialog.getByRole('button', { name: 'Add', exact: true }).click()
  await from.getByRole('heading', { name: toName }).waitFor({ timeout: 10_000 })
  await sendMessage(from, `hi ${toName}`)
  await to.getByRole('button', { name: `Accept ${fromName}`, exact: true }).click({ timeout: 30_000 })
  await expectMessage(to, `hi ${toName}`, 30_000)
}

const callPanel = (page: Page): ReturnType<Page['getByRole']> => page.getByRole('region', { name: /^Call with / })
const live = async (page: Page): Promise<{ id: string, state: string } | undefined> => page.evaluate(() => (window as unknown as W).parley.backend.peer.calls.current())

async function openApp (context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (err) => { console.error('[page error]', err.message) })
  await page.goto(url)
  return page
}

describe('calls in the browser', () => {
  it('ring a terminal peer, are declined, missed while the tab is closed, and connect with media both ways despite a forged answer', async () => {
    const { node: relay, url } = await app.servingPeer('relay', ['--headless'])
    const [a, b, c] = [await app.chromium.newPage(), await app.chromium.newPage(), await app.chromium.newPage()]
    const [alice, carol] = [a.page, c.page]
    let bob = b.page
    await recordNotifications(alice)
    await Promise.all([alice.goto(url), bob.goto(url), carol.goto(url)])
    await onboard(alice, 'alice')
    await onboard(bob, 'bob')
    await onboard(carol, 'carol')
    const [aliceId, bobId] = [await pagePeerId(alice), await pagePeerId(bob)]
    for (const page of [alice, bob, carol]) {
      await until('a connection to the relay', async () => (await pageConnections(page, relay.peerId)).length > 0, 30_000)
    }
    await befriend(alice, carol, 'alice', 'carol')
    await befriend(alice, bob, 'alice', 'bob')

    // The terminal peer: it rings there (a `call` event), and is missed when the caller gives up.
    await alice.evaluate(async (to) => { await (window as unknown as W).parley.backend.peer.dms.send(to, { kind: 'TEXT', text: 'hello relay' }) }, relay.peerId)
    await relay.waitFor((e) => e.event === 'request', 30_000, 'alice\'s request')
    await relay.ok({ cmd: 'request-accept', peer: aliceId })
    await alice.evaluate(async (to) => { await (window as unknown as W).parley.backend.calling.start(`dm:${to}`, 'audio') }, relay.peerId)
    const ringing = await relay.waitFor((e) => e.event === 'call' && e.state === 'ringing', 30_000, 'the call ringing on the terminal peer')
    expect(ringing).toMatchObject({ peer: aliceId, kind: 'audio', direction: 'incoming' })
    await callPanel(alice).getByRole('button', { name: 'Hang up', exact: true }).click()
    expect(await relay.waitFor((e) => e.event === 'call' && e.state === 'missed', 30_000, 'the call missed')).toMatchObject({ peer: aliceId, id: ringing.id })
    await relay.waitFor((e) => e.event === 'dm' && e.text === 'Missed call' && e.peer === aliceId, 10_000, 'the missed call recorded')

    // Declined: bob calls, alice declines; both timelines say so. Bob has saved a STUN server in
    // Settings → Calls: his call's connection is configured with it. Alice's tab is hidden: the
    // ringing call raises a notification.
    const STUN = 'stun:127.0.0.1:3478'
    const saveServers = async (text: string, done: string): Promise<void> => {
      await bob.getByRole('button', { name: 'Settings', exact: true }).click()
      const settings = bob.getByRole('dialog', { name: 'Settings' })
      await settings.getByRole('textbox', { name: 'STUN and TURN servers' }).fill(text)
      await settings.getByRole('button', { name: 'Save servers', exact: true }).click()
      await settings.getByRole('status').getByText(done, { exact: true }).waitFor({ timeout: 10_000 })
      await settings.getByRole('button', { name: 'Close', exact: true }).last().click()
      await settings.waitFor({ state: 'detached', timeout: 5_000 })
    }
    await saveServers(STUN, 'Calls use 1 server.')
    await setTabHidden(alice, true)
    await bob.getByRole('button', { name: 'Call', exact: true }).click()
    const iceServers = await until('bob\'s call connection', async () => bob.evaluate(() => (window as unknown as W).parley.backend.calling.connection?.getConfiguration().iceServers), 30_000)
    expect(iceServers.flatMap((server) => server.urls)).toEqual([STUN])
    const incoming = alice.getByRole('alertdialog', { name: 'Incoming call' })
    await incoming.waitFor({ timeout: 30_000 })
    await until('the incoming call notified', async () => (await shownNotifications(alice)).some((n) => n.body === 'Incoming call'), 30_000)
    await setTabHidden(alice, false)
    await incoming.getByRole('button', { name: 'Decline', exact: true }).click({ timeout: 30_000 })
    await expectMessage(bob, 'Call declined', 30_000)
    await openConversation(alice, 'bob')
    await expectMessage(alice, 'Call declined', 30_000)
    expect(await callPanel(bob).count()).toBe(0)
    await saveServers('', 'Calls use no servers.')

    // Missed while bob's tab is closed: alice's call goes unanswered; bob finds it when he is back.
    await bob.close()
    await alice.evaluate(() => { (window as unknown as W).parley.backend.peer.calls.ringTimeoutMs = 3_000 })
    await alice.getByRole('button', { name: 'Video call', exact: true }).click()
    await expectMessage(alice, 'Video call · no answer', 30_000)
    bob = await openApp(b.context, url)
    await openConversation(bob, 'alice')
    await expectMessage(bob, 'Missed video call', 60_000)
    await alice.evaluate(() => { (window as unknown as W).parley.backend.peer.calls.ringTimeoutMs = 45_000 })
    await until('bob\'s tab to reach the relay again', async () => (await pageConnections(bob, relay.peerId)).length > 0, 30_000)

    // A video call; carol, alice's contact too, forges bob's answer with the call's id: refused,
    // and the call rings on until bob answers.
    await alice.evaluate(() => {
      const w = window as unknown as W & { callErrors: string[] }
      w.callErrors = []
      w.parley.backend.peer.addEventListener('error', (e: CustomEvent<{ error: Error }>) => { w.callErrors.push(e.detail.error.name) })
    })
    await alice.getByRole('button', { name: 'Video call', exact: true }).click()
    const ringingCall = await until('alice\'s call to ring', async () => live(alice), 30_000)
    const forged = CallSignal.encode({ callId: ringingCall.id, type: CallSignal.Type.ANSWER, media: CallMedia.VIDEO, reason: '', candidates: [], sdp: `v=0\r\na=fingerprint:sha-256 ${Array(32).fill('AB').join(':')}\r\n` })
    await carol.evaluate(async ({ to, data }) => {
      const dms = (window as unknown as W).parley.backend.peer.dms
      await dms.send(to, { kind: 'CALL', data: new Uint8Array(data) })
    }, { to: aliceId, data: [...forged] })
    // The refusal itself is what to wait for: a canary text sent after it can be in alice's history
    // before the forged signal is handled (a batch's texts are stored first, its signals applied after).
    await until('the forged answer refused', async () => alice.evaluate(() => (window as unknown as { callErrors: string[] }).callErrors.includes('ForeignCallSignalError')), 30_000)
    expect(await live(alice)).toMatchObject({ id: ringingCall.id, state: 'ringing' })

    await bob.getByRole('alertdialog', { name: 'Incoming video call' }).getByRole('button', { name: 'Accept', exact: true }).click({ timeout: 30_000 })
    const zero: Flow = { inAudio: 0, inVideo: 0, framesDecoded: 0, outAudio: 0, outVideo: 0 }
    await mediaFlows(alice, zero, 'alice')
    await mediaFlows(bob, zero, 'bob')
    for (const page of [alice, bob]) {
      expect(await callPanel(page).getByLabel('Remote video').count()).toBe(1)
      expect(await callPanel(page).getByLabel('Your video').count()).toBe(1)
      await callPanel(page).getByRole('timer').getByText(/^\d+:\d\d$/).waitFor({ timeout: 10_000 })
    }

    // Mute: alice's outbound audio stops while her video goes on (the canary), and comes back on unmute.
    await callPanel(alice).getByRole('button', { name: 'Mute', exact: true }).click()
    await callPanel(alice).getByRole('button', { name: 'Unmute', exact: true }).waitFor({ timeout: 5_000 })
    const muted = await flow(alice)
    await until('alice\'s video to go on after muting', async () => (await flow(alice)).outVideo > muted.outVideo + 50_000, 20_000, 250)
    expect((await flow(alice)).outAudio).toBe(muted.outAudio)
    await callPanel(alice).getByRole('button', { name: 'Unmute', exact: true }).click()
    await until('alice\'s audio back after unmuting', async () => (await flow(alice)).outAudio > muted.outAudio, 20_000, 250)
    await callPanel(bob).getByRole('button', { name: 'Camera off', exact: true }).click()
    await callPanel(bob).getByRole('button', { name: 'Camera on', exact: true }).waitFor({ timeout: 5_000 })

    // The relay goes away: the call's media goes straight between the browsers and carries on. Bob
    // hangs up; his hang-up may find no way to alice without the relay (it waits in his outbox),
    // but his media stops, so her side ends the call too: both record it with its duration.
    await relay.ok({ cmd: 'quit' })
    await relay.exited
    await until('the relay connection to close', async () => (await pageConnections(alice, relay.peerId)).length === 0, 20_000)
    await mediaFlows(bob, await flow(bob), 'bob after the relay left')

    await callPanel(bob).getByRole('button', { name: 'Hang up', exact: true }).click()
    for (const page of [alice, bob]) {
      await callPanel(page).waitFor({ state: 'detached', timeout: 30_000 })
      await page.getByRole('log', { name: 'Messages' }).getByText(/^Video call · \d+:\d\d$/).first().waitFor({ timeout: 30_000 })
    }
    expect(bobId).not.toBe(aliceId)
  }, 300_000)
})
