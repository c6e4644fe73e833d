/**
 * The small Markdown subset a message may use — **bold**, *italic*, ~~strike~~, `code`, fenced
 * code blocks, [links](https://…) and > quotes — parsed by micromark (through
 * mdast-util-from-markdown) into a tree of that subset only. Every other construct micromark knows
 * is switched off (HTML among them: `<b>` or `<script>` stays the text it is), and anything the
 * tree could still hold outside the subset is kept as its source text. Both hosts render this
 * tree, never HTML: the web app as elements with text children, the terminal with styling
 * Parley generates (cli/tui-format.ts). A link is kept only for http:, https: and mailto: URLs.
 */
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough'
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough'
import type { Nodes, Parents } from 'mdast'

/** An inline span of a formatted message. */
export type FormattedInline =
  | { type: 'text', text: string }
  | { type: 'strong' | 'emphasis' | 'delete', children: FormattedInline[] }
  | { type: 'code', text: string }
  | { type: 'link', href: string, children: FormattedInline[] }
  | { type: 'break' }

/** A block of a formatted message. */
export type FormattedBlock =
  | { type: 'paragraph', children: FormattedInline[] }
  | { type: 'code', text: string }
  | { type: 'quote', children: FormattedBlock[] }

/** Quotes nested deeper than this are kept as text (a message of '>>>>…' stays shallow to render). */
export const MAX_FORMAT_DEPTH = 8

const SAFE_URL = /^(https?:\/\/|mailto:)/i

/** The constructs a message does not use: headings, lists, HTML, images, references, indented code… */
const OFF = {
  disable: {
    null: ['characterReference', 'codeIndented', 'definition', 'headingAtx', 'htmlFlow', 'htmlText', 'labelStartImage', 'list', 'setextUnderline', 'thematicBreak']
  }
}

/** The formatted form of a message's text. */
export function parseFormatted (text: string): FormattedBlock[] {
  const tree = fromMarkdown(text, { extensions: [gfmStrikethrough({ singleTilde: false }), OFF], mdastExtensions: [gfmStrikethroughFromMarkdown()] })
  const source = (node: Nodes): string => text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0)
  return blocks(tree, source, 0)
}

function blocks (parent: Parents, source: (node: Nodes) => string, depth: number): FormattedBlock[] {
  const out: FormattedBlock[] = []
  for (const node of parent.children) {
    if (node.type === 'paragraph') out.push({ type: 'paragraph', children: inlines(node, source, depth) })
    else if (node.type === 'code') out.push({ type: 'code', text: node.value })
    else if (node.type === 'blockquote' && depth < MAX_FORMAT_DEPTH) out.push({ type: 'quote', children: blocks(node, source, depth + 1) })
    else out.push({ type: 'paragraph', children: [{ type: 'text', text: source(node) }] })
  }
  return out
}

function inlines (parent: Parents, source: (node: Nodes) => string, depth: number): FormattedInline[] {
  const out: FormattedInline[] = []
  for (const node of parent.children) {
    if (node.type === 'text') out.push({ type: 'text', text: node.value })
    else if (node.type === 'inlineCode') out.push({ type: 'code', text: node.value })
    else if (node.type === 'break') out.push({ type: 'break' })
    else if ((node.type === 'strong' || node.type === 'emphasis' || node.type === 'delete') && depth < MAX_FORMAT_DEPTH) {
      out.push({ type: node.type, children: inlines(node, source, depth + 1) })
    } else if (node.type === 'link' && SAFE_URL.test(node.url) && depth < MAX_FORMAT_DEPTH) {
      out.push({ type: 'link', href: node.url, children: inlines(node, source, depth + 1) })
    } else out.push({ type: 'text', text: source(node) })
  }
  return out
}
