/**
 * The in-memory index: MiniSearch segments of up to SEGMENT_DOCS documents.
 * The newest segment takes every addition; a change or delete discards the
 * document wherever it is (MiniSearch's discard needs only the id; its
 * vacuum reclaims the space later). Segments are serialised one by one, so
 * a snapshot rewrites only those that changed, and a query runs on each
 * and merges by score.
 *
 * A document id is `<n>:<message id>` where n (base 36) numbers the
 * conversation in a table kept beside the segments: conversation ids are
 * long and repeat in every document.
 */
import MiniSearch, { type Options, type SearchOptions } from 'minisearch'
import { SEGMENT_DOCS } from './constants.js'
import { narrow, queryTerms } from './narrow.js'
import { yieldToEvents } from '../event-loop.js'

interface Doc { i: string, t: string }

/** The one field indexed is the text; nothing is stored (results are read back from history). */
const FIELD = 't'
const OPTIONS: Options<Doc> = { fields: [FIELD], idField: 'i', storeFields: [] }

/** The last word, from 3 characters, may be the start of a word (typing as you search). */
const LAST_AS_PREFIX = (term: string, i: number, terms: string[]): boolean => i === terms.length - 1 && term.length >= 3

/** Every word must match. */
const SEARCH: SearchOptions = { combineWith: 'AND', prefix: LAST_AS_PREFIX }

/** A match: where it is and how well it scored. */
export interface Hit {
  conversation: string
  id: string
  score: number
  /** The indexed words that matched (lower case), for the snippet. */
  terms: string[]
}

/** What a snapshot writes: the conversation table and the segments that changed since the last one. */
export interface SegmentsSnapshot {
  conversations: string[]
  count: number
  changed: Array<[number, string]>
}

/** The index segments and the conversation table. */
export class Segments {
  readonly #segments: Array<MiniSearch<Doc>>
  readonly #conversations: string[]
  readonly #numbers = new Map<string, number>()
  readonly #dirty = new Set<number>()

  private constructor (conversations: string[], segments: Array<MiniSearch<Doc>>) {
    this.#conversations = conversations
    conversations.forEach((c, n) => this.#numbers.set(c, n))
    this.#segments = segments
  }

  /** An empty index. */
  static empty (): Segments {
    return new Segments([], [])
  }

  /**
   * An index from a snapshot's conversation table and segments (MiniSearch JSON), taken one at a
   * time so that only one segment's text is held beside the loaded ones, with waiting work (a
   * delivery, a page's input) let through between them; throws if one does not load.
   */
  static async load (conversations: string[], segments: AsyncIterable<string> | Iterable<string>): Promise<Segments> {
    const loaded: Array<MiniSearch<Doc>> = []
    for await (const json of segments) {
      loaded.push(MiniSearch.loadJSON<Doc>(json, OPTIONS))
      await yieldToEvents()
    }
    return new Segments([...conversations], loaded)
  }

  /** Live documents in every segment. */
  get size (): number {
    return this.#segments.reduce((n, s) => n + s.documentCount, 0)
  }

  /** Indexes `text` as the message's text (replacing what it had), or removes the message when `text` is undefined. */
  set (conversation: string, id: string, text: string | undefined): void {
    const docId = this.#docId(conversation, id)
    this.#segments.forEach((segment, n) => {
      if (!segment.has(docId)) return
      segment.discard(docId)
      this.#dirty.add(n)
    })
    if (text === undefined) return
    let last = this.#segments.length - 1
    if (last < 0 || this.#segments[last].documentCount >= SEGMENT_DOCS) {
      this.#segments.push(new MiniSearch<Doc>(OPTIONS))
      last++
    }
    this.#segments[last].add({ i: docId, t: text })
    this.#dirty.add(last)
  }

  /** The best `top` matches in every segment (or one conversation's), best first. */
  search (query: string, conversation: string | undefined, top: number): Hit[] {
    let inConversation: ((docId: string) => boolean) | undefined
    if (conversation !== undefined) {
      const n = this.#numbers.get(conversation)
      if (n === undefined) return []
      const prefix = `${n.toString(36)}:`
      inConversation = (docId) => docId.startsWith(prefix)
    }
    const terms = queryTerms(query)
    const hits: Hit[] = []
    for (const segment of this.#segments) {
      // Only the documents that can match are scored (narrow.ts), each with a boost of 1 (unchanged scores).
      const narrowed = narrow(segment, FIELD, terms, LAST_AS_PREFIX)
      if (narrowed.none) continue
      const { candidates } = narrowed
      const options: SearchOptions = candidates === undefined && inConversation === undefined
        ? SEARCH
        : { ...SEARCH, boostDocument: (docId: string) => ((candidates === undefined || candidates.has(docId)) && (inConversation?.(docId) ?? true) ? 1 : 0) }
      // MiniSearch sorts each segment's results by score: only its best `top` can be among ours.
      for (const r of segment.search(query, options).slice(0, top)) {
        const docId = r.id as string
        const colon = docId.indexOf(':')
        const found = this.#conversations[parseInt(docId.slice(0, colon), 36)]
        if (found !== undefined) hits.push({ conversation: found, id: docId.slice(colon + 1), score: r.score, terms: r.terms })
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, top)
  }

  /** The conversation table and the segments changed since the last call (then counted clean). */
  snapshot (): SegmentsSnapshot {
    const changed: Array<[number, string]> = [...this.#dirty].sort((a, b) => a - b).map((n) => [n, JSON.stringify(this.#segments[n])])
    this.#dirty.clear()
    return { conversations: [...this.#conversations], count: this.#segments.length, changed }
  }

  /** Every segment counts as changed (after a rebuild, so the next snapshot writes them all). */
  touchAll (): void {
    this.#segments.forEach((_s, n) => this.#dirty.add(n))
  }

  #docId (conversation: string, id: string): string {
    let n = this.#numbers.get(conversation)
    if (n === undefined) {
      n = this.#conversations.length
      this.#conversations.push(conversation)
      this.#numbers.set(conversation, n)
    }
    return `${n.toString(36)}:${id}`
  }
}
