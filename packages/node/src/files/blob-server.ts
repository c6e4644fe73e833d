/**
 * The serving side of `/parley/blob/1.0.0`. A stream carries one BlobRequest
 * (at most MAX_REQUEST_BYTES, at most MAX_INDEXES_PER_REQUEST indexes) and
 * gets one BlobReply per index, in order: the sealed chunk and its proof.
 * A request with no indexes asks whether we hold the file (one reply with
 * its chunk count).
 *
 * We serve only complete files, only to peers allowed to see them (a DM's
 * file to the other party, a private room's to its members, a public room's
 * to anyone), and each peer at most `chunksPerSecond`; anything else is one
 * NOT_FOUND (or RATE_LIMITED) reply, which never tells "not held" from "not
 * for you".
 */
import { lengthPrefixed } from '../net/length-prefix.js'
import { chunkTree, toHex, type ChunkTree } from '@parley/crypto'
import { BlobReply, type FileRecord } from '../pb/files.js'
import { decodeBlobRequest, encodeChunkReply } from './wire.js'
import { reclaim } from './reclaim.js'
import { BLOB_TIMEOUT_MS, MAX_RATE_ENTRIES, MAX_REQUEST_BYTES } from './constants.js'
import type { BlobStore } from './blob-store.js'
import type { Connection, Stream } from '@libp2p/interface'

/** Trees kept built for serving (a tree of a 256 MiB file is 1024 leaves: cheap to keep, dearer to rebuild per request). */
const MAX_CACHED_TREES = 16

export interface BlobServerComponents {
  blobs: BlobStore
  /** The record of a file by its root in hex. */
  record: (root: string) => Promise<FileRecord | undefined>
  /** Whether `peer` may fetch the files of `conversation`. */
  allowed: (peer: string, conversation: string) => boolean
  /** Chunks each peer may fetch per second. */
  chunksPerSecond: number
  /** A file was served (its least-recently-used time moves). */
  onServed?: (root: string) => void
}

export class BlobServer {
  readonly #c: BlobServerComponents
  readonly #trees = new Map<string, ChunkTree>()
  readonly #rate = new Map<string, { second: number, chunks: number }>()

  constructor (components: BlobServerComponents) {
    this.#c = components
  }

  /** Forgets a cached tree (the blob was evicted or deleted). */
  forget (root: string): void {
    this.#trees.delete(root)
  }

  #allow (peer: string, chunks: number): boolean {
    const second = Math.floor(Date.now() / 1000)
    let r = this.#rate.get(peer)
    if (r === undefined || r.second !== second) {
      if (this.#rate.size >= MAX_RATE_ENTRIES) this.#rate.clear()
      r = { second, chunks: 0 }
      this.#rate.set(peer, r)
    }
    r.chunks += Math.max(1, chunks)
    return r.chunks <= this.#c.chunksPerSecond
  }

  async #tree (root: string): Promise<ChunkTree | undefined> {
    const cached = this.#trees.get(root)
    if (cached !== undefined) return cached
    const held = await this.#c.blobs.held(root)
    if (held === undefined || held.leaves.some((l) => l === undefined)) return undefined
    const tree = chunkTree(held.leaves as Uint8Array[])
    if (toHex(tree.root) !== root) return undefined
    if (this.#trees.size >= MAX_CACHED_TREES) this.#trees.delete(this.#trees.keys().next().value as string)
    this.#trees.set(root, tree)
    return tree
  }

  /** Serves one inbound stream. */
  async serve (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const signal = AbortSignal.timeout(BLOB_TIMEOUT_MS)
    const lp = lengthPrefixed(stream, { maxDataLength: MAX_REQUEST_BYTES })
    const write = async (reply: BlobReply): Promise<void> => { await lp.write(BlobReply.encode(reply), { signal }) }
    try {
      const request = decodeBlobRequest(await lp.read({ signal }))
      const refuse = async (status: BlobReply.Status): Promise<void> => { await write({ status, index: 0, chunk: new Uint8Array(), proof: [], count: 0 }) }
      const root = toHex(request.root)
      // The rate counts before anything is read: asking for roots we do not hold costs the asker too.
      const allowed = this.#allow(peer, request.indexes.length)
      const record = allowed ? await this.#c.record(root) : undefined
      const tree = record?.complete === true && this.#c.allowed(peer, record.conversation) ? await this.#tree(root) : undefined
      if (!allowed) {
        await refuse(BlobReply.Status.RATE_LIMITED)
      } else if (tree === undefined) {
        await refuse(BlobReply.Status.NOT_FOUND)
      } else if (request.indexes.length === 0) {
        await write({ status: BlobReply.Status.OK, index: 0, chunk: new Uint8Array(), proof: [], count: tree.count })
      } else {
        for (const index of request.indexes) {
          const chunk = index < tree.count ? await this.#c.blobs.get(root, index) : undefined
          if (chunk === undefined) {
            await refuse(BlobReply.Status.NOT_FOUND)
            break
          }
          await lp.write(encodeChunkReply({ status: BlobReply.Status.OK, index, chunk, proof: tree.proof(index), count: tree.count }), { signal })
          reclaim(chunk.length)
        }
        this.#c.onServed?.(root)
      }
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err as Error)
    }
  }
}
