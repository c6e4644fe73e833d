/**
 * A message's Markdown subset (format/message-format.ts) in the terminal: bold, italic, strike,
 * underlined links (their URL after them), code in cyan, code blocks and quotes under a dim
 * marker. The styling is Parley's own: every piece of the sender's text goes through
 * display-text first (no escape or control of theirs reaches the terminal), then gets SGR codes
 * generated here, reset at the end of each piece. Lines are laid out like layoutRemote (tui-text):
 * every line after the first, typed or wrapped, starts with CONTINUATION.
 */
import { displayText } from '../display-text.js'
import { parseFormatted, type FormattedBlock, type FormattedInline } from '../format/index.js'
import { CONTINUATION, wrapColumns } from './tui-text.js'

/** A run of text with one style: SGR parameters ('' for none). */
interface Piece { text: string, sgr: string }
type Line = Piece[]

const STYLE = { strong: '1', emphasis: '3', delete: '9', code: '36', link: '4', marker: '2' } as const
const CONTINUATION_WIDTH = 8

function inline (spans: FormattedInline[], sgr: string[], lines: Line[]): void {
  for (const span of spans) {
    if (span.type === 'break') lines.push([])
    else if (span.type === 'text' || span.type === 'code') {
      const style = span.type === 'code' ? [...sgr, STYLE.code] : sgr
      span.text.split(/\r?\n/u).forEach((part, i) => {
        if (i > 0) lines.push([])
        lines[lines.length - 1].push({ text: displayText(part), sgr: style.join(';') })
      })
    } else if (span.type === 'link') {
      inline(span.children, [...sgr, STYLE.link], lines)
      lines[lines.length - 1].push({ text: ` <${displayText(span.href)}>`, sgr: STYLE.marker })
    } else inline(span.children, [...sgr, STYLE[span.type]], lines)
  }
}

function block (b: FormattedBlock, lines: Line[]): void {
  if (b.type === 'paragraph') {
    lines.push([])
    inline(b.children, [], lines)
  } else if (b.type === 'code') {
    for (const part of b.text.split(/\r?\n/u)) lines.push([{ text: '│ ', sgr: STYLE.marker }, { text: displayText(part), sgr: STYLE.code }])
  } else {
    const inner: Line[] = []
    for (const child of b.children) block(child, inner)
    for (const line of inner) lines.push([{ text: '> ', sgr: STYLE.marker }, ...line])
  }
}

/** The styled lines of a message's text. */
export function formattedLines (text: string): Line[] {
  const lines: Line[] = []
  for (const b of parseFormatted(text)) block(b, lines)
  return lines.length === 0 ? [[]] : lines
}

const render = (line: Line): string => line.map((p) => p.sgr === '' || p.text === '' ? p.text : `\x1b[${p.sgr}m${p.text}\x1b[0m`).join('')

/** `line` cut into screen lines of at most `columns` columns, pieces split where they must. */
function wrap (line: Line, columns: number): Line[] {
  const plain = line.map((p) => p.text).join('')
  const cuts = wrapColumns(plain, columns)
  if (cuts.length === 1) return [line]
  const out: Line[] = []
  let pieceIndex = 0
  let offset = 0
  for (const cut of cuts) {
    const screen: Line = []
    let left = cut.length
    while (left > 0 && pieceIndex < line.length) {
      const p = line[pieceIndex]
      const take = Math.min(left, p.text.length - offset)
      screen.push({ text: p.text.slice(offset, offset + take), sgr: p.sgr })
      left -= take
      offset += take
      if (offset >= p.text.length) {
        pieceIndex++
        offset = 0
      }
    }
    out.push(screen)
  }
  return out
}

/**
 * A message under a header of ours (`12:00 <bob 3f9a:07c2> `): its formatted text, then `tail`
 * (ours, e.g. the short id) on its last line; every later or wrapped line indented by CONTINUATION.
 */
export function layoutMessage (head: string, text: string, tail: string, columns: number | undefined): string[] {
  const all = columns ?? Infinity
  const [first, ...more] = formattedLines(text)
  const last = more.length > 0 ? more[more.length - 1] : first
  last.push({ text: tail, sgr: '' })
  const firstLines = wrap([{ text: head, sgr: '' }, ...first], all)
  const out = [render(firstLines[0]), ...firstLines.slice(1).map((l) => CONTINUATION + render(l))]
  for (const line of more) for (const l of wrap(line, all - CONTINUATION_WIDTH)) out.push(CONTINUATION + render(l))
  return out
}
