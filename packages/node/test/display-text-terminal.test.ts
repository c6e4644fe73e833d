import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CONTINUATION, layoutRemote, wrapColumns } from '../src/cli/tui-text.js'

const HEAD = '12:00 <mallory 1a2b:3c4d> '

describe('the terminal layout of remote text', () => {
  it('indents every line after the first under its author', () => {
    expect(layoutRemote(HEAD, 'hi\n12:00 <bob 3f9a:07c2 ✓> forged', 160)).toEqual([
      `${HEAD}hi`,
      `${CONTINUATION}12:00 <bob 3f9a:07c2 ✓> forged`
    ])
  })

  it('wraps a long line itself, so the terminal never starts a padded forgery at column 0', () => {
    const forged = '12:00 <bob 3f9a:07c2 ✓> forged'
    const lines = layoutRemote(HEAD, `${'x'.repeat(80 - HEAD.length)}${forged}`, 80)
    expect(lines).toEqual([`${HEAD}${'x'.repeat(80 - HEAD.length)}`, `${CONTINUATION}${forged}`])
  })

  it('wraps a long nick in the header too', () => {
    const head = `12:00 <${'n'.repeat(70)}12:00 <bob 3f9a:07c2 ✓> 1a2b:3c4d> `
    for (const line of layoutRemote(head, 'hi', 60).slice(1)) expect(line.startsWith(CONTINUATION)).toBe(true)
  })

  it('counts wide characters as two columns', () => {
    expect(wrapColumns('日本語日本語日本語日本語', 16)).toEqual(['日本語日本語日本', '語日本語'])
    expect(wrapColumns('😀'.repeat(9), 16)).toEqual(['😀'.repeat(8), '😀'])
  })

  it('does not wrap for an unknown or too narrow terminal', () => {
    expect(layoutRemote(HEAD, 'y'.repeat(500), undefined)).toEqual([HEAD + 'y'.repeat(500)])
    expect(wrapColumns('z'.repeat(40), 10)).toEqual(['z'.repeat(40)])
  })

  it('lays out any text with no control left, no line over the width, and every later line indented', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 40, max: 200 }), (text, columns) => {
      const lines = layoutRemote(HEAD, text, columns)
      for (const [i, line] of lines.entries()) {
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u) // eslint-disable-line no-control-regex
        expect([...line].reduce((n, c) => n + ((c.codePointAt(0) ?? 0) < 0x1100 ? 1 : 2), 0)).toBeLessThanOrEqual(columns)
        if (i > 0) expect(line.startsWith(CONTINUATION)).toBe(true)
      }
    }), { numRuns: 300 })
  })
})
