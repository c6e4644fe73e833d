/** A result's context: the text around the first word that matched, cut at word boundaries where it can be. */
import { SNIPPET_CONTEXT } from './constants.js'

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Where the first of `terms` (indexed words, lower case) occurs in `text`,
 * case-insensitively; -1 when none does (the text changed since it was
 * indexed).
 */
export function firstMatch (text: string, terms: readonly string[]): { at: number, length: number } | undefined {
  let best: { at: number, length: number } | undefined
  for (const term of terms) {
    if (term === '') continue
    const m = new RegExp(escape(term), 'iu').exec(text)
    if (m !== null && (best === undefined || m.index < best.at)) best = { at: m.index, length: m[0].length }
  }
  return best
}

/** Up to SNIPPET_CONTEXT characters either side of the match, with '…' where the text was cut. */
export function snippet (text: string, match: { at: number, length: number }): string {
  const flat = text.replace(/\s+/g, ' ')
  // Collapsing whitespace before the match moves it left by what was removed.
  const at = text.slice(0, match.at).replace(/\s+/g, ' ').length
  let start = Math.max(0, at - SNIPPET_CONTEXT)
  let end = Math.min(flat.length, at + match.length + SNIPPET_CONTEXT)
  if (start > 0) {
    const space = flat.indexOf(' ', start)
    if (space >= 0 && space < at) start = space + 1
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end)
    if (space > at + match.length) end = space
  }
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`
}
