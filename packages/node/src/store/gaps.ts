/**
 * Gap markers: where a conversation's history is known to have lost messages.
 *
 * `parley repair` knows which messages it lost (an id-index entry whose record is gone, or a
 * record that no longer verifies) and when they were sent (the index entry and the record key
 * both hold the time). It records them per conversation in the `settings` record
 * `gap:<conversation>` as spans: lost messages with no kept message between them form one span
 * `[from, to]`. History (terminal, `--json`, web) shows a marker for each span; room sync
 * refills rooms from members, and {@link refillGaps} drops every message that is back, and a
 * span once all of it is. A write-ahead log cut short loses messages without a trace: no marker
 * can be placed for those. A sealed profile's records cannot be read by repair: no marker either.
 */
import type { ProfileStore } from './types.js'

/** The settings key prefix of a conversation's gap record. */
export const GAP_KEY_PREFIX = 'gap:'
/** Ids kept per conversation to tell when a gap is refilled (a larger loss keeps its span and count). */
export const MAX_GAP_IDS = 1000
/** Spans kept per conversation (the last one absorbs the rest). */
export const MAX_GAP_SPANS = 100

/** One span of lost messages. */
export interface GapSpan {
  /** Time of the first and last lost message (ms since the epoch, as their authors claimed). */
  from: number
  to: number
  /** How many messages are missing in the span. */
  missing: number
  /** Their ids (at most MAX_GAP_IDS over a conversation's spans). */
  ids: string[]
}

/** A lost message: its id and time. */
export interface LostMessage {
  id: string
  timestamp: number
}

const isSpan = (s: unknown): s is GapSpan => {
  const v = s as GapSpan | null
  return typeof v?.from === 'number' && typeof v.to === 'number' && typeof v.missing === 'number' && Array.isArray(v.ids) && v.ids.every((id) => typeof id === 'string')
}

/** Decodes a gap record; a damaged one reads as no gaps (it only ever marks history). */
export function decodeGaps (bytes: Uint8Array | undefined): GapSpan[] {
  if (bytes === undefined) return []
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown
    return Array.isArray(parsed) ? parsed.filter(isSpan).slice(0, MAX_GAP_SPANS) : []
  } catch {
    return []
  }
}

/** Encodes spans for the gap record. */
export function encodeGaps (spans: GapSpan[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(spans))
}

/**
 * Groups lost messages (any order) into spans: consecutive in time, split wherever `keptBetween`
 * says a kept message lies between two of them.
 */
export async function spansOf (lost: LostMessage[], keptBetween: (a: LostMessage, b: LostMessage) => Promise<boolean>): Promise<GapSpan[]> {
  const sorted = [...lost].sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1))
  const spans: GapSpan[] = []
  let kept = 0
  for (const [i, m] of sorted.entries()) {
    const last = spans.at(-1)
    const join = last !== undefined && (spans.length >= MAX_GAP_SPANS || !await keptBetween(sorted[i - 1], m))
    const ids = kept < MAX_GAP_IDS ? [m.id] : []
    kept += ids.length
    if (join) {
      last.to = m.timestamp
      last.missing++
      last.ids.push(...ids)
    } else {
      spans.push({ from: m.timestamp, to: m.timestamp, missing: 1, ids })
    }
  }
  return spans
}

/** The gap spans of a conversation, oldest first. */
export async function readGaps (store: ProfileStore, conversation: string): Promise<GapSpan[]> {
  return decodeGaps(await store.kv('settings').get(GAP_KEY_PREFIX + conversation))
}

/**
 * Drops from a conversation's gap record every message that is stored again, and each span
 * none of whose listed messages is missing any more; deletes the record when no span is left.
 * Returns the spans left and how many messages came back.
 */
export async function refillGaps (store: ProfileStore, conversation: string): Promise<{ spans: GapSpan[], refilled: number }> {
  const before = await readGaps(store, conversation)
  if (before.length === 0) return { spans: [], refilled: 0 }
  let refilled = 0
  const spans: GapSpan[] = []
  for (const span of before) {
    const ids: string[] = []
    for (const id of span.ids) {
      if (await store.history.has(conversation, id)) refilled++
      else ids.push(id)
    }
    const missing = span.missing - (span.ids.length - ids.length)
    // A span whose ids were all listed and are all back is whole again; one that listed only some keeps its count.
    if (ids.length > 0 || (missing > 0 && span.ids.length < span.missing)) spans.push({ ...span, ids, missing })
  }
  if (refilled === 0) return { spans: before, refilled }
  const kv = store.kv('settings')
  if (spans.length === 0) await kv.del(GAP_KEY_PREFIX + conversation)
  else await kv.put(GAP_KEY_PREFIX + conversation, encodeGaps(spans))
  return { spans, refilled }
}
