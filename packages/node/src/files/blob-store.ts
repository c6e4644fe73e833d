/**
 * Where a peer keeps the sealed chunks of files: on disk in the data
 * directory (node/disk-blob-store.ts) or in memory (tests; a browser tab
 * without storage). Each blob is addressed by its root (hex) and holds
 * `count` chunks, each written once, with its leaf hash, after it verified;
 * `held` reads back which chunks are there, so a fetch resumes after a
 * restart from the last verified chunk.
 *
 * The compliance suite (packages/node/test/blob-store-suite.ts) runs against
 * every implementation.
 */
import { chunkSealedLength, concat, type ChunkBytes } from '@parley/crypto'

/** What a blob holds: which chunks (and their leaf hashes) are stored. */
export interface BlobHeld {
  count: number
  /** Plaintext size of the file. */
  size: number
  /** Leaf hash of each stored chunk; undefined where the chunk is missing. */
  leaves: Array<Uint8Array | undefined>
}

/** A store of sealed file chunks by root. */
export interface BlobStore {
  /** Makes room for a blob of `count` chunks of a `size`-byte file (no-op when it exists). */
  create: (root: string, count: number, size: number) => Promise<void>
  /** Stores chunk `index` (whole or in pieces) and its leaf hash; the chunk counts as held only once both are written. */
  put: (root: string, index: number, chunk: ChunkBytes, leaf: Uint8Array) => Promise<void>
  /** A stored chunk, or undefined. */
  get: (root: string, index: number) => Promise<Uint8Array<ArrayBuffer> | undefined>
  /** Which chunks a blob holds, or undefined when there is no such blob. */
  held: (root: string) => Promise<BlobHeld | undefined>
  /** Moves a blob to another root (a sent file is sealed under a temporary name until its root is known). */
  rename: (from: string, to: string) => Promise<void>
  /** Removes a blob; removing a missing one is not an error. */
  delete: (root: string) => Promise<void>
  /** Roots of every stored blob. */
  list: () => Promise<string[]>
  /** Releases what the store holds open (the peer stops). */
  close?: () => Promise<void>
}

/** Bytes a complete blob of a `size`-byte file in `count` chunks takes. */
export function blobBytes (size: number, count: number): number {
  return count === 0 ? 0 : (count - 1) * chunkSealedLength(size, 0) + chunkSealedLength(size, count - 1)
}

/** The bytes of a chunk given whole or in pieces, as one new buffer of its own. */
export function joinChunk (chunk: ChunkBytes): Uint8Array<ArrayBuffer> {
  return (chunk instanceof Uint8Array ? Uint8Array.from(chunk) : concat(...chunk)) as Uint8Array<ArrayBuffer>
}

/** A blob store in memory. */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, { count: number, size: number, chunks: Array<Uint8Array<ArrayBuffer> | undefined>, leaves: Array<Uint8Array | undefined> }>()

  async create (root: string, count: number, size: number): Promise<void> {
    if (!this.#blobs.has(root)) this.#blobs.set(root, { count, size, chunks: Array.from({ length: count }, () => undefined), leaves: Array.from({ length: count }, () => undefined) })
    return Promise.resolve()
  }

  async put (root: string, index: number, chunk: ChunkBytes, leaf: Uint8Array): Promise<void> {
    const blob = this.#blobs.get(root)
    if (blob === undefined || index < 0 || index >= blob.count) return Promise.reject(new RangeError(`no chunk ${index} in blob ${root}`))
    blob.chunks[index] = joinChunk(chunk)
    blob.leaves[index] = Uint8Array.from(leaf)
    return Promise.resolve()
  }

  async get (root: string, index: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    return Promise.resolve(this.#blobs.get(root)?.chunks[index])
  }

  async held (root: string): Promise<BlobHeld | undefined> {
    const blob = this.#blobs.get(root)
    return Promise.resolve(blob === undefined ? undefined : { count: blob.count, size: blob.size, leaves: blob.leaves.slice() })
  }

  async rename (from: string, to: string): Promise<void> {
    const blob = this.#blobs.get(from)
    if (blob !== undefined) {
      this.#blobs.delete(from)
      this.#blobs.set(to, blob)
    }
    return Promise.resolve()
  }

  async delete (root: string): Promise<void> {
    this.#blobs.delete(root)
    return Promise.resolve()
  }

  async list (): Promise<string[]> {
    return Promise.resolve([...this.#blobs.keys()])
  }
}
