/**
 * One tab per profile. IndexedDB lets every tab of an origin open the profile's database, and two
 * peers with one identity (one PeerId) would fight over connections and the ratchet state, so the
 * profile is held with a Web Lock named after its database for as long as it is open.
 */
import { named } from '../errors.js'

/** The profile is open in another tab of this browser. */
export class ProfileInUseError extends named('ProfileInUseError') {}

/**
 * Takes the Web Lock named after the profile's database until the returned function is called
 * (or the tab goes away).
 *
 * @throws ProfileInUseError when another tab holds it
 */
export async function holdProfileLock (database: string): Promise<() => void> {
  const locks = globalThis.navigator?.locks
  // Where Web Locks do not exist (Node, old browsers) nothing is locked.
  if (locks === undefined) return () => {}
  let release = (): void => {}
  const released = new Promise<void>((resolve) => { release = resolve })
  const taken = await new Promise<boolean>((resolve) => {
    void locks.request(`parley:${database}`, { ifAvailable: true }, async (lock) => {
      resolve(lock !== null)
      if (lock !== null) await released
    })
  })
  if (!taken) throw new ProfileInUseError('Parley is already open in another tab of this browser')
  return release
}
