/**
 * The store half of `parley repair`: after LevelDB's own repair has rebuilt
 * a database from whatever files survived, this pass makes the history
 * consistent again and keeps only records that still check out.
 *
 * - every record of the `messages` sublevel is parsed from its key and handed
 *   to the caller's `verify` (room envelopes are re-verified, DMs and private
 *   posts decoded); a record that fails is deleted with its index entry;
 * - an index entry (`message-ids`) whose record is gone is deleted, so the
 *   message is no longer "known": room sync fetches it again from peers
 *   instead of skipping it as a duplicate;
 * - a record whose index entry is gone gets it back.
 *
 * Counts per conversation say what the index listed before (what the profile
 * knew of, as far as the index survived) and what is kept.
 */
import { READ_BATCH, TIMESTAMP_DIGITS } from './constants.js'
import { idKey } from './keys.js'
import { StoreCore } from './store-core.js'
import type { LevelDatabase } from './store-core.js'

/** Decides whether a stored record still checks out; false (or a throw) drops it. */
export type RecordCheck = (conversation: string, id: string, value: Uint8Array) => boolean

/** What the audit found in one conversation. */
export interface ConversationAudit {
  conversation: string
  /** Index entries before the audit: the messages the profile knew of, as far as the index survived. */
  indexed: number
  /** Records kept: present and verified. */
  kept: number
  /** Records present but failing `verify` (damaged bytes), now deleted. */
  dropped: number
  /** Index entries whose record was gone, now deleted so sync can fetch the message again. */
  lost: number
}

/** The result of {@link auditHistory}, conversations in key order. */
export interface HistoryAudit {
  conversations: ConversationAudit[]
}

const TAIL = new RegExp(`^(.*)\\x00([0-9a-f]{${TIMESTAMP_DIGITS}})\\x00([0-9a-f]{64})$`, 's')

function entry (map: Map<string, ConversationAudit>, conversation: string): ConversationAudit {
  let audit = map.get(conversation)
  if (audit === undefined) {
    audit = { conversation, indexed: 0, kept: 0, dropped: 0, lost: 0 }
    map.set(conversation, audit)
  }
  return audit
}

async function * batches<K, V> (it: { nextv: (n: number) => Promise<Array<[K, V]>>, close: () => Promise<void> }): AsyncGenerator<Array<[K, V]>> {
  try {
    for (let batch = await it.nextv(READ_BATCH); batch.length > 0; batch = await it.nextv(READ_BATCH)) yield batch
  } finally {
    await it.close()
  }
}

/**
 * Checks every stored message of an open database (not in use by a store)
 * and repairs the index around what is kept; see the module comment.
 */
export async function auditHistory (db: LevelDatabase, verify: RecordCheck): Promise<HistoryAudit> {
  const core = new StoreCore(db)
  const audits = new Map<string, ConversationAudit>()
  /** idKey → encoded timestamp of every record kept. */
  const kept = new Map<string, string>()
  /** idKeys of records dropped by `verify`. */
  const dropped = new Set<string>()
  for await (const batch of batches(core.messages.iterator())) {
    const ops = core.messages.batch()
    for (const [key, value] of batch) {
      const m = TAIL.exec(key)
      let good: boolean
      try { good = m !== null && verify(m[1], m[3], value) } catch { good = false }
      if (m !== null && good) {
        entry(audits, m[1]).kept++
        kept.set(idKey(m[1], m[3]), m[2])
        continue
      }
      entry(audits, m?.[1] ?? '').dropped++
      if (m !== null) dropped.add(idKey(m[1], m[3]))
      ops.del(key)
    }
    await ops.write()
  }
  const indexed = new Set<string>()
  for await (const batch of batches(core.ids.iterator())) {
    const ops = core.ids.batch()
    for (const [key, encoded] of batch) {
      const audit = entry(audits, key.slice(0, Math.max(0, key.lastIndexOf('\x00'))))
      audit.indexed++
      if (kept.get(key) === encoded) {
        indexed.add(key)
        continue
      }
      ops.del(key)
      if (!kept.has(key) && !dropped.has(key)) audit.lost++
    }
    await ops.write()
  }
  const restore = core.ids.batch()
  for (const [key, encoded] of kept) if (!indexed.has(key)) restore.put(key, encoded)
  await restore.write()
  return { conversations: [...audits.values()].filter((a) => a.conversation !== '' || a.dropped + a.lost > 0) }
}
