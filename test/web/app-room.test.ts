/**
 * The real app in Chromium against a real `parley --json` peer on 127.0.0.1, which serves the
 * app itself (`--web-port`, with `parley-peers.json` beside it): a public room both ways, a
 * reload that keeps identity and history (IndexedDB), and a passphrase-sealed identity that asks
 * for its passphrase.
 */
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { type Json } from '../peer/harness.js'
import { appUnderTest, expectMessage, joinRoom, onboard, openConversation, pageConnections, pagePeerId, sendMessage } from './support/app.js'
import { until } from '../support/poll.js'

/** GET `path` exactly as written (no normalisation), from the server at `base`. */
async function rawGet (base: URL, path: string): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { body += chunk })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }) })
    })
    req.on('error', reject)
    req.end()
  })
}

const app = appUnderTest()
const { cluster, servingPeer } = app

describe('the app against a parley peer', () => {
  it('serves parley-peers.json with the peer\'s loopback WebSocket address', async () => {
    const { node, url } = await servingPeer('server')
    const served = await (await fetch(new URL('parley-peers.json', url))).json() as { peers: string[] }
    expect(served.peers.length).toBeGreaterThan(0)
    for (const addr of served.peers) expect(addr).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/ws/p2p/${node.peerId}$`))
    expect((await fetch(new URL('no-such-file.js', url))).status).toBe(404)
    // fetch() and new URL() resolve '..' before sending; a raw request puts it on the wire as an attacker would.
    // serve-static answers a path that climbs out with 403, a path that stays inside and is missing with 404.
    for (const path of ['/../../../../etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/../../package.json', '/..\\..\\..\\etc\\passwd']) {
      const { status, body } = await rawGet(new URL(url), path)
      expect([403, 404], path).toContain(status)
      expect(body, path).not.toMatch(/root:|"workspaces"|"name": "parley"/)
    }
  })

  it('chats in a public room with a parley --json peer both ways, and a reload keeps identity and history', async () => {
    const { node, url } = await servingPeer('nodey')
    await node.ok({ cmd: 'join', room: 'lobby' })
    const { page } = await app.chromium.newPage()
    await page.goto(url)
    await onboard(page, 'webby')
    const id = await pagePeerId(page)
    await until('the browser to connect to the peer that served it', async () =>
      (await pageConnections(page, node.peerId)).some((c) => c.remoteAddr.includes('/ws')))
    await joinRoom(page, 'lobby')

    await sendMessage(page, 'hello from the browser')
    await expectMessage(page, 'hello from the browser')
    const got = await node.waitFor((e) => e.event === 'message' && e.text === 'hello from the browser', 30_000, 'the browser\'s message')
    expect(got).toMatchObject({ room: 'lobby', from: id, nick: 'webby' })

    await node.ok({ cmd: 'send', room: 'lobby', text: 'hello from node' })
    await expectMessage(page, 'hello from node', 30_000)

    await page.reload()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
    expect(await pagePeerId(page)).toBe(id)
    await openConversation(page, 'lobby')
    await expectMessage(page, 'hello from the browser')
    await expectMessage(page, 'hello from node')

    // A second tab of the same browser profile does not start a second peer with the same identity.
    const second = await page.context().newPage()
    await second.goto(url)
    await second.getByRole('alert').getByText('already open in another tab').waitFor({ timeout: 20_000 })
    await second.close()
    await page.context().close()
  })

  it('works as a static page from anywhere given a peer: from a ?peer= link, or an address the user types', async () => {
    const { node } = await servingPeer('anchor')
    await node.ok({ cmd: 'join', room: 'static' })
    const ws = node.addrs.find((a) => a.includes('/ws/')) ?? ''
    const { page: linked } = await app.chromium.newPage()
    await linked.goto(`${app.url}?peer=${encodeURIComponent(ws)}`)
    await onboard(linked, 'linked')
    await until('the linked page to connect', async () => (await pageConnections(linked, node.peerId)).length > 0, 30_000)

    const { page: typed } = await app.chromium.newPage()
    await typed.goto(app.url)
    await onboard(typed, 'typed')
    await typed.getByText('Not connected').waitFor({ timeout: 10_000 })
    await typed.getByRole('textbox', { name: 'Peer address', exact: true }).fill('/ip4/127.0.0.1/tcp/1/ws')
    await typed.getByRole('button', { name: 'Connect', exact: true }).click()
    await typed.getByRole('alert').waitFor({ timeout: 5_000 })
    await typed.getByRole('textbox', { name: 'Peer address', exact: true }).fill(ws)
    await typed.getByRole('button', { name: 'Connect', exact: true }).click()
    await typed.getByText('Connected to 1 peer').waitFor({ timeout: 30_000 })
    await joinRoom(typed, 'static')
    await node.ok({ cmd: 'send', room: 'static', text: 'found you' })
    await expectMessage(typed, 'found you', 30_000)
    await linked.context().close()
    await typed.context().close()
  })

  it('reconnects by itself when the peer it bootstrapped from restarts, and the room carries on', async () => {
    const dir = await cluster.dir()
    const { node, url } = await (async () => {
      const first = await cluster.start(dir, ['--nick', 'phoenix', '--listen', '/ip4/127.0.0.1/tcp/0/ws', '--web-port', '0'])
      return { node: first, url: (first.events.find((e) => e.event === 'ready') as Json).web as string }
    })()
    const ws = node.addrs.find((a) => a.includes('/ws/')) ?? ''
    const port = ws.split('/')[4]
    await node.ok({ cmd: 'join', room: 'phoenix' })
    const { page } = await app.chromium.newPage()
    await page.goto(url)
    await onboard(page, 'watcher')
    await joinRoom(page, 'phoenix')
    await node.ok({ cmd: 'send', room: 'phoenix', text: 'before the restart' })
    await expectMessage(page, 'before the restart', 30_000)

    await node.ok({ cmd: 'quit' })
    await node.exited
    await until('the browser to notice', async () => (await pageConnections(page, node.peerId)).length === 0)
    const again = await cluster.start(dir, ['--listen', `/ip4/127.0.0.1/tcp/${port}/ws`])
    expect(again.peerId).toBe(node.peerId)
    await until('the browser to reconnect', async () => (await pageConnections(page, again.peerId)).length > 0, 30_000)
    await again.ok({ cmd: 'send', room: 'phoenix', text: 'after the restart' })
    await expectMessage(page, 'after the restart', 30_000)
    await sendMessage(page, 'welcome back')
    await again.waitFor((e) => e.event === 'message' && e.text === 'welcome back', 30_000, 'the browser\'s message after the restart')
    await page.context().close()
  })

  it('asks for the passphrase of a sealed identity after a reload, refuses a wrong one, and opens with the right one', async () => {
    const { url } = await servingPeer('keeper')
    const { page } = await app.chromium.newPage({ width: 375, height: 740 })
    await page.goto(url)
    await onboard(page, 'sealed-sam', 'correct horse battery')
    const id = await pagePeerId(page)
    await page.reload()
    const passphrase = page.getByLabel('Passphrase', { exact: true })
    await passphrase.waitFor({ timeout: 20_000 })
    // The nickname is sealed with the rest of the profile: the unlock screen names no one.
    await page.getByText('This profile is sealed').waitFor({ timeout: 5_000 })
    expect(await page.getByText('sealed-sam').count()).toBe(0)
    await passphrase.fill('wrong horse')
    await page.getByRole('button', { name: 'Unlock' }).click()
    await page.getByRole('alert').waitFor({ timeout: 20_000 })
    await passphrase.fill('correct horse battery')
    await page.getByRole('button', { name: 'Unlock' }).click()
    await page.getByRole('textbox', { name: 'Room name', exact: true }).waitFor({ timeout: 30_000 })
    expect(await pagePeerId(page)).toBe(id)
    await page.context().close()
  })
})
