/**
 * Narrowing a query before MiniSearch scores it. MiniSearch scores every
 * document holding any word of a query (and every word the last one is the
 * start of), then drops those that lack another word (AND): a query pairing
 * a common word with a rare one pays for every message holding the common
 * one. Its term index knows how many documents hold each word, so:
 * - a segment where some word matches nothing is not searched at all;
 * - otherwise the documents holding the rarest word are the only ones that
 *   can match, and MiniSearch's `boostDocument` (a boost of 0 skips a
 *   document before it is scored) keeps it from scoring any other.
 * Scores and order are MiniSearch's own: a candidate's boost is 1.
 *
 * The counts come from MiniSearch 7's term index (`_index`, `_documentIds`,
 * `_fieldIds`: protected members, the same since version 2); when they are
 * not there, the query runs unnarrowed.
 */
import MiniSearch from 'minisearch'

/** Documents (short id → term frequency) of one field, per field id: a term's entry in MiniSearch's index. */
type FieldTermData = Map<number, Map<number, number>>

/** The members of a MiniSearch 7 index that narrowing reads. */
interface Internals {
  _index: { get: (term: string) => FieldTermData | undefined, atPrefix: (prefix: string) => Iterable<[string, FieldTermData]> }
  _documentIds: Map<number, unknown>
  _fieldIds: Record<string, number>
}

/** What narrowing found for one segment: no match at all, or the documents that may match (undefined: any). */
export type Narrowed = { none: true } | { none: false, candidates?: Set<string> }

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[]
const processTerm = MiniSearch.getDefault('processTerm') as (term: string) => string | string[] | null | undefined | false

/** The words MiniSearch searches for in `query` (its default tokenizer and term processing, which the index uses). */
export function queryTerms (query: string): string[] {
  return tokenize(query).flatMap((t) => processTerm(t) ?? []).filter((t): t is string => typeof t === 'string' && t !== '')
}

function internals<T> (segment: MiniSearch<T>): Internals | undefined {
  const s = segment as unknown as Partial<Internals>
  if (typeof s._index?.get !== 'function' || typeof s._index.atPrefix !== 'function' || !(s._documentIds instanceof Map) || typeof s._fieldIds !== 'object') return undefined
  return s as Internals
}

/** The postings of `term` (and of the words it starts, when `prefix`) in field `fieldId`. */
function postings (index: Internals['_index'], term: string, prefix: boolean, fieldId: number): Array<Map<number, number>> {
  const found: Array<Map<number, number>> = []
  if (prefix) {
    for (const [, data] of index.atPrefix(term)) {
      const docs = data.get(fieldId)
      if (docs !== undefined && docs.size > 0) found.push(docs)
    }
  } else {
    const docs = index.get(term)?.get(fieldId)
    if (docs !== undefined && docs.size > 0) found.push(docs)
  }
  return found
}

/**
 * Narrows an AND query of `terms` (`prefix(term, i, terms)`: whether term i matches as a prefix) on
 * one segment's field `field`: `none` when a word matches nothing there; else, for two words or
 * more, the external ids of the documents holding the rarest.
 */
export function narrow<T> (segment: MiniSearch<T>, field: string, terms: string[], prefix: (term: string, i: number, terms: string[]) => boolean): Narrowed {
  const s = internals(segment)
  const fieldId = s?._fieldIds[field]
  if (s === undefined || fieldId === undefined || terms.length === 0) return { none: false }
  let rarest: Array<Map<number, number>> | undefined
  let fewest = Infinity
  for (let i = 0; i < terms.length; i++) {
    const found = postings(s._index, terms[i], prefix(terms[i], i, terms), fieldId)
    const count = found.reduce((n, docs) => n + docs.size, 0)
    if (count === 0) return { none: true }
    if (count < fewest) {
      fewest = count
      rarest = found
    }
  }
  if (terms.length < 2 || rarest === undefined) return { none: false }
  const candidates = new Set<string>()
  for (const docs of rarest) {
    for (const short of docs.keys()) {
      const id = s._documentIds.get(short)
      if (typeof id === 'string') candidates.add(id)
    }
  }
  return { none: false, candidates }
}
