import fc from 'fast-check'
import MiniSearch, { type SearchOptions } from 'minisearch'
import { describe, expect, it } from 'vitest'
import { narrow, queryTerms } from '../../src/search/narrow.js'
import { Segments } from '../../src/search/segments.js'

/** The index's options and query as segments.ts has them; the reference runs them on MiniSearch alone. */
const OPTIONS = { fields: ['t'], idField: 'i', storeFields: [] }
const LAST_AS_PREFIX = (term: string, i: number, terms: string[]): boolean => i === terms.length - 1 && term.length >= 3
const SEARCH: SearchOptions = { combineWith: 'AND', prefix: LAST_AS_PREFIX }
const WORDS = ['kalo', 'kalomi', 'kami', 'lomi', 'lo', 'mine', 'minera', 'rusa', 'rusati', 'sati', 'voze', 'Kalo', 'zepo']
const CONVERSATIONS = ['room:a', 'room:b', 'dm:c']

interface Doc { conversation: number, id: string, text: string, discarded: boolean }

/** Segments of MiniSearch JSON (some documents discarded after they were indexed, so stale postings remain). */
function build (docs: Doc[][]): string[] {
  return docs.map((segment) => {
    const mini = new MiniSearch<{ i: string, t: string }>(OPTIONS)
    for (const d of segment) mini.add({ i: `${d.conversation.toString(36)}:${d.id}`, t: d.text })
    for (const d of segment) if (d.discarded) mini.discard(`${d.conversation.toString(36)}:${d.id}`)
    return JSON.stringify(mini)
  })
}

/** What Segments.search returned before narrowing: every segment searched in full, filtered, merged by score. */
function reference (segments: string[], query: string, conversation: number | undefined, top: number): Array<[string, number, string[]]> {
  const prefix = conversation === undefined ? undefined : `${conversation.toString(36)}:`
  const options: SearchOptions = prefix === undefined ? SEARCH : { ...SEARCH, filter: (r) => (r.id as string).startsWith(prefix) }
  const hits: Array<[string, number, string[]]> = []
  for (const json of segments) {
    for (const r of MiniSearch.loadJSON(json, OPTIONS).search(query, options).slice(0, top)) hits.push([r.id as string, r.score, r.terms])
  }
  return hits.sort((a, b) => b[1] - a[1]).slice(0, top)
}

const doc = fc.record({
  conversation: fc.integer({ min: 0, max: CONVERSATIONS.length - 1 }),
  id: fc.integer({ min: 0, max: 0xff }).map((n) => n.toString(16)),
  text: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }).map((w) => w.join(' ')),
  discarded: fc.integer({ min: 0, max: 5 }).map((n) => n === 0)
})
const query = fc.array(fc.oneof(fc.constantFrom(...WORDS, 'zzz', 'kal', 'mi', 'rus'), fc.constantFrom('!', ',', ' ')), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '))

describe('narrowed search', () => {
  it('returns exactly what MiniSearch alone returns: same documents, scores, matched words and order', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.uniqueArray(doc, { selector: (d) => `${d.conversation}:${d.id}`, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
      query,
      fc.option(fc.integer({ min: 0, max: CONVERSATIONS.length - 1 }), { nil: undefined }),
      fc.integer({ min: 1, max: 12 }),
      async (docs, q, conversation, top) => {
        // One id in one segment only, as Segments keeps them.
        const seen = new Set<string>()
        const unique = docs.map((segment) => segment.filter((d) => !seen.has(`${d.conversation}:${d.id}`) && seen.add(`${d.conversation}:${d.id}`) !== undefined))
        const json = build(unique)
        const got = (await Segments.load(CONVERSATIONS, json)).search(q, conversation === undefined ? undefined : CONVERSATIONS[conversation], top)
        const want = reference(json, q, conversation, top)
        expect(got.map((h) => [`${CONVERSATIONS.indexOf(h.conversation).toString(36)}:${h.id}`, h.score, h.terms])).toEqual(want)
      }
    ), { numRuns: 300 })
  })

  it('skips a segment where a word matches nothing, and narrows to the documents holding the rarest word', () => {
    const mini = new MiniSearch<{ i: string, t: string }>(OPTIONS)
    mini.addAll([{ i: '0:a', t: 'common rare' }, { i: '0:b', t: 'common' }, { i: '0:c', t: 'common other' }])
    expect(narrow(mini, 't', queryTerms('common absent'), LAST_AS_PREFIX)).toEqual({ none: true })
    expect(narrow(mini, 't', queryTerms('Common, RARE'), LAST_AS_PREFIX)).toEqual({ none: false, candidates: new Set(['0:a']) })
    // The last word from 3 characters counts every word it starts.
    expect(narrow(mini, 't', queryTerms('common oth'), LAST_AS_PREFIX)).toEqual({ none: false, candidates: new Set(['0:c']) })
    expect(narrow(mini, 't', queryTerms('common'), LAST_AS_PREFIX)).toEqual({ none: false })
  })
})
