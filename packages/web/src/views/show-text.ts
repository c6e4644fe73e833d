/**
 * The display rules for text another peer chose (RemoteName and RemoteText in remote-text.tsx
 * render with them). Text another peer chose (a message, a nick, a room or invite name, a reaction), shown so it
 * cannot reorder or hide what is around it or in it. Preact already escapes HTML; what is left is
 * Unicode: C0 and C1 controls and DEL become visible, bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069, the "Trojan Source" trick) and line/paragraph separators show as
 * `⟨U+XXXX⟩`, and names also show invisible characters. Each string is wrapped in `<bdi>`, so
 * right-to-left text stays inside its own box.
 *
 * The character classes are those of `displayText`/`displayName` in @parley/node
 * (packages/node/src/display-text.ts); views may not import @parley/node, and
 * packages/web/test/views/show-text.test.ts checks that both give the same output.
 */

// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u001f\u007f]/gu
const UNSAFE = /[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\p{Cs}/gu
const INVISIBLE = /(?!\u200c|\u200d|\p{Variation_Selector}|[\u{e0020}-\u{e007f}])\p{Default_Ignorable_Code_Point}/gu
const MAX_NAME_LENGTH = 128

const codePoint = (c: string): string => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`
const picture = (c: string): string => String.fromCharCode(c.charCodeAt(0) === 0x7f ? 0x2421 : 0x2400 + c.charCodeAt(0))

/** One line of remote text with every control and bidi control shown (as `displayText`). */
export function showText (text: string): string {
  return text.replace(C0, picture).replace(UNSAFE, codePoint)
}

/** A message's text: its line breaks kept (the view lays it out with pre-wrap), all else as {@link showText}. */
export function showLines (text: string): string {
  return text.split(/\r?\n/u).map(showText).join('\n')
}

/** A name, on one line, with invisible characters shown and cut at 128 code units (as `displayName`). */
export function showName (name: string): string {
  const cut = name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH).replace(/[\ud800-\udbff]$/u, '')}…` : name
  return showText(cut).replace(INVISIBLE, codePoint)
}
