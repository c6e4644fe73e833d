/**
 * A profile in this browser: its IndexedDB database, held by one tab at a time (profile-lock.ts).
 * The app opens it first to learn whether there is an identity and whether it is sealed, then
 * builds the peer on it with `createBrowserPeer`.
 */
import { isSealedIdentity } from '@parley/crypto'
import { named } from '../errors.js'
import { DataDirDamagedError } from '../store/index.js'
import { checkBrowserProfile } from './browser-repair.js'
import { openBrowserProfileStore } from './open-store.js'
import { holdProfileLock } from './profile-lock.js'
import type { Peer } from '../peer.js'
import type { ProfileStore } from '../store/index.js'

/** The IndexedDB database holding this origin's profile. */
export const PROFILE_DB = 'parley-profile'

/** A call that needs the profile's peer came before the profile was created or unlocked, or after it closed. */
export class ProfileClosedError extends named('ProfileClosedError') {}

/** Whether the profile has an identity, and whether it is sealed under a passphrase. */
export type BrowserProfileStatus =
  | { state: 'none' }
  | { state: 'sealed', nick: string }
  | { state: 'plain', nick: string }

/** An open browser profile. */
export interface BrowserProfile {
  readonly database: string
  readonly store: ProfileStore
  /** The peer built on this profile by `createBrowserPeer`, once built. */
  readonly peer: Peer | undefined
  status(): Promise<BrowserProfileStatus>
  /** Stops the profile's peer (or closes the store when none was built) and lets another tab open the profile. */
  close(): Promise<void>
}

/** The one implementation; createBrowserPeer attaches its peer here. */
export class DefaultBrowserProfile implements BrowserProfile {
  readonly database: string
  readonly store: ProfileStore
  #peer: Peer | undefined
  readonly #unlock: () => void
  #closing: Promise<void> | undefined

  constructor (database: string, store: ProfileStore, unlock: () => void) {
    this.database = database
    this.store = store
    this.#unlock = unlock
  }

  get peer (): Peer | undefined {
    return this.#peer
  }

  /** Makes `peer` the profile's peer: it owns the store from now on (stopping it closes the store). */
  attach (peer: Peer): void {
    if (this.#closing !== undefined) throw new ProfileClosedError('the profile is closed')
    this.#peer = peer
  }

  async status (): Promise<BrowserProfileStatus> {
    // A sealed profile names no one until unlocked, its own nickname included.
    if (this.store.locked) return { state: 'sealed', nick: '' }
    const blob = await this.store.kv('identity').get('self')
    if (blob === undefined) return { state: 'none' }
    const stored = await this.store.kv('settings').get('nick')
    const nick = stored === undefined ? '' : new TextDecoder().decode(stored)
    return { state: this.store.encrypted || isSealedIdentity(blob) ? 'sealed' : 'plain', nick }
  }

  async close (): Promise<void> {
    this.#closing ??= (async () => {
      try {
        if (this.#peer !== undefined) await this.#peer.stop()
        else await this.store.close()
      } finally {
        this.#unlock()
      }
    })()
    return this.#closing
  }
}

/**
 * Opens the profile kept in the IndexedDB database `database` (created when missing) and holds it
 * for this tab until `close()`.
 *
 * @throws ProfileInUseError when another tab of this browser has it open
 * @throws DataDirDamagedError, ProfileEvictedError when the profile is damaged or gone (browser-repair.ts)
 */
export async function openBrowserProfile (database: string = PROFILE_DB): Promise<BrowserProfile> {
  const unlock = await holdProfileLock(database)
  let store: ProfileStore
  try {
    store = await openBrowserProfileStore(database)
  } catch (err) {
    unlock()
    throw new DataDirDamagedError(`IndexedDB ${database}`, `the browser's database will not open (${(err as Error).message})`, { cause: err })
  }
  try {
    await checkBrowserProfile(database, store)
    return new DefaultBrowserProfile(database, store, unlock)
  } catch (err) {
    await store.close()
    unlock()
    throw err
  }
}
