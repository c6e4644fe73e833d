/**
 * A message's text with its Markdown subset rendered (the view model parses it with
 * parseFormatted from @parley/node; the tree's shape is restated here): elements
 * built here with text children only, so nothing in the text is ever read as HTML. Every text
 * piece is shown by the rules of show-text.ts; links open in a new tab with
 * rel="noopener noreferrer", and nothing fetches them (no previews: they would tell the linked
 * server who reads).
 */
import { showLines } from './show-text.js'

/** An inline span of a formatted message (@parley/node's FormattedInline). */
export type FormattedInline =
  | { type: 'text', text: string }
  | { type: 'strong' | 'emphasis' | 'delete', children: FormattedInline[] }
  | { type: 'code', text: string }
  | { type: 'link', href: string, children: FormattedInline[] }
  | { type: 'break' }

/** A block of a formatted message (@parley/node's FormattedBlock). */
export type FormattedBlock =
  | { type: 'paragraph', children: FormattedInline[] }
  | { type: 'code', text: string }
  | { type: 'quote', children: FormattedBlock[] }

function Inline ({ span }: { span: FormattedInline }): preact.JSX.Element {
  switch (span.type) {
    case 'text': return <>{showLines(span.text)}</>
    case 'code': return <code>{showLines(span.text)}</code>
    case 'break': return <br />
    case 'strong': return <strong><Inlines spans={span.children} /></strong>
    case 'emphasis': return <em><Inlines spans={span.children} /></em>
    case 'delete': return <del><Inlines spans={span.children} /></del>
    case 'link': return <a href={span.href} target='_blank' rel='noopener noreferrer'><Inlines spans={span.children} /></a>
  }
}

function Inlines ({ spans }: { spans: FormattedInline[] }): preact.JSX.Element {
  return <>{spans.map((s, i) => <Inline key={i} span={s} />)}</>
}

function Block ({ block }: { block: FormattedBlock }): preact.JSX.Element {
  switch (block.type) {
    case 'paragraph': return <span class='md-p'><Inlines spans={block.children} /></span>
    case 'code': return <pre class='md-code'><code>{showLines(block.text)}</code></pre>
    case 'quote': return <blockquote class='md-quote'>{block.children.map((b, i) => <Block key={i} block={b} />)}</blockquote>
  }
}

/** A remote message text, formatted, isolated from the text around it. */
export function FormattedText ({ blocks }: { blocks: FormattedBlock[] }): preact.JSX.Element {
  return <bdi class='formatted'>{blocks.map((b, i) => <Block key={i} block={b} />)}</bdi>
}
