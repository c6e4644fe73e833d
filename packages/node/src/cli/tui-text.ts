/**
 * Laying remote text out in the terminal so that no part of it can pass for a line of ours or of
 * another author: every string goes through display-text (no control or escape reaches the
 * terminal), and every line after an author's first one, whether a line break the author typed or
 * a wrap at the terminal's edge, starts with {@link CONTINUATION}. Wrapping is done here, not by
 * the terminal: a terminal's own wrap starts the rest at column 0, where padding could place a
 * forged "12:00 <bob …>".
 */
import { displayLines } from '../display-text.js'

/** What starts every continuation line: no author line starts with a space. */
export const CONTINUATION = '      ┆ '
/** Its width in columns. */
const CONTINUATION_WIDTH = 8
/** A terminal narrower than this is not wrapped for (the indent would leave no room for text). */
const MIN_TEXT_COLUMNS = 16

/**
 * The columns a code point may take, never fewer than a terminal gives it: 1 below U+1100, else 2
 * (wide East Asian characters and emoji take 2; combining marks and joiners, counted here, may
 * take 0). Overcounting only wraps a line early; undercounting would let the terminal wrap it.
 */
const width = (c: string): number => (c.codePointAt(0) ?? 0) < 0x1100 ? 1 : 2

/** `line` cut into pieces of at most `columns` columns (by {@link width}), never inside a code point. */
export function wrapColumns (line: string, columns: number): string[] {
  if (!Number.isFinite(columns) || columns < MIN_TEXT_COLUMNS) return [line]
  const pieces: string[] = []
  let piece = ''
  let used = 0
  for (const c of line) {
    const w = width(c)
    if (used + w > columns) {
      pieces.push(piece)
      piece = ''
      used = 0
    }
    piece += c
    used += w
  }
  pieces.push(piece)
  return pieces
}

/**
 * A remote text under a header of ours (`12:00 <bob 3f9a:07c2> `, its names already made safe by
 * the caller): the header and the text's first line together, every later line and every wrapped
 * piece (of the header too: a long nick must not reach column 0) indented by {@link CONTINUATION}.
 * `columns` is the terminal's width (undefined when it is not a terminal: nothing is wrapped).
 * Returns the screen lines.
 */
export function layoutRemote (head: string, text: string, columns: number | undefined): string[] {
  const all = columns ?? Infinity
  const [first, ...more] = displayLines(text)
  const pieces = wrapColumns(head + first, all)
  const out = [pieces[0], ...pieces.slice(1).map((p) => CONTINUATION + p)]
  for (const line of more) for (const p of wrapColumns(line, all - CONTINUATION_WIDTH)) out.push(CONTINUATION + p)
  return out
}
