/**
 * The profile store's interfaces, in a module of their own: the implementations (history-store,
 * kv-store, transaction, profile-store) import these, and index.ts re-exports them with the factory.
 */
import type { KeyStoreParams } from '@parley/crypto'

/** One stored message of any conversation. */
export interface MessageRecord {
  /** Conversation key: 'room:<name>', 'private:<roomIdHex>', 'dm:<peerId>'. 1..200 chars, no '\x00', no '\xff'. */
  conversation: string
  /** Message id: lowercase hex BLAKE2b-256 of the envelope bytes (64 hex chars). */
  id: string
  /** Ordering time, ms since the epoch (integer in 0..MAX_TIMESTAMP). */
  timestamp: number
  /** The encoded message, opaque to the store. */
  value: Uint8Array
}

/** One page of a conversation, oldest first. `before` is the opaque cursor of the next older page, or null. */
export interface HistoryPage {
  messages: MessageRecord[]
  before: string | null
}

/**
 * The messages of every conversation, ordered by (timestamp, id) within each.
 * Every method checks its arguments and throws InvalidRecordError naming the
 * bad field; after close() every method rejects with StoreClosedError.
 */
export interface HistoryStore {
  /** Stores the records in one batch; returns the ones that were new (an id already stored in that conversation is skipped). */
  append (records: MessageRecord[]): Promise<MessageRecord[]>
  /** The stored message, or undefined. */
  get (conversation: string, id: string): Promise<MessageRecord | undefined>
  /** The records with these ids in a conversation, in the order asked (undefined where there is none): two reads for all of them. */
  getMany (conversation: string, ids: string[]): Promise<Array<MessageRecord | undefined>>
  /** Whether the conversation holds a message with that id. */
  has (conversation: string, id: string): Promise<boolean>
  /** Replaces a stored message's value in place (edits, deletes, reactions applied); throws MessageNotFoundError. */
  update (conversation: string, id: string, value: Uint8Array): Promise<void>
  /**
   * The latest `limit` (1..MAX_PAGE_SIZE) messages older than `before` (or the
   * latest ones): one reverse range read. A cursor from elsewhere throws
   * InvalidCursorError.
   */
  page (conversation: string, options: { limit: number, before?: string | null }): Promise<HistoryPage>
  /** Records with from <= timestamp < to, ascending by (timestamp, id); for history sync. */
  range (conversation: string, options?: { from?: number, to?: number, limit?: number }): AsyncIterable<MessageRecord>
  /**
   * The ids of the records `range` would give, in the same order, without their values where the
   * layout allows (the clear layout reads keys only; the sealed one must open every value).
   */
  ids (conversation: string, options?: { from?: number, to?: number }): AsyncIterable<string>
  /** Number of stored messages in a conversation (scans its id index; not on hot paths). */
  count (conversation: string): Promise<number>
  /** Every conversation that holds a message, in key order: one seek per conversation (backup, export). */
  conversations (): AsyncIterable<string>
}

/** A small bytes-valued key-value sublevel (identity, contacts, rooms, sessions, outbox, settings, mailbox, search). */
export interface KeyValueStore {
  /** The value stored under `key`, or undefined. */
  get (key: string): Promise<Uint8Array | undefined>
  /** Stores `value` under `key`, replacing any earlier value. */
  put (key: string, value: Uint8Array): Promise<void>
  /** Removes `key`; removing a missing key is not an error. */
  del (key: string): Promise<void>
  /** Entries in key order, optionally with a key prefix. */
  entries (options?: { prefix?: string }): AsyncIterable<[string, Uint8Array]>
}

/** Names of the key-value sublevels. */
export type SublevelName = 'identity' | 'contacts' | 'rooms' | 'sessions' | 'outbox' | 'settings' | 'mailbox' | 'files' | 'search'

/**
 * Related writes across sublevels in one atomic LevelDB batch. Each call is
 * checked when made; a refused call throws and spoils the transaction, whose
 * commit() then rejects with that error and writes nothing. A transaction
 * commits once (TransactionCommittedError after that).
 */
export interface Transaction {
  /** Appends a record; same dedupe rule as HistoryStore.append, checked at commit. */
  append (record: MessageRecord): Transaction
  /** Replaces a message's value; the message may be stored or appended earlier in this transaction. */
  update (conversation: string, id: string, value: Uint8Array): Transaction
  /**
   * Replaces the value of a message read from this store, at the timestamp it was read with: no
   * lookup of its id (a stored message is never moved or removed; a passphrase change keeps it
   * under the same conversation, timestamp and id).
   */
  rewrite (record: MessageRecord): Transaction
  /** Stores `value` under `key` in a key-value sublevel. */
  put (sublevel: SublevelName, key: string, value: Uint8Array): Transaction
  /** Removes `key` from a key-value sublevel. */
  del (sublevel: SublevelName, key: string): Transaction
  /** Writes everything in one batch; returns the appended records that were new. Rejects with MessageNotFoundError (nothing written) if an update has no message. */
  commit (): Promise<MessageRecord[]>
}

/** How big a profile store is (`ProfileStore.size`). */
export interface StoreSize {
  /** Bytes of the database's tables on disk as LevelDB estimates them (its in-memory write buffer, at most 4 MiB, not included); null where the backend cannot tell (IndexedDB). */
  bytes: number | null
  /** Stored messages of every conversation, exact (key-value records such as contacts and sessions are not counted). */
  entries: number
}

/** The whole store of one profile. */
export interface ProfileStore {
  /** Whether the profile's records are sealed under a passphrase (sealed-layout.ts). */
  readonly encrypted: boolean
  /** Whether the profile is sealed and not yet unlocked: every read and write rejects with PassphraseRequiredError. */
  readonly locked: boolean
  /** Opens a sealed profile's data key with `passphrase`; WrongPassphraseError when it does not. No-op when not locked. */
  unlock (passphrase: string): Promise<void>
  /**
   * Sets (on a clear profile), changes (on a sealed one) or removes (undefined
   * or '') the passphrase, re-encrypting in place; crash-safe (passphrase.ts).
   * Nothing else reads or writes meanwhile.
   */
  setPassphrase (passphrase: string | undefined, params?: KeyStoreParams): Promise<void>
  /** Message history of every conversation. */
  readonly history: HistoryStore
  /** A key-value sublevel. */
  kv (name: SublevelName): KeyValueStore
  /** A new transaction. */
  transaction (): Transaction
  /**
   * Calls `watcher` after each write that appended or changed messages, with
   * those records as written, in write order (the search index keeps up this
   * way). It runs on the write path: it must only queue work. Returns the
   * function that stops it.
   */
  watchHistory (watcher: (changed: MessageRecord[]) => void): () => void
  /** The database's size on disk and its number of messages (the first call scans the message index once; later ones are free). */
  size (): Promise<StoreSize>
  /** Lets started operations finish, then closes the database; later calls reject with StoreClosedError. */
  close (): Promise<void>
}
