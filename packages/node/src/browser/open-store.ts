/** The browser backend of the profile store: browser-level (IndexedDB). */
import { BrowserLevel } from 'browser-level'
import { createProfileStore } from '../store/index.js'
import type { ProfileStore, ProfileStoreOptions } from '../store/index.js'

/**
 * Opens the profile store kept in the IndexedDB database `name` (one per
 * profile), creating it if missing. A profile sealed under a passphrase opens
 * locked unless `options.passphrase` unlocks it.
 */
export async function openBrowserProfileStore (name: string, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('name must be a non-empty string')
  return createProfileStore(new BrowserLevel<string, Uint8Array>(name, { keyEncoding: 'utf8', valueEncoding: 'view' }), options)
}
