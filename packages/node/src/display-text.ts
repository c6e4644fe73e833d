/**
 * Remote text made safe to show, on any host: what another peer wrote (a message, a nick, a room
 * or file name, an invite's name) must not be able to drive the screen it is shown on.
 *
 * - C0 controls and DEL (ESC starts every terminal escape sequence; CR, BS and VT move the cursor)
 *   become their Unicode Control Pictures (U+2400–U+2421): `\x1b[31m` shows as `␛[31m`.
 * - C1 controls (U+0080–U+009F: U+009B is a one-byte CSI to some terminals), the bidirectional
 *   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: the "Trojan Source" trick,
 *   CVE-2021-42574), the line and paragraph separators (U+2028, U+2029) and lone surrogates become
 *   a visible `⟨U+XXXX⟩`.
 * - Names ({@link displayName}) also show the invisible characters (zero-width spaces, Hangul
 *   fillers, …) by which "bob" and "bob\u200b" would otherwise look alike; the joiner and the
 *   variation and tag selectors that emoji are built from stay.
 *
 * Nothing is dropped: every neutralised character is shown, so what a person sees is what was sent.
 * Layout is the caller's: {@link displayLines} splits a message at its line breaks and returns lines
 * with no controls left, so the caller can indent each one under its author.
 */

/** C0 controls and DEL. */
const C0 = /[\u0000-\u001f\u007f]/gu // eslint-disable-line no-control-regex
/** Characters shown as `⟨U+XXXX⟩` in every string: C1 controls, bidi controls, separators, lone surrogates. */
const UNSAFE = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\p{Cs}/gu
/**
 * Invisible characters shown in names (Unicode Default_Ignorable_Code_Point), except the zero-width
 * joiner and non-joiner, the variation selectors and the tag characters, which emoji and some
 * scripts are made of.
 */
const INVISIBLE = /(?!\u200c|\u200d|\p{Variation_Selector}|[\u{e0020}-\u{e007f}])\p{Default_Ignorable_Code_Point}/gu
/** A line break in a message: LF, with or without a CR before it. */
const LINE_BREAK = /\r?\n/u

/** At most this many code units of a name are shown (a nick is at most 64 bytes; this is a backstop). */
export const MAX_DISPLAY_NAME_LENGTH = 128

/** `U+0041` for `A`. */
const codePoint = (c: string): string => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`

/** The Control Picture for a C0 control or DEL: U+2400 + code, and U+2421 for DEL. */
const picture = (c: string): string => {
  const code = c.charCodeAt(0)
  return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code)
}

/**
 * One line of remote text, safe to show: no C0 or C1 control, no bidi control, no separator and
 * no lone surrogate is left in it; each is shown instead (a line break as `␊`).
 *
 * @example
 * ```ts
 * displayText('hi\x1b[31m') // 'hi␛[31m'
 * displayText('a\u202eb')   // 'a⟨U+202E⟩b'
 * ```
 */
export function displayText (text: string): string {
  if (typeof text !== 'string') throw new TypeError('text must be a string')
  return text.replace(C0, picture).replace(UNSAFE, codePoint)
}

/**
 * A multi-line message, safe to show: split at its line breaks (LF or CRLF), each line as
 * {@link displayText} makes it. The caller lays the lines out (the terminal indents every line
 * after the first under its author, so no line can pass for another author's).
 */
export function displayLines (text: string): string[] {
  if (typeof text !== 'string') throw new TypeError('text must be a string')
  return text.split(LINE_BREAK).map(displayText)
}

/**
 * A name someone else chose (a nick, a room or file name, an invite's name), safe to show on one
 * line: as {@link displayText}, with invisible characters shown too, cut at
 * {@link MAX_DISPLAY_NAME_LENGTH} with `…`.
 */
export function displayName (name: string): string {
  if (typeof name !== 'string') throw new TypeError('name must be a string')
  // The cut never splits a surrogate pair.
  const cut = name.length > MAX_DISPLAY_NAME_LENGTH ? `${name.slice(0, MAX_DISPLAY_NAME_LENGTH).replace(/[\ud800-\udbff]$/u, '')}…` : name
  return displayText(cut).replace(INVISIBLE, codePoint)
}

/** Whether `text` would show unchanged by {@link displayText}: no control, bidi control, separator or lone surrogate. */
export function isDisplaySafe (text: string): boolean {
  return displayText(text) === text
}
