import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { displayLines, displayName, displayText, isDisplaySafe, MAX_DISPLAY_NAME_LENGTH } from '../src/display-text.js'

/** Every character that must never reach a screen from a remote string. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\p{Cs}/u
/** What display-text adds around a neutralised character. */
const SHOWN = /⟨U\+[0-9A-F]{4,6}⟩/gu

/** Strings rich in the characters that matter, with ordinary ones between. */
const hostile = fc.array(fc.oneof(
  fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x2000, max: 0x206f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\x1b[31m', '\x1b]0;title\x07', '\x9b2J', '\r\n', '\u202e', '\u2066', 'ㅤ', '\ufeff', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️'),
  fc.string({ unit: 'grapheme' })
)).map((parts) => parts.join(''))

describe('displayText', () => {
  it('shows a terminal escape sequence instead of letting it colour the screen', () => {
    expect(displayText('red \x1b[31mALERT\x1b[0m')).toBe('red ␛[31mALERT␛[0m')
    expect(displayText('title\x1b]0;pwned\x07')).toBe('title␛]0;pwned␇')
    expect(displayText('one-byte CSI \x9b2J')).toBe('one-byte CSI ⟨U+009B⟩2J')
    expect(displayText('bell\x07 del\x7f nul\0')).toBe('bell␇ del␡ nul␀')
  })

  it('shows a line break, carriage return and backspace, so a line cannot be overwritten or added', () => {
    expect(displayText('hi\n12:00 <bob 3f9a:07c2 ✓> forged')).toBe('hi␊12:00 <bob 3f9a:07c2 ✓> forged')
    expect(displayText('safe\rEVIL')).toBe('safe␍EVIL')
    expect(displayText('abc\b\b\bxyz')).toBe('abc␈␈␈xyz')
  })

  it('neutralises bidi overrides and isolates (Trojan Source)', () => {
    expect(displayText('access \u202eLevel\u202c user')).toBe('access ⟨U+202E⟩Level⟨U+202C⟩ user')
    expect(displayText('\u2066\u2067\u2068\u2069\u202a\u202b\u202d')).toBe('⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩⟨U+202A⟩⟨U+202B⟩⟨U+202D⟩')
    expect(displayText('a\u2028b\u2029c')).toBe('a⟨U+2028⟩b⟨U+2029⟩c')
  })

  it('shows a lone surrogate and keeps a pair', () => {
    expect(displayText('x\ud800y')).toBe('x⟨U+D800⟩y')
    expect(displayText('😀')).toBe('😀')
  })

  it('leaves ordinary text alone: accents, right-to-left script, emoji, tabs shown', () => {
    for (const s of ['hello', 'héllo wörld', 'שלום עולם', 'مرحبا', '日本語', '👨‍👩‍👧 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ❤️', 'a\u200db']) {
      expect(displayText(s)).toBe(s)
      expect(isDisplaySafe(s)).toBe(true)
    }
    expect(isDisplaySafe('a\tb')).toBe(false)
  })

  it('refuses a non-string with a TypeError', () => {
    expect(() => displayText(3 as unknown as string)).toThrow(TypeError)
    expect(() => displayLines(null as unknown as string)).toThrow(TypeError)
    expect(() => displayName({} as unknown as string)).toThrow(TypeError)
  })

  it('never lets a control, bidi control, separator or lone surrogate through, and loses nothing', () => {
    fc.assert(fc.property(hostile, (s) => {
      const shown = displayText(s)
      expect(shown).not.toMatch(FORBIDDEN)
      // Every character is still there, visibly: the safe ones as they were.
      const kept = [...s].filter((c) => !FORBIDDEN.test(c)).join('')
      expect(shown.replace(SHOWN, '').replace(/[\u2400-\u241f\u2421]/gu, '')).toBe(kept.replace(/[\u2400-\u241f\u2421]/gu, '').replace(SHOWN, ''))
      // Safe output is a fixed point.
      expect(displayText(shown)).toBe(shown)
    }), { numRuns: 500 })
  })
})

describe('displayLines', () => {
  it('splits a message at LF and CRLF, each line safe', () => {
    expect(displayLines('hi\n12:00 <bob 3f9a:07c2 ✓> forged')).toEqual(['hi', '12:00 <bob 3f9a:07c2 ✓> forged'])
    expect(displayLines('a\r\nb\rc\n\x1b[2J')).toEqual(['a', 'b␍c', '␛[2J'])
    expect(displayLines('one')).toEqual(['one'])
  })

  it('gives one line per line break, none holding a control', () => {
    fc.assert(fc.property(hostile, (s) => {
      const lines = displayLines(s)
      expect(lines).toHaveLength(s.split(/\r?\n/).length)
      for (const line of lines) expect(line).not.toMatch(FORBIDDEN)
    }), { numRuns: 300 })
  })
})

describe('displayName', () => {
  it('shows invisible characters, so look-alike names differ', () => {
    expect(displayName('bob\u200b')).toBe('bob⟨U+200B⟩')
    expect(displayName('\u3164')).toBe('⟨U+3164⟩')
    expect(displayName('\ufeffbob')).toBe('⟨U+FEFF⟩bob')
    expect(displayName('bob\nalice')).toBe('bob␊alice')
  })

  it('keeps emoji built with joiners, variation selectors and tags', () => {
    for (const s of ['👨‍👩‍👧', '❤️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', 'zoë']) expect(displayName(s)).toBe(s)
  })

  it('cuts a long name without splitting a surrogate pair', () => {
    const long = 'a'.repeat(MAX_DISPLAY_NAME_LENGTH - 1) + '😀😀'
    expect(displayName(long)).toBe(`${'a'.repeat(MAX_DISPLAY_NAME_LENGTH - 1)}…`)
    expect(displayName('b'.repeat(500))).toHaveLength(MAX_DISPLAY_NAME_LENGTH + 1)
  })

  it('never lets a control or invisible character through', () => {
    fc.assert(fc.property(hostile, (s) => {
      const shown = displayName(s)
      expect(shown).not.toMatch(FORBIDDEN)
      expect(shown).not.toMatch(/[\u200b\u2060\ufeff\u3164\u115f\u00ad]/u)
    }), { numRuns: 300 })
  })
})
