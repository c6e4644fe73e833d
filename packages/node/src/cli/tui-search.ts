/**
 * The terminal's `/search <words>` (every conversation), `/search here <words>` (the open one)
 * and `/goto <n>`: results numbered, each
 * with its conversation, time, author and the text around the match (remote
 * text, laid out by the caller through display-text); `/goto n` switches to
 * result n's conversation and shows the message there.
 */
import { DEFAULT_SEARCH_LIMIT, type SearchResult } from '../search/index.js'
import type { Peer } from '../peer.js'

/** Help lines of the search commands. */
export const SEARCH_HELP: Array<[string, string]> = [
  ['/search <words>', 'search every conversation (the last word may be cut short)'],
  ['/search here <words>', 'search only the conversation you are in'],
  ['/goto <n>', 'go to search result n: its conversation, and the message']
]

/** A bad argument: the hint shown. */
export class SearchHint extends Error {}

/** The last results, for /goto. */
export class SearchCommands {
  #results: SearchResult[] = []

  /**
   * Searches every conversation, or only `current` when the words start with "here" (a lone
   * "here" is a search for that word); returns the results (numbered from 1 in the order given).
   */
  async search (peer: Peer, words: string, current: string): Promise<SearchResult[]> {
    if (words.trim() === '') throw new SearchHint('/search <words>')
    const scoped = /^\s*here\s+(\S.*)$/s.exec(words)
    this.#results = await peer.search(scoped?.[1] ?? words, { limit: DEFAULT_SEARCH_LIMIT, conversation: scoped != null ? current : undefined })
    return this.#results
  }

  /** Result `n` of the last search. */
  result (n: string | undefined): SearchResult {
    const i = Number(n)
    const found = Number.isInteger(i) ? this.#results[i - 1] : undefined
    if (found === undefined) throw new SearchHint(this.#results.length === 0 ? 'search first: /search <words>' : `/goto 1..${this.#results.length}`)
    return found
  }
}

/** The time a result was sent: the date too when it is not today. */
export function resultTime (sentAt: number, now = Date.now()): string {
  const d = new Date(sentAt)
  const hm = d.toTimeString().slice(0, 5)
  return d.toDateString() === new Date(now).toDateString() ? hm : `${d.toISOString().slice(0, 10)} ${hm}`
}
