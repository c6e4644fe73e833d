/**
 * Profile settings that both hosts (terminal and web app) honour, each one record in the
 * profile's `settings` sublevel, so a sealed profile seals them too.
 *
 * - `read-receipts`: whether reading a contact's DMs sends them read receipts (JSON `true` or
 *   `false`; absent: on). Delivery receipts are not governed by it: they say a message arrived,
 *   not that it was read.
 */
import type { KeyValueStore } from './types.js'

/** The key of the read receipts setting in the `settings` sublevel. */
export const READ_RECEIPTS_KEY = 'read-receipts'

/**
 * Whether reading DMs sends read receipts: on unless turned off. A record that does not parse reads
 * as off: it may be the user's "off", and a receipt sent against their choice cannot be taken back.
 */
export async function loadReadReceipts (settings: KeyValueStore): Promise<boolean> {
  const stored = await settings.get(READ_RECEIPTS_KEY)
  if (stored === undefined) return true
  try {
    return JSON.parse(new TextDecoder().decode(stored)) === true
  } catch {
    return false
  }
}

/** Turns read receipts on or off for this profile. */
export async function saveReadReceipts (settings: KeyValueStore, on: boolean): Promise<void> {
  if (typeof on !== 'boolean') throw new TypeError(`on must be a boolean, got ${typeof on}`)
  await settings.put(READ_RECEIPTS_KEY, new TextEncoder().encode(JSON.stringify(on)))
}
