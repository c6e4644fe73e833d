/**
 * Setting, changing and removing a profile's passphrase, in place and
 * crash-safe.
 *
 * The passphrase seals one random data key (`meta` record `data-key`,
 * Argon2id + XChaCha20-Poly1305 as the identity key store); the data key
 * seals every record (sealed-layout.ts). So:
 * - change: the data key is sealed under the new passphrase and the meta
 *   record replaced, one atomic put;
 * - set (clear → sealed) and remove (sealed → clear): every record is copied
 *   into the other layout's sublevels, batch by batch, while the old layout
 *   stays whole; then one atomic write of the meta record (put for set, del
 *   for remove) is the commit point; then the old layout is cleared and the
 *   database compacted.
 *
 * A kill before the commit point leaves the old layout whole and the meta
 * record as it was: the profile opens with the old passphrase, and the open
 * clears the partial copy. A kill after it leaves the new layout whole: it
 * opens with the new passphrase, and the open clears what is left of the old
 * layout. There is no state that opens with neither.
 */
import { createRecordBox, randomBytes, sealDataKey, DATA_KEY_LENGTH, type KeyStoreParams } from '@parley/crypto'
import { READ_BATCH } from './constants.js'
import { CorruptRecordError } from './errors.js'
import { sealedLayout } from './sealed-layout.js'
import { SUBLEVEL_NAMES } from './validate.js'
import { DATA_KEY_RECORD } from './store-core.js'
import type { Layout } from './layout.js'
import type { StoreCore } from './store-core.js'

/** Copies every record of `from` into `to` (whose sublevels are empty), re-encoding each; the id index is rebuilt. */
export async function copyLayout (core: StoreCore, from: Layout, to: Layout): Promise<void> {
  const messages = from.messages.iterator()
  try {
    for (let batch = await messages.nextv(READ_BATCH); batch.length > 0; batch = await messages.nextv(READ_BATCH)) {
      const ops = core.db.batch()
      for (const [key, stored] of batch) {
        const record = from.parse(key, stored)
        if (record === undefined) throw new CorruptRecordError('a stored message does not read back: run parley repair before changing the passphrase')
        const messageKey = to.messageKey(record.conversation, record.timestamp, record.id)
        const idKey = to.idKey(record.conversation, record.id)
        ops.put<string, Uint8Array>(messageKey, to.encodeMessage(messageKey, record), { sublevel: to.messages })
        ops.put<string, Uint8Array>(idKey, to.encodeIdEntry(idKey, record.timestamp), { sublevel: to.ids })
      }
      await ops.write()
    }
  } finally {
    await messages.close()
  }
  for (const name of SUBLEVEL_NAMES) {
    const entries = from.kv(name).iterator()
    try {
      for (let batch = await entries.nextv(READ_BATCH); batch.length > 0; batch = await entries.nextv(READ_BATCH)) {
        const ops = core.db.batch()
        for (const [storedKey, stored] of batch) {
          const [key, value] = from.decodeKv(name, storedKey, stored)
          const newKey = to.kvKey(name, key)
          ops.put<string, Uint8Array>(newKey, to.encodeKv(name, newKey, key, value), { sublevel: to.kv(name) })
        }
        await ops.write()
      }
    } finally {
      await entries.close()
    }
  }
}

/** Clears every sublevel of a layout (no compaction). */
async function clearLayoutData (layout: Layout): Promise<void> {
  for (const sublevel of layout.sublevels) await sublevel.clear()
}

/**
 * Sets (`passphrase` given on a clear profile), changes (given on a sealed
 * one) or removes (undefined or '') the passphrase, as one exclusive turn
 * of the open, unlocked store.
 */
export async function changePassphrase (core: StoreCore, passphrase: string | undefined, params: KeyStoreParams = {}): Promise<void> {
  const next = passphrase === '' ? undefined : passphrase
  if (next !== undefined && typeof next !== 'string') throw new TypeError('passphrase must be a string')
  await core.exclusive(async () => {
    const current = core.layout
    await core.compact()
    if (next === undefined) {
      if (!current.encrypted) return
      await clearLayoutData(core.clear)
      await copyLayout(core, current, core.clear)
      await core.meta.del(DATA_KEY_RECORD)
      core.adopt(core.clear, undefined)
      await core.sweep(current.sublevels)
      return
    }
    if (current.encrypted) {
      // Change: the data key stays; only its seal does. The open store still holds the key, sealed anew here.
      const sealed = sealDataKey(core.dataKey(), next, params)
      await core.meta.put(DATA_KEY_RECORD, sealed)
      core.adopt(current, sealed)
      return
    }
    const dataKey = randomBytes(DATA_KEY_LENGTH)
    const sealed = sealDataKey(dataKey, next, params)
    const target = sealedLayout(core.db, createRecordBox(dataKey))
    await clearLayoutData(target)
    await copyLayout(core, current, target)
    await core.meta.put(DATA_KEY_RECORD, sealed)
    core.adopt(target, sealed, dataKey)
    dataKey.fill(0)
    await core.sweep(current.sublevels)
  })
}
