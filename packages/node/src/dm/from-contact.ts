/**
 * What a contact's DMs do once decrypted, a batch at a time (the frames that arrived together):
 * texts and files are stored with the session state in one commit (those stored before, by id,
 * are not stored or shown again), then shown; the rest (receipts, edits, reactions, room keys…)
 * are applied after, in order.
 */
import { DmPayload, StoredDm } from '../pb/dm.js'
import { checkRecord } from '../store/validate.js'
import { dmConversation } from './constants.js'
import type { ProfileStore } from '../store/index.js'

/** Kinds stored in the conversation's history (the others change a stored DM or are control messages). */
export const STORED_KINDS = [DmPayload.Kind.TEXT, DmPayload.Kind.FILE]

export interface FromContactSteps {
  store: ProfileStore
  /** A text or file that was new, after the commit (show it, record a file). */
  onStored: (dm: StoredDm) => Promise<void>
  /** Anything else, after the commit, in order. */
  apply: (payload: DmPayload) => Promise<void>
}

/**
 * Stores and applies a contact's DMs in order; says how many were handled before the first that
 * failed (none when the batch could not be stored), and that failure. `persist` is called right
 * before the commit, so the session state it returns is the one after every step decrypted so far.
 */
export async function storeFromContact (steps: FromContactSteps, peer: string, payloads: DmPayload[], persist: () => Array<[string, Uint8Array]>): Promise<{ handled: number, error?: Error }> {
  const conversation = dmConversation(peer)
  const tx = steps.store.transaction()
  const stored = new Map<string, StoredDm>()
  let count = payloads.length
  let refused: Error | undefined
  for (let i = 0; i < payloads.length; i++) {
    const payload = payloads[i]
    if (!STORED_KINDS.includes(payload.kind)) continue
    const dm: StoredDm = { payload, from: peer, outgoing: false, delivered: true, read: false, deleted: false, reactions: [], editedAt: 0n, editedId: '' }
    const record = { conversation, id: payload.id, timestamp: Number(payload.sentAt), value: StoredDm.encode(dm) }
    try {
      checkRecord(record)
    } catch (err) {
      // Stored up to here; this one is refused (and the rest of the batch is not acknowledged).
      count = i
      refused = err as Error
      break
    }
    tx.append(record)
    stored.set(payload.id, dm)
  }
  let added: Set<string>
  try {
    for (const [key, bytes] of persist()) tx.put('sessions', key, bytes)
    added = new Set((await tx.commit()).map((r) => r.id))
  } catch (err) {
    return { handled: 0, error: err as Error }
  }
  for (let i = 0; i < count; i++) {
    const payload = payloads[i]
    try {
      if (!STORED_KINDS.includes(payload.kind)) await steps.apply(payload)
      // Shown once, even if the batch carried its id twice.
      else if (added.delete(payload.id)) await steps.onStored(stored.get(payload.id) as StoredDm)
    } catch (err) {
      return { handled: i, error: err as Error }
    }
  }
  return refused === undefined ? { handled: count } : { handled: count, error: refused }
}
