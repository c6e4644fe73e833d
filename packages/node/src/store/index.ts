/**
 * @packageDocumentation
 *
 * The profile store: one `level` database per profile. The caller opens the
 * database (classic-level in Node, see `src/node/open-store.ts`; browser-level
 * in the browser, see `src/browser/open-store.ts`) and hands it to
 * {@link createProfileStore}; this module depends on abstract-level types
 * only, so it runs unchanged in both.
 *
 * Layout: abstract-level sublevels of the one database (so a batch can span
 * them atomically):
 *
 * | sublevel      | key                                       | value            |
 * |---------------|-------------------------------------------|------------------|
 * | `messages`    | `<conversation>\x00<timestamp>\x00<id>`   | the record value |
 * | `message-ids` | `<conversation>\x00<id>`                  | `<timestamp>`    |
 * | `identity`, `contacts`, `rooms`, `sessions`, `outbox`, `settings`, `mailbox`, `search` | caller's key | caller's bytes |
 *
 * `<timestamp>` is 13 zero-padded hex digits, so key order is conversation,
 * then time, then id. Details in `keys.ts`.
 *
 * With a passphrase the same records live, sealed and under hashed keys, in
 * the `x-` sublevels (sealed-layout.ts); the clear `meta` sublevel holds the
 * data key sealed under the passphrase. Setting, changing and removing the
 * passphrase: passphrase.ts.
 */
import { LevelProfileStore } from './profile-store.js'
import { StoreCore } from './store-core.js'
import type { LevelDatabase } from './store-core.js'
import type { ProfileStore } from './types.js'
import type { WriteAhead } from './write-ahead.js'

export {
  DataDirDamagedError,
  DataDirLockedError,
  InvalidCursorError,
  CorruptRecordError,
  InvalidRecordError,
  PassphraseRequiredError,
  MessageNotFoundError,
  StoreClosedError,
  StoreWriteError,
  TransactionCommittedError
} from './errors.js'
export type { WriteAhead } from './write-ahead.js'
export { GAP_KEY_PREFIX, MAX_GAP_IDS, readGaps, refillGaps, type GapSpan } from './gaps.js'
export { loadReadReceipts, READ_RECEIPTS_KEY, saveReadReceipts } from './settings.js'
export { MAX_CONVERSATION_LENGTH, MAX_KV_KEY_LENGTH, MAX_PAGE_SIZE, MAX_TIMESTAMP } from './constants.js'
export type { LevelDatabase } from './store-core.js'
export type { HistoryPage, HistoryStore, KeyValueStore, MessageRecord, ProfileStore, StoreSize, SublevelName, Transaction } from './types.js'

/** Options of {@link createProfileStore}. */
export interface ProfileStoreOptions {
  /** Unlocks a sealed profile at once (WrongPassphraseError when it does not); without it a sealed profile opens locked. */
  passphrase?: string
  /**
   * Where commits are acknowledged from before the database holds them (write-ahead.ts); written
   * back into the database at open, before anything is read. The store closes it. Without one a
   * commit is acknowledged once the database has it.
   */
  writeAhead?: WriteAhead
}

/**
 * Opens the profile store on any `level` database (Uint8Array values). The
 * store makes its own sublevels with their own encodings, opens the database
 * if needed and closes it on close(). A sealed profile opens locked unless
 * `options.passphrase` unlocks it.
 */
export async function createProfileStore (db: LevelDatabase, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
  if (typeof db !== 'object' || db === null || typeof db.open !== 'function' || typeof db.sublevel !== 'function') {
    throw new TypeError('db must be an abstract-level database')
  }
  // The sublevels are made and the first reads asked for while the database opens: abstract-level
  // holds the operations on a database that is opening and runs them once it is open.
  const opened = db.open()
  const core = new StoreCore(db, options.writeAhead)
  const started = core.start(options.passphrase)
  started.catch(() => {}) // awaited below, once the open's own outcome is known
  // A failed open is reported as the open's error (a locked or damaged database), not as that of
  // a read that was waiting for it.
  await opened
  try {
    await started
  } catch (err) {
    await db.close()
    options.writeAhead?.close()
    throw err
  }
  return new LevelProfileStore(core)
}

