/**
 * The blob store on any `level` database: IndexedDB in the browser
 * (browser-level, one database per profile beside the profile's own), and
 * LevelDB in Node where a test wants it. Keys, per blob (root in hex):
 *
 * | key                        | value                         |
 * |----------------------------|-------------------------------|
 * | `<root>!m`                 | `{ "count", "size" }` (JSON)  |
 * | `<root>!c!<index, 8 hex>`  | the sealed chunk              |
 * | `<root>!l!<index, 8 hex>`  | its leaf hash                 |
 *
 * A chunk and its leaf are written in one batch, so a chunk is held exactly when its leaf is.
 */
import { joinChunk, type BlobHeld, type BlobStore } from './blob-store.js'
import type { ChunkBytes } from '@parley/crypto'
import type { AbstractLevel } from 'abstract-level'

/** A `level` database with string keys and Uint8Array values. */
export type BlobDatabase = AbstractLevel<any, string, Uint8Array> // eslint-disable-line @typescript-eslint/no-explicit-any

const hex8 = (n: number): string => n.toString(16).padStart(8, '0')
const utf8 = new TextEncoder()

/** A {@link BlobStore} in a `level` database (opened by the caller or on first use). */
export class LevelBlobStore implements BlobStore {
  readonly #db: BlobDatabase

  constructor (db: BlobDatabase) {
    this.#db = db
  }

  async #meta (root: string): Promise<{ count: number, size: number } | undefined> {
    const bytes = await this.#db.get(`${root}!m`)
    if (bytes === undefined) return undefined
    const meta = JSON.parse(new TextDecoder().decode(bytes)) as { count: number, size: number }
    return Number.isSafeInteger(meta.count) && Number.isSafeInteger(meta.size) ? meta : undefined
  }

  async create (root: string, count: number, size: number): Promise<void> {
    if (await this.#meta(root) === undefined) await this.#db.put(`${root}!m`, utf8.encode(JSON.stringify({ count, size })))
  }

  async put (root: string, index: number, chunk: ChunkBytes, leaf: Uint8Array): Promise<void> {
    const meta = await this.#meta(root)
    if (meta === undefined || index < 0 || index >= meta.count) throw new RangeError(`no chunk ${index} in blob ${root}`)
    await this.#db.batch([
      { type: 'put', key: `${root}!c!${hex8(index)}`, value: joinChunk(chunk) },
      { type: 'put', key: `${root}!l!${hex8(index)}`, value: Uint8Array.from(leaf) }
    ])
  }

  async get (root: string, index: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const bytes = await this.#db.get(`${root}!c!${hex8(index)}`)
    return bytes === undefined ? undefined : Uint8Array.from(bytes)
  }

  async held (root: string): Promise<BlobHeld | undefined> {
    const meta = await this.#meta(root)
    if (meta === undefined) return undefined
    const leaves: Array<Uint8Array | undefined> = Array.from({ length: meta.count }, () => undefined)
    for await (const [key, value] of this.#db.iterator({ gte: `${root}!l!`, lt: `${root}!l!~` })) {
      const index = parseInt(key.slice(root.length + 3), 16)
      if (index >= 0 && index < meta.count) leaves[index] = Uint8Array.from(value)
    }
    return { count: meta.count, size: meta.size, leaves }
  }

  async rename (from: string, to: string): Promise<void> {
    const ops: Array<{ type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }> = []
    for await (const [key, value] of this.#db.iterator({ gte: `${from}!`, lt: `${from}!~` })) {
      ops.push({ type: 'del', key }, { type: 'put', key: to + key.slice(from.length), value })
    }
    await this.#db.batch(ops)
  }

  async delete (root: string): Promise<void> {
    await this.#db.clear({ gte: `${root}!`, lt: `${root}!~` })
  }

  async close (): Promise<void> {
    await this.#db.close()
  }

  async list (): Promise<string[]> {
    const roots: string[] = []
    for await (const key of this.#db.keys()) if (key.endsWith('!m')) roots.push(key.slice(0, -2))
    return roots
  }
}
