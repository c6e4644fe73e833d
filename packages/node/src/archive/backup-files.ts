/**
 * Files in a backup (format 2): every FileRecord of the profile (the `files` sublevel) and, right
 * after the record of each file that is **kept and complete**, its blob: one `blob` record (root,
 * count, size) and then its sealed chunks, one record each, read from the BlobStore one at a time
 * (a file is never whole in memory; chunks stay sealed under the file's key, inside the backup's
 * own sealing).
 *
 * Which files: the record's `kept` flag decides. Kept files are the ones we sent and the ones the
 * user pinned (`files.keep`); everything else in the blob store is a cache of other people's files,
 * evicted under the quota, which the user either never saved or already wrote out to a path of
 * their choosing. Those go in as records only, marked not complete, so the restored peer lists them
 * and fetches them again from the conversation's members when saved.
 */
import { toHex } from '@parley/crypto'
import { FILES_SUBLEVEL } from './constants.js'
import { BackupSourceChangedError } from './errors.js'
import { FileRecord, type FileRef } from '../pb/files.js'
import { refChunks } from '../files/file-ref.js'
import type { BackupRecord } from '../pb/archive.js'
import type { BlobStore } from '../files/blob-store.js'
import type { ProfileStore } from '../store/index.js'

/** What the files pass counted. */
export interface FileCounts {
  entries: number
  blobs: number
  chunks: number
}

/** Whether `blobs` holds every chunk of `ref`'s file. */
async function held (blobs: BlobStore, ref: FileRef): Promise<boolean> {
  const blob = await blobs.held(toHex(ref.root))
  return blob !== undefined && blob.count === refChunks(ref) && blob.leaves.every((leaf) => leaf !== undefined)
}

/**
 * The file records of `store`, each followed by its blob's records when the file is kept and
 * complete and `blobs` holds it (without `blobs`, records only, all marked not complete).
 *
 * @throws BackupSourceChangedError when a kept blob loses a chunk while it is being read
 */
export async function * fileRecords (store: ProfileStore, blobs: BlobStore | undefined, counts: FileCounts): AsyncGenerator<BackupRecord> {
  for await (const [key, value] of store.kv(FILES_SUBLEVEL).entries()) {
    const record = FileRecord.decode(value)
    const ref = record.ref
    const carried = ref !== undefined && blobs !== undefined && record.kept && record.complete && await held(blobs, ref)
    counts.entries++
    // A record says complete only when its blob comes with it: the restored peer fetches the others.
    const stored = carried === record.complete ? value : FileRecord.encode({ ...record, complete: carried })
    yield { entry: { sublevel: FILES_SUBLEVEL, key, value: stored as Uint8Array<ArrayBuffer> } }
    if (!carried) continue
    const root = toHex(ref.root)
    const count = refChunks(ref)
    counts.blobs++
    yield { blob: { root: ref.root, count, size: ref.size } }
    for (let index = 0; index < count; index++) {
      const chunk = await blobs.get(root, index)
      if (chunk === undefined) throw new BackupSourceChangedError(`chunk ${index} of the kept file ${root} went missing while it was backed up: back up again`)
      counts.chunks++
      yield { chunk: { index, chunk } }
    }
  }
}
