/**
 * A browser profile that does not open: told apart, and a way back (the browser half of
 * `parley repair`). IndexedDB can be damaged (records that no longer decode), evicted by the
 * browser under storage pressure (the profile is simply gone), or refuse to open at all.
 *
 * - {@link checkBrowserProfile} runs when the app opens the profile: DataDirDamagedError (naming
 *   the IndexedDB database and what is wrong) for an identity record that is gone while other
 *   data remains, or one that does not decode; ProfileEvictedError when this browser held a
 *   profile (a marker in localStorage says so) and its database is now empty.
 * - {@link salvageBrowserProfile} exports what can still be read, as one JSON file.
 * - {@link setAsideBrowserProfile} copies every raw record that still reads into a database of
 *   its own (`<database>-aside-<time>`), then deletes the profile's, so a new profile can start
 *   while the old records are kept.
 */
import { isSealedIdentity } from '@parley/crypto'
import { BrowserLevel } from 'browser-level'
import { renderExport, resolveConversation } from '../archive/index.js'
import { named } from '../errors.js'
import { DataDirDamagedError } from '../store/index.js'
import { openBrowserProfileStore } from './open-store.js'
import type { ProfileStore } from '../store/index.js'

/** This browser held a profile (its PeerId is remembered) and the profile's database is now empty: the browser cleared the site's storage. */
export class ProfileEvictedError extends named('ProfileEvictedError') {
  /** The PeerId of the profile that was here. */
  readonly peerId: string
  constructor (peerId: string) {
    super(`this browser held the profile ${peerId}, and its storage is now empty (the browser cleared it)`)
    this.peerId = peerId
  }
}

/** The localStorage key remembering which profile a database held. */
const markerKey = (database: string): string => `parley:profile:${database}`
/** Length of a plain stored identity: 4 magic bytes and a 32-byte seed (identity-store.ts). */
const PLAIN_IDENTITY_LENGTH = 36
/** Raw records copied per batch when setting a profile aside. */
const COPY_BATCH = 256

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** Remembers that `database` holds the profile `peerId` (to tell an evicted profile from a new browser). */
export function rememberBrowserProfile (database: string, peerId: string): void {
  storage()?.setItem(markerKey(database), peerId)
}

/** Forgets the profile of `database` (a new profile starts there). */
export function forgetBrowserProfile (database: string): void {
  storage()?.removeItem(markerKey(database))
}

/** Whether the store holds any record at all. */
async function holdsAnything (store: ProfileStore): Promise<boolean> {
  for (const name of ['contacts', 'rooms', 'sessions', 'outbox', 'mailbox'] as const) {
    const entries = store.kv(name).entries()[Symbol.asyncIterator]()
    if ((await entries.next()).done !== true) return true
  }
  return (await store.history.conversations()[Symbol.asyncIterator]().next()).done !== true
}

/**
 * Checks a freshly opened browser profile (see the module comment). A sealed, locked profile is
 * checked when it is unlocked (its records cannot be read before).
 */
export async function checkBrowserProfile (database: string, store: ProfileStore): Promise<void> {
  if (store.locked) return
  const blob = await store.kv('identity').get('self')
  if (blob !== undefined) {
    if (!isSealedIdentity(blob) && blob.length !== PLAIN_IDENTITY_LENGTH) throw new DataDirDamagedError(`IndexedDB ${database}`, 'the identity record does not decode')
    return
  }
  if (await holdsAnything(store)) throw new DataDirDamagedError(`IndexedDB ${database}`, 'the identity record is missing')
  const remembered = storage()?.getItem(markerKey(database))
  if (remembered != null && remembered !== '') throw new ProfileEvictedError(remembered)
}

/** What {@link salvageBrowserProfile} could read. */
export interface SalvageResult {
  /** One JSON document: `{"salvage": {…}, "conversations": [ <export of each readable conversation> ]}`. */
  blob: Blob
  /** Conversations exported whole. */
  conversations: number
  /** Conversations (or the list of them) that failed part-way: their readable start is kept. */
  failed: string[]
}

/** Renders one conversation's JSON export into `parts`; false when reading failed part-way. */
async function salvageOne (store: ProfileStore, conversation: string, parts: BlobPart[]): Promise<boolean> {
  let text = ''
  try {
    const info = await resolveConversation(store, conversation)
    for await (const chunk of renderExport(store, info, 'json')) text += chunk
    parts.push(text)
    return true
  } catch {
    // What was read before the damage is kept, marked as cut.
    if (text !== '') parts.push(JSON.stringify({ conversation, cut: true, partial: text }))
    return false
  }
}

/** Exports every conversation of the (possibly damaged) profile that can still be read, as one JSON file. */
export async function salvageBrowserProfile (database: string, passphrase?: string): Promise<SalvageResult> {
  const store = await openBrowserProfileStore(database, { passphrase })
  const parts: BlobPart[] = [`{"salvage":${JSON.stringify({ database, at: Date.now() })},\n"conversations":[\n`]
  const failed: string[] = []
  let conversations = 0
  try {
    const list: string[] = []
    try {
      for await (const conversation of store.history.conversations()) list.push(conversation)
    } catch {
      failed.push('(the list of conversations)')
    }
    for (const conversation of list) {
      if (conversations + failed.length > 0) parts.push(',\n')
      if (await salvageOne(store, conversation, parts)) conversations++
      else failed.push(conversation)
    }
  } finally {
    await store.close()
  }
  parts.push('\n]}\n')
  return { blob: new Blob(parts, { type: 'application/json' }), conversations, failed }
}

/**
 * Copies every raw record of `database` that still reads into `<database>-aside-<time>`, then
 * deletes `database` (a new profile can start there). Returns the aside database's name.
 */
export async function setAsideBrowserProfile (database: string, now = Date.now()): Promise<string> {
  const aside = `${database}-aside-${now}`
  const from = new BrowserLevel<string, Uint8Array>(database, { keyEncoding: 'utf8', valueEncoding: 'view' })
  const to = new BrowserLevel<string, Uint8Array>(aside, { keyEncoding: 'utf8', valueEncoding: 'view' })
  try {
    await to.open()
    try {
      await from.open()
      const it = from.iterator()
      try {
        for (let batch = await it.nextv(COPY_BATCH); batch.length > 0; batch = await it.nextv(COPY_BATCH)) {
          await to.batch(batch.map(([key, value]) => ({ type: 'put' as const, key, value })))
        }
      } finally {
        await it.close().catch(() => {})
      }
    } catch {
      // A database that no longer opens or reads part-way: what came before is kept aside.
    }
  } finally {
    await from.close().catch(() => {})
    await to.close()
  }
  await BrowserLevel.destroy(database)
  forgetBrowserProfile(database)
  return aside
}
