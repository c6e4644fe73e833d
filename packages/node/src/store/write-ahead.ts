/**
 * The store's write-ahead record: how a commit is acknowledged without waiting for the database.
 *
 * LevelDB writes a batch on a thread of libuv's pool, and its completion waits for the event
 * loop: on a busy peer that is a whole turn of the loop (every other peer's verifying and
 * forwarding) between "written" and "acknowledged". With a write-ahead record the store writes
 * the batch's writes to one small file synchronously (into the page cache, as LevelDB's own
 * unsynced log write does: it survives a crash of the process, not of the machine, exactly as the
 * database's write would), acknowledges the commit, and then hands the batch to the database.
 *
 * One record at most: the next batch is planned only once the database holds the one before (the
 * write queue, store-core.ts), and the record is dropped then. A record found at open is a batch
 * that was acknowledged and may not have reached the database: it is written again before
 * anything is read (writing it twice stores the same values, since nothing was written after it).
 * Reads wait for the batch on its way, so a read after an acknowledged commit sees it.
 *
 * The record holds the database's own keys and values, as the database's log does (sealed in a
 * sealed profile). Only the Node host keeps one (node/file-write-ahead.ts); the browser's
 * IndexedDB store acknowledges after its own write.
 */
import { WriteAheadRecord } from '../pb/write-ahead.js'
import type { LevelDatabase } from './layout.js'
import type { Write } from './plan.js'

/** Where a store keeps its write-ahead record (one per profile). */
export interface WriteAhead {
  /** The record left behind by a batch that may not have reached the database, if any (a record torn by a crash is none: its commit was never acknowledged). */
  pending: () => Uint8Array | undefined
  /** Keeps `record` in place of any before it; returns once it is written (throws when it is not). */
  write: (record: Uint8Array) => void
  /** Drops the record: its batch is in the database. */
  clear: () => void
  close: () => void
}

/** The record of a batch of writes: each write's database key (sublevel prefix and key) and value. */
export function encodeWrites (writes: readonly Write[]): Uint8Array {
  return WriteAheadRecord.encode({
    ops: writes.map((w) => 'value' in w ? { key: w.sublevel.prefix + w.key, value: w.value as Uint8Array<ArrayBuffer> } : { key: w.sublevel.prefix + w.key })
  })
}

/** Writes a pending record's batch into `db` (opened or opening) and drops the record. */
export async function replayWriteAhead (db: LevelDatabase, writeAhead: WriteAhead): Promise<void> {
  const record = writeAhead.pending()
  if (record === undefined) return
  const { ops } = WriteAheadRecord.decode(record)
  // The array form waits for a database that is still opening (a chained batch does not).
  await db.batch(ops.map((op) => op.value !== undefined
    ? { type: 'put' as const, key: op.key, value: op.value, keyEncoding: 'utf8', valueEncoding: 'view' }
    : { type: 'del' as const, key: op.key, keyEncoding: 'utf8' }))
  writeAhead.clear()
}
