/**
 * `parley` serves the built web app (packages/web/dist) on 127.0.0.1 for convenience, with
 * `parley-peers.json` beside `index.html`: this peer's WebSocket addresses, so a tab opened from
 * it bootstraps from this peer. The page comes from loopback, so it runs in local mode (it may
 * dial `ws://` on loopback). No application logic runs here: the tab is a full peer.
 *
 * The peer list is served only to a request whose Host is this server's own (a loopback name and
 * its port), so a page on another name that DNS rebinding points at 127.0.0.1 cannot read it.
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

/**
 * The page's own policy (packages/web/index.html, a meta tag, which also holds when the app is
 * served statically elsewhere), sent as a header too for what a meta tag cannot say: no framing.
 */
const CSP_HEADER = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; media-src blob:; font-src 'self'; connect-src 'self' ws: wss:; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'"

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
  const files = serveStatic(dir, { index: ['index.html'], fallthrough: false, setHeaders: (res) => { res.setHeader('content-security-policy', CSP_HEADER) } })
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === `/${SERVED_PEERS_FILE}`) {
      const { port } = server.address() as AddressInfo
      const hostname = ownHost(req.headers.host, port)
      if (hostname === undefined) {
        // DNS rebinding: a page from evil.example, re-resolved to 127.0.0.1, must not read our addresses.
        res.writeHead(421, { 'content-type': 'text/plain' })
        res.end('misdirected request')
        return
      }
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

/** The loopback names this server answers the peer list to, with its port. */
const OWN_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]']

/**
 * The hostname of a Host header that names this server (a loopback name and its own port), else
 * undefined: the peer list goes only to pages this server served under its own name.
 */
export function ownHost (host: string | undefined, port: number): string | undefined {
  if (host === undefined) return undefined
  const match = /^(.+):(\d+)$/.exec(host.toLowerCase())
  if (match === null || Number(match[2]) !== port || !OWN_HOSTNAMES.includes(match[1])) return undefined
  return match[1]
}

const withSlash = (dir: string): string => dir.endsWith('/') ? dir : `${dir}/`
