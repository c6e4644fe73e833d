import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { layoutMessage } from '../../src/cli/tui-format.js'
import { CONTINUATION } from '../../src/cli/tui-text.js'
import { MAX_FORMAT_DEPTH, parseFormatted, type FormattedBlock, type FormattedInline } from '../../src/format/index.js'

const ESC = '\x1b'

/** Every text the tree shows, in order. */
function texts (blocks: FormattedBlock[]): string {
  const inline = (spans: FormattedInline[]): string => spans.map((s) => 'children' in s ? inline(s.children) : s.type === 'break' ? '\n' : s.text).join('')
  return blocks.map((b) => b.type === 'paragraph' ? inline(b.children) : b.type === 'code' ? b.text : texts(b.children)).join('\n')
}

describe('parseFormatted', () => {
  it('reads bold, italic, strike, inline code, code blocks, links and quotes', () => {
    expect(parseFormatted('**b** *i* ~~s~~ `c` [l](https://x.org)\n\n> q\n\n```\ncode\n```')).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'strong', children: [{ type: 'text', text: 'b' }] }, { type: 'text', text: ' ' },
          { type: 'emphasis', children: [{ type: 'text', text: 'i' }] }, { type: 'text', text: ' ' },
          { type: 'delete', children: [{ type: 'text', text: 's' }] }, { type: 'text', text: ' ' },
          { type: 'code', text: 'c' }, { type: 'text', text: ' ' },
          { type: 'link', href: 'https://x.org', children: [{ type: 'text', text: 'l' }] }
        ]
      },
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'q' }] }] },
      { type: 'code', text: 'code' }
    ])
  })

  it('keeps HTML, character references, headings, lists, images and unsafe links as the text they are', () => {
    const text = '<script>alert(1)</script> <b>x</b> &lt; [a](javascript:alert(1)) [b](data:text/html,x)'
    expect(parseFormatted(text)).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script> <b>x</b> &lt; ' }, { type: 'text', text: '[a](javascript:alert(1))' }, { type: 'text', text: ' ' }, { type: 'text', text: '[b](data:text/html,x)' }] }])
    expect(texts(parseFormatted('# title\n- item\n![i](https://x/y.png)'))).toBe('# title\n- item\n!i')
  })

  it('keeps quotes nested past the depth limit as text', () => {
    const depth = (blocks: FormattedBlock[]): number => Math.max(0, ...blocks.map((b) => b.type === 'quote' ? 1 + depth(b.children) : 0))
    expect(depth(parseFormatted('>'.repeat(500) + ' deep'))).toBe(MAX_FORMAT_DEPTH)
  })

  it('never throws, and loses no letter of any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      const shown = texts(parseFormatted(text))
      for (const c of text.replace(/[^\p{L}\p{N}]/gu, '')) expect(shown).toContain(c)
    }), { numRuns: 300 })
  })
})

describe('layoutMessage (terminal)', () => {
  it('styles with codes Parley makes, and shows the sender\'s escape codes as text', () => {
    const [line] = layoutMessage('12:00 <bob> ', `**bold** ${ESC}[31mred${ESC}]0;title\x07`, '  ·abc123', 200)
    expect(line).toBe(`12:00 <bob> ${ESC}[1mbold${ESC}[0m ␛[31mred␛]0;title␇  ·abc123`)
  })

  it('writes plain text as it was, and indents every later line, typed or wrapped', () => {
    expect(layoutMessage('h ', 'plain words', ' ·id', 80)).toEqual(['h plain words ·id'])
    const lines = layoutMessage('h ', `one\ntwo ${'x'.repeat(40)}`, ' ·id', 30)
    expect(lines[0]).toBe('h one')
    expect(lines.slice(1).every((l) => l.startsWith(CONTINUATION))).toBe(true)
    expect(lines.map((l) => l.replace(CONTINUATION, '')).join('')).toBe(`h onetwo ${'x'.repeat(40)} ·id`)
  })

  it('shows a link\'s address after its text, and code blocks and quotes under a marker', () => {
    const lines = layoutMessage('h ', '[site](https://x.org)\n\n> q\n\n```\na\n```', '', 200)
    expect(lines).toEqual([
      `h ${ESC}[4msite${ESC}[0m${ESC}[2m <https://x.org>${ESC}[0m`,
      `${CONTINUATION}${ESC}[2m> ${ESC}[0mq`,
      `${CONTINUATION}${ESC}[2m│ ${ESC}[0m${ESC}[36ma${ESC}[0m`
    ])
  })
})
