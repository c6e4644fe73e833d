/**
 * The store half of `parley repair`: after LevelDB's own repair has rebuilt
 * a database from whatever files survived, {@link copyVerified} copies into a
 * fresh database what still checks out.
 *
 * - every key-value sublevel (identity, contacts, rooms, …) is copied as is;
 * - every record of the `messages` sublevel is parsed from its key and handed
 *   to the caller's `verify` (room envelopes are re-verified, DMs and private
 *   posts decoded); only records that pass are copied;
 * - the `message-ids` index is rebuilt from the records copied, so an index
 *   entry whose record was lost no longer makes the message "known": room
 *   sync fetches it again from peers instead of skipping it as a duplicate.
 *
 * Counts per conversation say what the old index listed (what the profile
 * knew of, as far as the index survived) and what is kept. The messages lost
 * (or dropped) are recorded as gap spans (gaps.ts) in the repaired profile,
 * so history marks where they were until room sync brings them back.
 *
 * A profile sealed under a passphrase keeps its records in the `x-`
 * sublevels, unreadable without the data key: those, and the `meta` record
 * holding the sealed data key, are copied as they are (each sealed value
 * still authenticates, or is reported CorruptRecordError, when read).
 */
import { READ_BATCH, TIMESTAMP_DIGITS } from './constants.js'
import { GAP_KEY_PREFIX, encodeGaps, spansOf, type LostMessage } from './gaps.js'
import { decodeTimestamp, idKey, messageKey } from './keys.js'
import { layoutSublevels } from './layout.js'
import { StoreCore } from './store-core.js'
import { SUBLEVEL_NAMES } from './validate.js'
import type { BytesSublevel, LevelDatabase } from './layout.js'

/** Decides whether a stored record still checks out; false (or a throw) drops it. */
export type RecordCheck = (conversation: string, id: string, value: Uint8Array) => boolean

/** What the copy found in one conversation. */
export interface ConversationAudit {
  conversation: string
  /** Entries of the old index: the messages the profile knew of, as far as the index survived. */
  indexed: number
  /** Records kept: present and verified. */
  kept: number
  /** Records present but failing `verify` (damaged bytes), not copied. */
  dropped: number
  /** Index entries whose record was gone. */
  lost: number
}

/** The result of {@link copyVerified}, conversations in key order. */
export interface HistoryAudit {
  conversations: ConversationAudit[]
  /** Sublevels whose reading failed part way ('messages', 'contacts', …): what came before the failure was copied. */
  unreadable: string[]
}

const TAIL = new RegExp(`^(.*)\\x00([0-9a-f]{${TIMESTAMP_DIGITS}})\\x00([0-9a-f]{64})$`, 's')

interface BatchIterator<V> {
  nextv: (size: number) => Promise<Array<[string, V]>>
  close: () => Promise<void>
}

function entry (map: Map<string, ConversationAudit>, conversation: string): ConversationAudit {
  let audit = map.get(conversation)
  if (audit === undefined) {
    audit = { conversation, indexed: 0, kept: 0, dropped: 0, lost: 0 }
    map.set(conversation, audit)
  }
  return audit
}

/** Feeds `each` the iterator's entries batch by batch; false when reading failed part way. */
async function drain<V> (it: BatchIterator<V>, each: (batch: Array<[string, V]>) => Promise<void> | void): Promise<boolean> {
  try {
    for (let batch = await it.nextv(READ_BATCH); batch.length > 0; batch = await it.nextv(READ_BATCH)) await each(batch)
    return true
  } catch {
    return false
  } finally {
    await it.close().catch(() => {})
  }
}

/**
 * Copies what can be read and verified from `from` (LevelDB's repair output,
 * only read here) into the empty database `to`: every key-value sublevel as
 * it is, and the history records that pass `verify`, with the index rebuilt
 * from them. Writing only to a fresh database keeps LevelDB from compacting
 * damaged tables (its compaction can abort the process on out-of-order keys).
 * A sublevel whose reading fails part way is listed in `unreadable`, and the
 * copy goes on with the next one.
 */
