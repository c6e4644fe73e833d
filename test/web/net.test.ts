/**
 * The browser peer the app runs (`createBrowserPeer`, @parley/node/browser) in real Chromium against real libp2p on
 * 127.0.0.1: WebSockets to a Node peer, gossipsub both ways, WebRTC between two browsers after
 * signalling through a relay, bootstrap sources, reconnection, and IndexedDB through
 * browser-level.
 */
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { afterAll, describe, expect, it } from 'vitest'
import { pageUnderTest } from './support/page-under-test.js'
import { call, openHarness } from './support/harness.js'
import { until } from '../support/poll.js'
import { startNodeRelay, wsAddress } from './support/node-relay.js'
import type { RelayServices } from './support/node-relay.js'
import type { Libp2p } from 'libp2p'
import type { Page } from 'playwright-core'

const web = pageUnderTest('test/harness')
const relays: Array<Libp2p<RelayServices>> = []

async function relay (options?: Parameters<typeof startNodeRelay>[0]): Promise<Libp2p<RelayServices>> {
  const node = await startNodeRelay(options)
  relays.push(node)
  return node
}

async function browserPeer (peers: string[], path = ''): Promise<{ page: Page, id: string }> {
  const { page } = await web.chromium.newPage()
  await openHarness(page, web.url + path)
  const id = await call(page, 'start', { peers, peersFromPage: path !== '' })
  return { page, id }
}

afterAll(async () => {
  await Promise.allSettled(relays.map(async r => r.stop()))
})

describe('browser network', () => {
  it('connects to a Node peer over ws:// on loopback and exchanges gossipsub messages both ways', async () => {
    const node = await relay()
    const topic = '/parley/test/ws-gossip'
    node.services.pubsub.subscribe(topic)
    const seenByNode: string[] = []
    node.services.pubsub.addEventListener('message', (evt) => {
      seenByNode.push(new TextDecoder().decode(evt.detail.data))
    })

    const { page, id } = await browserPeer([wsAddress(node)])
    expect(await call(page, 'localMode')).toBe(true)
    const conns = await until('the browser to connect', async () => {
      const c = await call(page, 'connections', node.peerId.toString())
      return c.length > 0 && c
    })
    expect(conns[0].transport).toBe('ws')

    await call(page, 'subscribe', topic)
    await until('the Node peer to see the subscription', () =>
      node.services.pubsub.getSubscribers(topic).some(p => p.toString() === id))
    await until('the browser to see the subscription', async () =>
      (await call(page, 'subscribers', topic)).includes(node.peerId.toString()))

    await call(page, 'publish', topic, 'from the browser')
    await until('the Node peer to receive', () => seenByNode.includes('from the browser'))

    await node.services.pubsub.publish(topic, new TextEncoder().encode('from node'))
    const got = await until('the browser to receive', async () =>
      (await call(page, 'messages')).find(m => m.text === 'from node'))
    expect(got).toEqual({ topic, text: 'from node' })
    await page.close()
  })

  it('reaches another browser with the peer\'s contact dialler: WebRTC signalled through a relay, which survives the relay stopping', async () => {
    const node = await relay()
    const a = await browserPeer([wsAddress(node)])
    const b = await browserPeer([wsAddress(node)])
    const addrOfA = await call(a.page, 'webrtcAddr', 10_000)
    expect(addrOfA).toContain(`/p2p/${node.peerId.toString()}/p2p-circuit/webrtc/p2p/${a.id}`)
    await until('b to reach the relay', async () => (await call(b.page, 'connections', node.peerId.toString())).some(c => c.direct))

    const conn = await call(b.page, 'reach', a.id, 60_000)
    expect(conn.peer).toBe(a.id)
    expect(conn.direct).toBe(true)
    expect(conn.limited).toBe(false)
    expect(conn.transport).toBe('webrtc')

    await node.stop()
    await until('both browsers to drop the relay', async () =>
      (await call(a.page, 'connections', node.peerId.toString())).length === 0 &&
      (await call(b.page, 'connections', node.peerId.toString())).length === 0)

    expect(await call(b.page, 'ping', a.id, 5_000)).toBeGreaterThanOrEqual(0)
    expect(await call(a.page, 'ping', b.id, 5_000)).toBeGreaterThanOrEqual(0)
    const between = await call(a.page, 'connections', b.id)
    expect(between.length).toBeGreaterThan(0)
    expect(between.every(c => c.direct && c.transport === 'webrtc')).toBe(true)
    await Promise.all([a.page.close(), b.page.close()])
  })

  it('takes bootstrap peers from a ?peer= link and from the list served beside the page', async () => {
    const linked = await relay()
    const served = await relay()
    web.server.extra.set('/parley-peers.json', JSON.stringify({ peers: [wsAddress(served)] }))
    try {
      const path = `index.html?peer=${encodeURIComponent(wsAddress(linked))}`
      const { page } = await browserPeer([], path)
      for (const node of [linked, served]) {
        await until(`a connection to ${node.peerId.toString()}`, async () =>
          (await call(page, 'connections', node.peerId.toString())).length > 0)
      }
      await page.close()
    } finally {
      web.server.extra.delete('/parley-peers.json')
    }
  })

  it('reconnects by itself after its bootstrap peer restarts', async () => {
    const privateKey = await generateKeyPair('Ed25519')
    const first = await relay({ privateKey })
    const port = Number(wsAddress(first).split('/')[4])
    const { page } = await browserPeer([wsAddress(first)])
    const id = first.peerId.toString()
    await until('the first connection', async () => (await call(page, 'connections', id)).length > 0)

    await first.stop()
    await until('the browser to notice', async () => (await call(page, 'connections', id)).length === 0)
    const second = await relay({ privateKey, port })
    expect(second.peerId.equals(peerIdFromString(id))).toBe(true)
    await until('the browser to reconnect', async () => (await call(page, 'connections', id)).length > 0, 15_000)
    await page.close()
  })

  it('keeps browser-level (IndexedDB) data across a reload, per browser profile', async () => {
    const { context, page } = await web.chromium.newPage()
    await openHarness(page, web.url)
    expect(await call(page, 'level', 'parley-test', 'greeting', 'hello')).toBe('hello')
    await page.reload()
    await page.waitForFunction(() => 'harness' in window)
    expect(await call(page, 'level', 'parley-test', 'greeting')).toBe('hello')
    await context.close()

    const other = await web.chromium.newPage()
    await openHarness(other.page, web.url)
    expect(await call(other.page, 'level', 'parley-test', 'greeting')).toBeUndefined()
    await other.context.close()
  })
})
