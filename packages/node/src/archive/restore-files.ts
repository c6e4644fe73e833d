/**
 * Restoring the blobs of kept files (format 2, see backup-files.ts) into a BlobStore, chunk by
 * chunk as the records come. The sealed stream already authenticated every byte; each blob is
 * also checked against its root (the chunk tree over its leaves), so a blob that was damaged on
 * the old disk before it was backed up is not restored as good: it is deleted and its record
 * marked not complete ({@link BlobRestorer.finish}), and the peer fetches it again when saved.
 * The rest of the backup is restored all the same.
 */
import { chunkCount, chunkSealedLength, chunkTree, constantTimeEqual, leafHash, toHex, MAX_FILE_CHUNKS, TREE_HASH_LENGTH } from '@parley/crypto'
import { FILES_SUBLEVEL } from './constants.js'
import { BackupCorruptError } from './errors.js'
import { FileRecord } from '../pb/files.js'
import type { BackupBlob, BackupChunk } from '../pb/archive.js'
import type { BlobStore } from '../files/blob-store.js'
import type { ProfileStore } from '../store/index.js'

/** The blob being restored. */
interface Current {
  root: string
  rootBytes: Uint8Array
  count: number
  size: number
  leaves: Uint8Array[]
}

/** Writes the blobs of a backup into a BlobStore; without one, every blob is dropped (its file is fetched again). */
export class BlobRestorer {
  readonly #blobs: BlobStore | undefined
  #current: Current | undefined
  /** Roots whose blob was not restored: their records are marked not complete at the end. */
  readonly dropped = new Set<string>()

  constructor (blobs?: BlobStore) {
    this.#blobs = blobs
  }

  /** Opens a blob (RecordOrder checked that the previous one got all its chunks). */
  async blob (blob: BackupBlob): Promise<void> {
    const size = Number(blob.size)
    if (blob.root.length !== TREE_HASH_LENGTH || blob.size > BigInt(Number.MAX_SAFE_INTEGER) || blob.count < 1 || blob.count > MAX_FILE_CHUNKS || blob.count !== chunkCount(size)) {
      throw new BackupCorruptError('a blob record out of range')
    }
    const root = toHex(blob.root)
    this.#current = { root, rootBytes: blob.root, count: blob.count, size, leaves: [] }
    if (this.#blobs === undefined) return
    await this.#blobs.delete(root)
    await this.#blobs.create(root, blob.count, size)
  }

  /** Stores the next chunk of the open blob; after the last one, checks the blob against its root. */
  async chunk (chunk: BackupChunk): Promise<void> {
    const current = this.#current
    if (current === undefined || chunk.index !== current.leaves.length) throw new BackupCorruptError('a chunk outside its blob')
    if (chunk.chunk.length !== chunkSealedLength(current.size, chunk.index)) throw new BackupCorruptError(`chunk ${chunk.index} of ${current.root} has ${chunk.chunk.length} bytes`)
    const leaf = leafHash(chunk.chunk)
    current.leaves.push(leaf)
    await this.#blobs?.put(current.root, chunk.index, chunk.chunk, leaf)
    if (current.leaves.length < current.count) return
    this.#current = undefined
    if (this.#blobs === undefined || !constantTimeEqual(chunkTree(current.leaves).root, current.rootBytes)) {
      await this.#blobs?.delete(current.root)
      this.dropped.add(current.root)
    }
  }

  /** Marks the records of dropped blobs not complete (call once every record is committed). */
  async finish (store: ProfileStore): Promise<void> {
    for (const root of this.dropped) {
      const value = await store.kv(FILES_SUBLEVEL).get(root)
      if (value === undefined) continue
      await store.kv(FILES_SUBLEVEL).put(root, FileRecord.encode({ ...FileRecord.decode(value), complete: false }))
    }
  }
}
