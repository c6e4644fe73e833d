/**
 * The blob store on disk: one directory per blob under `<data-dir>/blobs`,
 * named by its root (hex), private like the rest of the data directory
 * (0700, files 0600):
 *
 * | file        | content                                                   |
 * |-------------|-----------------------------------------------------------|
 * | `meta.json` | `{ "count", "size" }`                                     |
 * | `data`      | sealed chunk i at i × (FILE_CHUNK_BYTES + 16), sparse      |
 * | `leaves`    | leaf hash i at i × 32                                     |
 * | `held`      | byte i is 1 once chunk i and its leaf are written         |
 *
 * A chunk counts as held only after its bytes and leaf are written, so a
 * process killed mid-write refetches that chunk and no other. Chunks are
 * already sealed (and verified against the root before they are stored); the
 * directory name is a content address, which names no person.
 */
import { mkdir, open, readdir, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { chunkSealedLength, FILE_CHUNK_BYTES, FILE_CHUNK_OVERHEAD, TREE_HASH_LENGTH, type ChunkBytes } from '@parley/crypto'
import type { BlobHeld, BlobStore } from '../files/blob-store.js'
import { writeFully } from './file-io.js'

const HEX_ROOT = /^[0-9a-z-]{1,80}$/
/** Blobs whose files stay open between calls (a fetch writes three files per chunk; opening them each time costs more than the write). */
const MAX_OPEN_BLOBS = 4
/** The byte that marks a chunk held. */
const HELD = Uint8Array.of(1)

/** The open files of one blob, and how many calls use them now. */
interface OpenBlob { data: FileHandle, leaves: FileHandle, held: FileHandle, users: number }

/** A {@link BlobStore} in `dir` (created when missing). */
export class DiskBlobStore implements BlobStore {
  readonly #dir: string
  readonly #meta = new Map<string, { count: number, size: number }>()
  /** Open blobs, least recently used first. */
  readonly #open = new Map<string, Promise<OpenBlob>>()

  constructor (dir: string) {
    this.#dir = dir
  }

  #path (root: string, file: string): string {
    if (!HEX_ROOT.test(root)) throw new RangeError(`not a blob name: ${root}`)
    return join(this.#dir, root, file)
  }

  async #readMeta (root: string): Promise<{ count: number, size: number } | undefined> {
    const known = this.#meta.get(root)
    if (known !== undefined) return known
    try {
      const meta = JSON.parse(await readFile(this.#path(root, 'meta.json'), 'utf8')) as { count: number, size: number }
      if (!Number.isSafeInteger(meta.count) || !Number.isSafeInteger(meta.size)) return undefined
      this.#meta.set(root, meta)
      return meta
    } catch {
      return undefined
    }
  }

  async create (root: string, count: number, size: number): Promise<void> {
    if (await this.#readMeta(root) !== undefined) return
    await mkdir(join(this.#dir, root), { recursive: true, mode: 0o700 })
    await writeFile(this.#path(root, 'held'), new Uint8Array(count), { mode: 0o600 })
    await writeFile(this.#path(root, 'leaves'), new Uint8Array(0), { mode: 0o600 })
    await writeFile(this.#path(root, 'data'), new Uint8Array(0), { mode: 0o600 })
    // meta.json last: a blob without it was never created and is created again.
    await writeFile(this.#path(root, 'meta.json'), JSON.stringify({ count, size }), { mode: 0o600 })
    this.#meta.set(root, { count, size })
  }

  /** Runs `fn` with the blob's files open (kept open for the next call, up to MAX_OPEN_BLOBS blobs). */
  async #with<T> (root: string, fn: (blob: OpenBlob) => Promise<T>): Promise<T> {
    let entry = this.#open.get(root)
    if (entry === undefined) {
      entry = (async () => {
        const [data, leaves, held] = await Promise.all(['data', 'leaves', 'held'].map(async (f) => open(this.#path(root, f), 'r+')))
        return { data, leaves, held, users: 0 }
      })()
      entry.catch(() => { this.#open.delete(root) })
    }
    this.#open.delete(root)
    this.#open.set(root, entry)
    const blob = await entry
    blob.users++
    try {
      return await fn(blob)
    } finally {
      blob.users--
      await this.#trim()
    }
  }

  /** Closes the least recently used blobs nothing uses beyond MAX_OPEN_BLOBS. */
  async #trim (): Promise<void> {
    for (const [root, entry] of this.#open) {
      if (this.#open.size <= MAX_OPEN_BLOBS) return
      const blob = await entry.catch(() => undefined)
      if (blob !== undefined && blob.users > 0) continue
      await this.#close(root)
    }
  }

  async #close (root: string): Promise<void> {
    const entry = this.#open.get(root)
    this.#open.delete(root)
    const blob = await entry?.catch(() => undefined)
    if (blob !== undefined) await Promise.all([blob.data, blob.leaves, blob.held].map(async (h) => h.close().catch(() => {})))
  }

  async put (root: string, index: number, chunk: ChunkBytes, leaf: Uint8Array): Promise<void> {
    const meta = await this.#readMeta(root)
    if (meta === undefined || index < 0 || index >= meta.count) throw new RangeError(`no chunk ${index} in blob ${root}`)
    await this.#with(root, async (blob) => {
      // Synchronously, in order (held last), each into the page cache: see writeFully. Pieces (as a
      // fetch received them) go in one writev, never joined.
      writeFully(blob.data.fd, chunk instanceof Uint8Array ? [chunk] : chunk, index * (FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD))
      writeFully(blob.leaves.fd, [leaf], index * TREE_HASH_LENGTH)
      writeFully(blob.held.fd, [HELD], index)
      await Promise.resolve()
    })
  }

  async get (root: string, index: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const meta = await this.#readMeta(root)
    if (meta === undefined || index < 0 || index >= meta.count) return undefined
    const length = chunkSealedLength(meta.size, index)
    const out = new Uint8Array(length)
    const { bytesRead } = await this.#with(root, async (blob) => blob.data.read(out, 0, length, index * (FILE_CHUNK_BYTES + FILE_CHUNK_OVERHEAD)))
    return bytesRead === length ? out : undefined
  }

  async held (root: string): Promise<BlobHeld | undefined> {
    const meta = await this.#readMeta(root)
    if (meta === undefined) return undefined
    const held = await readFile(this.#path(root, 'held')).catch(() => new Uint8Array(0))
    const leaves = await readFile(this.#path(root, 'leaves')).catch(() => new Uint8Array(0))
    return {
      count: meta.count,
      size: meta.size,
      leaves: Array.from({ length: meta.count }, (_, i) => {
        const at = i * TREE_HASH_LENGTH
        return held[i] === 1 && leaves.length >= at + TREE_HASH_LENGTH ? new Uint8Array(leaves.subarray(at, at + TREE_HASH_LENGTH)) : undefined
      })
    }
  }

  async rename (from: string, to: string): Promise<void> {
    await this.#close(from)
    await rename(join(this.#dir, from), this.#path(to, '')).catch(async (err: NodeJS.ErrnoException) => {
      // The target exists (the same file sent twice cannot happen: each has a fresh key): keep it.
      if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') await this.delete(from)
      else throw err
    })
    const meta = this.#meta.get(from)
    this.#meta.delete(from)
    if (meta !== undefined) this.#meta.set(to, meta)
  }

  async delete (root: string): Promise<void> {
    await this.#close(root)
    this.#meta.delete(root)
    await rm(join(this.#dir, root), { recursive: true, force: true })
  }

  async close (): Promise<void> {
    await Promise.all([...this.#open.keys()].map(async (root) => { await this.#close(root) }))
  }

  async list (): Promise<string[]> {
    const names = await readdir(this.#dir).catch(() => [])
    return names.filter((n) => HEX_ROOT.test(n))
  }
}
