import { expect } from 'vitest'
import type { MessageRecord, ProfileStore } from '../../../src/store/index.js'

/** A 64-hex-digit message id made from a number. */
export const hex = (n: number): string => n.toString(16).padStart(64, '0')

/** A record with id hex(n) whose value is `text` (default 'm<n>'). */
export function rec (conversation: string, timestamp: number, n: number, text = `m${n}`): MessageRecord {
  return { conversation, id: hex(n), timestamp, value: new TextEncoder().encode(text) }
}

/** Matches an error by its name (tests never match message text). */
export const named = (name: string, fields: Record<string, unknown> = {}): unknown => expect.objectContaining({ name, ...fields })

/** Records in the store's order: timestamp, then id. */
export function sorted (records: MessageRecord[]): MessageRecord[] {
  return [...records].sort((x, y) => x.timestamp - y.timestamp || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}

/** Every page of a conversation, walked newest to oldest, returned oldest first, with the page count. */
export async function walk (store: ProfileStore, conversation: string, limit: number): Promise<{ records: MessageRecord[], pages: number }> {
  const pages: MessageRecord[][] = []
  let before: string | null = null
  do {
    const page = await store.history.page(conversation, { limit, before })
    // Only an empty conversation has an empty page, and then it is the only one.
    if (page.messages.length === 0) expect({ pages: pages.length, before: page.before }).toEqual({ pages: 0, before: null })
    expect(page.messages.length).toBeLessThanOrEqual(limit)
    if (page.before !== null) expect(page.messages).toHaveLength(limit)
    pages.unshift(page.messages)
    before = page.before
  } while (before !== null)
  return { records: pages.flat(), pages: pages.length }
}

/** Collects an async iterable. */
export async function collect<T> (iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

/** The (id, timestamp, text) of records, for readable comparisons. */
export const summary = (records: MessageRecord[]): Array<[string, number, string]> =>
  records.map((r) => [r.id, r.timestamp, new TextDecoder().decode(r.value)])

/** A fresh store handed to the compliance suite by one backend. */
export interface StoreUnderTest {
  store: ProfileStore
  /** Opens the same database again (after `store` was closed, or to check the lock while it is open). */
  reopen: () => Promise<ProfileStore>
  /** Closes every store `open` and `reopen` made that is still open, then removes the database. */
  cleanup: () => Promise<void>
}

/**
 * A {@link StoreUnderTest} from a backend's `open` (of one database, always the same) and
 * `remove` (of that database): it keeps every store it opened, to close them all on cleanup.
 */
export async function storeUnderTest (open: () => Promise<ProfileStore>, remove: () => Promise<void>): Promise<StoreUnderTest> {
  const opened: ProfileStore[] = []
  const reopen = async (): Promise<ProfileStore> => {
    const store = await open()
    opened.push(store)
    return store
  }
  return {
    store: await reopen(),
    reopen,
    cleanup: async () => {
      await Promise.all(opened.map(async (store) => store.close()))
      await remove()
    }
  }
}

/** What a backend can guarantee; a case needing a capability the backend lacks is reported as skipped. */
export interface StoreCapabilities {
  /**
   * A second open of a database that is open is refused with DataDirLockedError.
   * classic-level: yes (LevelDB's LOCK file). browser-level: no, IndexedDB lets
   * any number of connections (tabs) open one database.
   */
  exclusiveLock: boolean
  /**
   * Messages of one millisecond come out ordered by id. Clear profiles: yes.
   * Sealed profiles: no, they order them by a keyed hash of the id (the id
   * is not stored in clear), a stable order of that profile's own.
   */
  tiesById?: boolean
}

/**
 * Asserts that `actual` holds exactly `expected`, in the store's order: by
 * timestamp, ties by id where the store orders them so (otherwise any
 * order of ties, as long as `actual` agrees with `reference` when given).
 */
export function expectOrdered (actual: MessageRecord[], expected: MessageRecord[], capabilities: StoreCapabilities, reference?: MessageRecord[]): void {
  if (capabilities.tiesById !== false) {
    expect(actual).toEqual(sorted(expected))
    return
  }
  expect(sorted(actual)).toEqual(sorted(expected))
  expect(actual.map((r) => r.timestamp)).toEqual(sorted(expected).map((r) => r.timestamp))
  if (reference !== undefined) expect(actual).toEqual(reference)
}
