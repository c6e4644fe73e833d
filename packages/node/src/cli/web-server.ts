/**
 * `parley` serves the built web app (packages/web/dist) on 127.0.0.1 for convenience, with
 * `parley-peers.json` beside `index.html`: this peer's WebSocket addresses, so a tab opened from
 * it bootstraps from this peer. The page comes from loopback, so it runs in local mode (it may
 * dial `ws://` on loopback). No application logic runs here: the tab is a full peer.
 */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import serveStatic from 'serve-static'
import { named } from '../errors.js'
import type { AddressInfo } from 'node:net'

/** The built web app, beside this package in the workspace. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url))

/** The file the web app reads its bootstrap peers from (packages/web/src/net/constants.ts). */
export const SERVED_PEERS_FILE = 'parley-peers.json'

/** At most this many addresses go into the served list (the web app refuses more than 16). */
const MAX_SERVED_PEERS = 8

/** The built web app is missing: `npm run build` makes it. */
export class WebAppMissingError extends named('WebAppMissingError') {}

/** A running web server. */
export interface WebServer {
  /** `http://127.0.0.1:<port>/` */
  url: string
  close(): Promise<void>
}

/**
 * The WebSocket addresses a browser on `hostname` should dial: those on that host when there are
 * some (a tab on 127.0.0.1 dials loopback), else every WebSocket address.
 */
export function servedPeers (addrs: readonly string[], hostname: string): string[] {
  const ws = addrs.filter((a) => /\/wss?\//.test(a) && a.includes('/p2p/') && !a.includes('/p2p-circuit'))
  const host = hostname.replace(/^\[|\]$/g, '')
  const local = host === 'localhost' ? '127.0.0.1' : host
  const same = ws.filter((a) => a.startsWith(`/ip4/${local}/`) || a.startsWith(`/ip6/${local}/`))
  return (same.length > 0 ? same : ws).slice(0, MAX_SERVED_PEERS)
}

/** Serves `dir` (default: $PARLEY_WEB_DIR, else the workspace's build) and the peer list on 127.0.0.1:`port` (0: any free port). */
export async function startWebServer (options: { port: number, addrs: () => string[], dir?: string }): Promise<WebServer> {
  const dir = withSlash(options.dir ?? process.env.PARLEY_WEB_DIR ?? WEB_DIST)
  if (!existsSync(`${dir}index.html`)) throw new WebAppMissingError(`the web app is not built (no ${dir}index.html): run npm run build`)
  const files = serveStatic(dir, { index: ['index.html'], fallthrough: false })
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === `/${SERVED_PEERS_FILE}`) {
      const hostname = (req.headers.host ?? '127.0.0.1').replace(/:\d+$/, '')
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ peers: servedPeers(options.addrs(), hostname) }))
      return
    }
    files(req, res, (err?: { statusCode?: number }) => {
      res.statusCode = err?.statusCode ?? 404
      res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
    }
  }
}

const withSlash = (dir: string): string => dir.endsWith('/') ? dir : `${dir}/`
