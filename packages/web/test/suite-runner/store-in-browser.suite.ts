/**
 * The profile-store compliance suite (packages/node/test/store) on browser-level, in IndexedDB,
 * where the browser peer keeps its profile. Loaded by the suite-runner page only (its name keeps
 * vitest in Node from collecting it). Every case gets a database of its own, deleted afterwards.
 */
import { openBrowserProfileStore } from '@parley/node/browser'
import { historyStoreSuite } from '../../../node/test/store/history-store-suite.js'
import { storeUnderTest } from '../../../node/test/store/suite/helpers.js'

/** browser-level's default prefix of IndexedDB database names (`level-js-`, see browser-level's index.js). */
const IDB_PREFIX = 'level-js-'

/**
 * How long a deletion may stay blocked. IndexedDB fires `blocked` also for a connection whose
 * close() is pending until its last transaction completes, which is not a leak; a connection
 * never closed keeps it blocked for good.
 */
const BLOCKED_TIMEOUT_MS = 5_000

let databases = 0

/** Deletes an IndexedDB database; rejects if a connection to it stays open. */
async function deleteDatabase (name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name)
      request.onsuccess = () => { resolve() }
      request.onerror = () => { reject(request.error ?? new Error(`could not delete ${name}`)) }
      request.onblocked = () => {
        timer = setTimeout(() => { reject(new Error(`deleting ${name} stayed blocked by a connection left open`)) }, BLOCKED_TIMEOUT_MS)
      }
    })
  } finally {
    clearTimeout(timer)
  }
}

historyStoreSuite('browser-level', async () => {
  const name = `parley-store-suite-${++databases}-${crypto.randomUUID()}`
  return storeUnderTest(async () => openBrowserProfileStore(name), async () => { await deleteDatabase(IDB_PREFIX + name) })
}, { exclusiveLock: false })

/** Argon2id at libsodium's minimum: the suite seals and opens a profile per case. */
const CHEAP = { opsLimit: 1, memLimit: 8192 }

historyStoreSuite('browser-level, sealed under a passphrase', async () => {
  const name = `parley-store-suite-${++databases}-${crypto.randomUUID()}`
  let fresh = true
  return storeUnderTest(async () => {
    const store = await openBrowserProfileStore(name, { passphrase: 'suite passphrase' })
    if (fresh) await store.setPassphrase('suite passphrase', CHEAP)
    fresh = false
    return store
  }, async () => { await deleteDatabase(IDB_PREFIX + name) })
}, { exclusiveLock: false, tiesById: false })
