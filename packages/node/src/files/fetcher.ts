/**
 * The fetching side of `/parley/blob/1.0.0`: a file's missing chunks, asked
 * from every holder at once (FETCH_REQUESTS_PER_HOLDER requests of
 * FETCH_BATCH chunks in flight each), every chunk checked against the root
 * as it arrives and stored only then. A holder that serves a chunk that does
 * not verify (or another index than asked) is banned and hung up on, and what
 * it had not served goes back to the others. A holder that refuses or keeps
 * failing is left. What was stored stays stored: a fetch stopped by a
 * disconnect, a kill or a restart resumes from the chunks already held.
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { lengthPrefixed } from '../net/length-prefix.js'
import { chunkPlainLength } from '@parley/crypto'
import { openStream } from '../net/contact-dialler.js'
import { BlobRequest } from '../pb/files.js'
import { BLOB_PROTOCOL, BLOB_TIMEOUT_MS, FETCH_BATCH, FETCH_REQUESTS_PER_HOLDER, MAX_HOLDER_FAILURES, MAX_HOLDERS, MAX_REPLY_BYTES } from './constants.js'
import { FileUnavailableError } from './errors.js'
import { openBlobReply } from './wire.js'
import { reclaim } from './reclaim.js'
import type { BlobStore } from './blob-store.js'
import type { Libp2p } from 'libp2p'

/** What one fetch needs. */
export interface FetchInit {
  libp2p: Libp2p
  blobs: BlobStore
  /** The root in hex (the blob's name) and as bytes. */
  root: string
  rootBytes: Uint8Array<ArrayBuffer>
  count: number
  /** Plaintext size of the file. */
  size: number
  /** Peers that may hold the file, most likely first. */
  holders: string[]
  banned: (peer: string) => boolean
  /** Called for a holder that served a bad chunk. */
  ban: (peer: string, error: Error) => void
  /** Reaches a holder that is not connected (the peer's contact dialler). */
  connect?: (peer: string) => Promise<void>
  /** Verified plaintext bytes held so far, and bytes fetched over the network by this fetch. */
  onProgress: (held: number, fetched: number) => void
  /** Chunk `index` was verified and stored (`sealed`: its bytes, in the pieces they came in). */
  onChunk?: (index: number, sealed: readonly Uint8Array[]) => void
  signal?: AbortSignal
}

/** Asks `holder` for `indexes`; hands each verified chunk to `take` as it arrives. */
async function request (init: FetchInit, holder: string, indexes: number[], take: (index: number, chunk: readonly Uint8Array[], leaf: Uint8Array) => Promise<void>): Promise<void> {
  const signal = AbortSignal.any([AbortSignal.timeout(BLOB_TIMEOUT_MS), ...(init.signal === undefined ? [] : [init.signal])])
  const stream = await openStream(init.libp2p, peerIdFromString(holder), BLOB_PROTOCOL, { signal })
  try {
    const lp = lengthPrefixed(stream, { maxDataLength: MAX_REPLY_BYTES })
    await lp.write(BlobRequest.encode({ root: init.rootBytes, indexes }), { signal })
    for (const index of indexes) {
      // InvalidChunkProofError for a chunk that does not lead to the root.
      const { chunk, leaf } = openBlobReply(await lp.read({ signal }), { root: init.rootBytes, count: init.count, index })
      await take(index, chunk, leaf)
    }
    await stream.close({ signal })
  } catch (err) {
    stream.abort(err as Error)
    throw err
  }
}

const LIARS = new Set(['InvalidChunkProofError', 'InvalidBlobReplyError'])

/**
 * Fetches every chunk of the blob not held yet.
 *
 * @throws FileUnavailableError when chunks are missing and no holder is left to ask
 */
export async function fetchBlob (init: FetchInit): Promise<void> {
  await init.blobs.create(init.root, init.count, init.size)
  const held = await init.blobs.held(init.root)
  const have = held?.leaves.map((l) => l !== undefined) ?? new Array<boolean>(init.count).fill(false)
  const plain = (i: number): number => chunkPlainLength(init.size, i)
  let heldBytes = have.reduce((n, h, i) => n + (h ? plain(i) : 0), 0)
  let fetched = 0
  const queue = have.flatMap((h, i) => (h ? [] : [i]))
  let remaining = queue.length
  init.onProgress(heldBytes, fetched)
  if (remaining === 0) return
  let lastError: Error | undefined
  let finished = (): void => {}
  const done = new Promise<void>((resolve) => { finished = resolve })
  const take = async (index: number, chunk: readonly Uint8Array[], leaf: Uint8Array): Promise<void> => {
    if (have[index]) return
    await init.blobs.put(init.root, index, chunk, leaf)
    have[index] = true
    remaining--
    heldBytes += plain(index)
    const length = chunk.reduce((n, p) => n + p.length, 0)
    fetched += length
    init.onChunk?.(index, chunk)
    // Counted once per chunk fetched: the writer's buffers for it die at the same pace.
    reclaim(length)
    init.onProgress(heldBytes, fetched)
    if (remaining === 0) finished()
  }
  const worker = async (holder: string, state: { alive: boolean, failures: number }): Promise<void> => {
    while (state.alive && remaining > 0 && init.signal?.aborted !== true) {
      const batch = queue.splice(0, FETCH_BATCH)
      if (batch.length === 0) {
        // Others hold the rest in flight; wait in case one of them fails and hands its batch back.
        await new Promise((resolve) => setTimeout(resolve, 50))
        continue
      }
      try {
        await request(init, holder, batch, take)
      } catch (err) {
        const error = err as Error
        lastError = error
        queue.unshift(...batch.filter((i) => !have[i]))
        if (LIARS.has(error.name)) {
          state.alive = false
          init.ban(holder, error)
        } else if (error.name === 'BlobRateLimitedError') {
          // Asked too fast: not a failure, ask again in the holder's next second.
          await new Promise((resolve) => setTimeout(resolve, 1000))
        } else if (error.name === 'BlobNotFoundError' || ++state.failures >= MAX_HOLDER_FAILURES) {
          state.alive = false
        }
      }
    }
  }
  const holders = [...new Set(init.holders)].filter((h) => h !== init.libp2p.peerId.toString() && !init.banned(h)).slice(0, MAX_HOLDERS)
  // Done when every chunk is held, without waiting for a dial to a holder that was not needed.
  await Promise.race([done, Promise.all(holders.map(async (holder) => {
    if (init.libp2p.getConnections(peerIdFromString(holder)).length === 0) await init.connect?.(holder).catch(() => {})
    const state = { alive: true, failures: 0 }
    await Promise.all(Array.from({ length: FETCH_REQUESTS_PER_HOLDER }, async () => { await worker(holder, state) }))
  }))])
  if (remaining > 0) throw new FileUnavailableError(`${remaining} of ${init.count} chunks could not be fetched${lastError === undefined ? '' : ` (last: ${lastError.name}: ${lastError.message})`}`)
}
