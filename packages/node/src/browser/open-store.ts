import { BrowserLevel } from 'browser-level'
import { createProfileStore, type ProfileStore } from '../store/index.js'

/** Opens the profile store in IndexedDB (browser-level) under `name`. */
export async function openBrowserProfileStore (name: string): Promise<ProfileStore> {
  return createProfileStore(new BrowserLevel<string, Uint8Array>(name, { keyEncoding: 'utf8', valueEncoding: 'view' }))
}