export async function copyVerified (from: LevelDatabase, to: LevelDatabase, verify: RecordCheck): Promise<HistoryAudit> {
  const src = new StoreCore(from)
  const dst = new StoreCore(to)
  const unreadable: string[] = []
  const copy = async <V>(name: string, it: BatchIterator<V>, each: (batch: Array<[string, V]>) => Promise<void> | void): Promise<void> => {
    if (!await drain(it, each)) unreadable.push(name)
  }
  const raw = async (name: string, source: BytesSublevel, target: BytesSublevel): Promise<void> => {
    await copy(name, source.iterator(), async (batch) => {
      await target.batch(batch.map(([key, value]) => ({ type: 'put' as const, key, value })))
    })
  }
  for (const name of SUBLEVEL_NAMES) await raw(name, src.clear.kv(name), dst.clear.kv(name))
  await raw('meta', src.meta, dst.meta)
  const sealedFrom = layoutSublevels(from, 'x-')
  const sealedTo = layoutSublevels(to, 'x-')
  await raw('x-messages', sealedFrom.messages, sealedTo.messages)
  await raw('x-message-ids', sealedFrom.ids, sealedTo.ids)
  for (const name of SUBLEVEL_NAMES) await raw(`x-${name}`, sealedFrom.kv.get(name) as BytesSublevel, sealedTo.kv.get(name) as BytesSublevel)
  const audits = new Map<string, ConversationAudit>()
  const kept = new Set<string>()
  const dropped = new Set<string>()
  const lostBy = new Map<string, LostMessage[]>()
  const lose = (conversation: string, id: string, timestamp: number): void => {
    const list = lostBy.get(conversation) ?? []
    list.push({ id, timestamp })
    lostBy.set(conversation, list)
  }
  const ascii = new TextEncoder()
  await copy('messages', src.clear.messages.iterator(), async (batch) => {
    const ops = to.batch()
    for (const [key, value] of batch) {
      const m = TAIL.exec(key)
      let good: boolean
      try { good = m !== null && verify(m[1], m[3], value) } catch { good = false }
      entry(audits, m?.[1] ?? '')[good ? 'kept' : 'dropped']++
      if (m === null) continue
      if (!good) {
        dropped.add(idKey(m[1], m[3]))
        lose(m[1], m[3], decodeTimestamp(m[2]))
        continue
      }
      kept.add(idKey(m[1], m[3]))
      ops.put<string, Uint8Array>(key, value, { sublevel: dst.clear.messages })
      ops.put<string, Uint8Array>(idKey(m[1], m[3]), ascii.encode(m[2]), { sublevel: dst.clear.ids })
    }
    await ops.write()
  })
  await copy('message-ids', src.clear.ids.iterator(), (batch) => {
    for (const [key, value] of batch) {
      const conversation = key.slice(0, Math.max(0, key.lastIndexOf('\x00')))
      const audit = entry(audits, conversation)
      audit.indexed++
      if (kept.has(key) || dropped.has(key)) continue
      audit.lost++
      try {
        lose(conversation, key.slice(conversation.length + 1), src.clear.decodeIdEntry(key, value))
      } catch {
        // An index entry whose time does not read: counted as lost, but no span can be told for it.
      }
    }
  })
  await markGaps(dst, lostBy)
  return { conversations: [...audits.values()].filter((a) => a.conversation !== '' || a.dropped + a.lost > 0), unreadable }
}

/** Writes each conversation's gap spans into the repaired profile (clear layout: a sealed profile's records are not read). */
async function markGaps (dst: StoreCore, lostBy: Map<string, LostMessage[]>): Promise<void> {
  const settings = dst.clear.kv('settings')
  for (const [conversation, lost] of lostBy) {
    if (conversation === '') continue
    const spans = await spansOf(lost, async (a, b) => {
      const [between] = await dst.clear.messages.keys({ gt: messageKey(conversation, a.timestamp, a.id), lt: messageKey(conversation, b.timestamp, b.id), limit: 1 }).all()
      return between !== undefined
    })
    await settings.put(GAP_KEY_PREFIX + conversation, encodeGaps(spans))
  }
}
