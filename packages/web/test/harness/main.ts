/**
 * Network harness page: the browser peer the app runs (`createBrowserPeer` from
 * `@parley/node/browser`, on a fresh IndexedDB profile), driven by tests in Node through
 * `window.harness` (see test/web/support/harness-api.ts). It holds no logic of its own beyond
 * translating between libp2p objects and plain data.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createBrowserPeer, detectLocalMode, fetchServedPeers, parsePeerAddress, peersFromLink } from '@parley/node/browser'
import { BrowserLevel } from 'browser-level'
import type { HarnessApi, HarnessConnection, HarnessMessage, HarnessWindow } from '../../../../test/web/support/harness-api.js'
import type { Connection } from '@libp2p/interface'
import type { BrowserPeer, Peer } from '@parley/node/browser'

let node: BrowserPeer | undefined
const received: HarnessMessage[] = []

function running (): Peer['libp2p'] {
  if (node == null) {
    throw new Error('harness node is not started')
  }
  return node.peer.libp2p
}

function describe (conn: Connection): HarnessConnection {
  const transport = conn.remoteAddr.getComponents().findLast(c => c.name !== 'p2p')?.name ?? ''
  const limited = conn.limits != null
  return {
    peer: conn.remotePeer.toString(),
    remoteAddr: conn.remoteAddr.toString(),
    transport,
    limited,
    direct: transport !== 'p2p-circuit' && !limited
  }
}

const harness: HarnessApi = {
  async start (options) {
    const peers = (options.peers ?? []).map(parsePeerAddress)
    if (options.peersFromPage === true) {
      peers.push(...peersFromLink(location.href), ...await fetchServedPeers(location.href))
    }
    node = await createBrowserPeer({ database: `parley-harness-${crypto.randomUUID()}`, nick: 'harness', bootstrap: peers })
    node.peer.libp2p.services.pubsub.addEventListener('message', (evt) => {
      received.push({ topic: evt.detail.topic, text: new TextDecoder().decode(evt.detail.data) })
    })
    await node.peer.start()
    return node.peer.peerId
  },
  localMode: () => detectLocalMode(),
  addrs: () => running().getMultiaddrs().map(String),
  async webrtcAddr (timeoutMs) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = running().getMultiaddrs().find(a => a.toString().includes('/p2p-circuit/webrtc'))
      if (found != null) {
        return found.toString()
      }
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    throw new Error(`no /p2p-circuit/webrtc address within ${timeoutMs} ms`)
  },
  async dial (addr, timeoutMs) {
    const conn = await running().dial(multiaddr(addr), { signal: AbortSignal.timeout(timeoutMs) })
    return describe(conn)
  },
  async reach (peer, timeoutMs) {
    const { peer: self } = node ?? {}
    if (self == null) throw new Error('harness node is not started')
    const deadline = Date.now() + timeoutMs
    self.reach(peer)
    while (!self.isDirect(peer)) {
      if (Date.now() > deadline) throw new Error(`no direct connection to ${peer} within ${timeoutMs} ms`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    return running().getConnections(peerIdFromString(peer)).filter(c => c.limits == null).map(describe)[0]
  },
  connections: (peer) => running().getConnections(peer == null ? undefined : peerIdFromString(peer)).map(describe),
  ping: async (peer, timeoutMs) => running().services.ping.ping(peerIdFromString(peer), { signal: AbortSignal.timeout(timeoutMs) }),
  subscribe: (topic) => { running().services.pubsub.subscribe(topic) },
  subscribers: (topic) => running().services.pubsub.getSubscribers(topic).map(String),
  async publish (topic, text) {
    await running().services.pubsub.publish(topic, new TextEncoder().encode(text))
  },
  messages: () => [...received],
  async stop () {
    await node?.profile.close()
    node = undefined
  },
  async level (name, key, value) {
    const db = new BrowserLevel<string, string>(name)
    try {
      if (value != null) {
        await db.put(key, value)
      }
      return await db.get(key)
    } finally {
      await db.close()
    }
  }
}

;(window as unknown as HarnessWindow).harness = harness
document.getElementById('status')!.textContent = 'ready'
