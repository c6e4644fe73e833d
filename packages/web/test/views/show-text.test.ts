/**
 * The views' copy of the display rules (packages/web/src/views/show-text.ts: views may not
 * import @parley/node) gives exactly what @parley/node's display-text gives.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayLines, displayName, displayText } from '@parley/node'
import { showLines, showName, showText } from '../../src/views/show-text.js'

const hostile = fc.array(fc.oneof(
  fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x2000, max: 0x206f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x1b[31m', '\r\n', '\u3164', '\ufeff', '\u{e0041}', '👨‍👩‍👧', '❤️'),
  fc.string({ unit: 'grapheme' })
), { maxLength: 200 }).map((parts) => parts.join(''))

describe('the views show remote text as the terminal does', () => {
  it('agrees with displayText, displayLines and displayName', () => {
    fc.assert(fc.property(hostile, (s) => {
      expect(showText(s)).toBe(displayText(s))
      expect(showLines(s)).toBe(displayLines(s).join('\n'))
      expect(showName(s)).toBe(displayName(s))
    }), { numRuns: 1000 })
  })
})
