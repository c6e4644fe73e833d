/**
 * Network harness page: a real browser libp2p node from src/net, driven by tests in Node through
 * `window.harness` (see test/web/support/harness-api.ts). It holds no logic of its own beyond
 * translating between libp2p objects and plain data.
 */
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { BrowserLevel } from 'browser-level'
import { createBrowserLibp2p, detectLocalMode, fetchServedPeers, parsePeerAddress, peersFromLink } from '../../src/net/index.js'
import type { BrowserServices } from '../../src/net/index.js'
import type { HarnessApi, HarnessConnection, HarnessMessage, HarnessWindow } from '../../../../test/web/support/harness-api.js'
import type { Connection } from '@libp2p/interface'
import type { Libp2p } from 'libp2p'

let node: Libp2p<BrowserServices> | undefined
const received: HarnessMessage[] = []

function running (): Libp2p<BrowserServices> {
  if (node == null) {
    throw new Error('harness node is not started')
  }
  return node
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

function fromHex (hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], b => parseInt(b, 16))
}

const harness: HarnessApi = {
  async start (options) {
    const peers = (options.peers ?? []).map(parsePeerAddress)
    if (options.peersFromPage === true) {
      peers.push(...peersFromLink(location.href), ...await fetchServedPeers(location.href))
    }
    const privateKey = options.seedHex == null ? undefined : await generateKeyPairFromSeed('Ed25519', fromHex(options.seedHex))
    node = await createBrowserLibp2p({ peers, privateKey })
    node.services.pubsub.addEventListener('message', (evt) => {
      const msg = evt.detail
      const from = msg.type === 'signed' ? msg.from.toString() : ''
      received.push({ topic: msg.topic, from, text: new TextDecoder().decode(msg.data) })
    })
    return node.peerId.toString()
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
  connections: (peer) => running().getConnections(peer == null ? undefined : peerIdFromString(peer)).map(describe),
  ping: async (peer, timeoutMs) => running().services.ping.ping(peerIdFromString(peer), { signal: AbortSignal.timeout(timeoutMs) }),
  subscribe: (topic) => { running().services.pubsub.subscribe(topic) },
  subscribers: (topic) => running().services.pubsub.getSubscribers(topic).map(String),
  async publish (topic, text) {
    await running().services.pubsub.publish(topic, new TextEncoder().encode(text))
  },
  messages: () => [...received],
  async stop () {
    await node?.stop()
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
