/**
 * A static file server on 127.0.0.1 for a built page (the app's dist or the network harness), so
 * the page runs in local mode exactly as when a developer's `parley` serves it.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm'
}

/** A running server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** Files answered from memory before the directory is looked at (e.g. `parley-peers.json`). */
  extra: Map<string, string>
  close(): Promise<void>
}

/** Serves `root` on a free port of 127.0.0.1; `/` is `index.html`. */
export async function serveStatic (root: string): Promise<StaticServer> {
  const extra = new Map<string, string>()
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const name = path === '/' ? '/index.html' : path
    const inline = extra.get(name)
    if (inline != null) {
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream' })
      res.end(inline)
      return
    }
    const file = normalize(join(root, name))
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end()
      return
    }
    stat(file).then((s) => {
      if (!s.isFile()) {
        throw new Error('not a file')
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
      createReadStream(file).pipe(res)
    }).catch(() => {
      res.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    extra,
    async close () {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}
