/**
 * Markdown and HTML renderings of an export (export.ts), streamed a message
 * at a time. Everything anyone wrote (texts, nicks, petnames, reactions,
 * room names) is remote text: it goes through displayLines/displayName (no
 * control or bidi character left to drive a terminal or reorder a line), then
 * is escaped for the format. The HTML is one self-contained file: inline
 * style, no script, no external resource, and a Content-Security-Policy that
 * forbids both, so a message cannot run or load anything when it is opened.
 */
import { displayLines, displayName } from '../display-text.js'
import type { ExportedMessage, ExportedPerson, ExportInfo } from './export.js'

const KIND: Record<ExportInfo['kind'], string> = { 'public-room': 'Room', 'private-room': 'Private room', dm: 'Direct messages with' }

const validTime = (ms: number): boolean => Number.isFinite(ms) && ms >= 0 && ms < 8.64e15
/** An ISO time in UTC (what every reader of the file sees the same way). */
const time = (ms: number): string => validTime(ms) ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : 'unknown time'

/** Markdown: every character that could start markup is backslash-escaped, and `<`, `>`, `&` become entities. */
function md (text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~>]/g, '\\$&').replace(/&/g, '&amp;').replace(/</g, '&lt;')
}

/** HTML text and attribute escaping. */
function html (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const who = (p: ExportedPerson, nick?: string): string => {
  const names = [nick === undefined ? undefined : displayName(nick), p.petname === undefined ? undefined : `“${displayName(p.petname)}”`].filter((n) => n !== undefined)
  return `${names.join(' ')}${names.length > 0 ? ' ' : ''}[${p.fingerprint === '' ? displayName(p.peerId) : p.fingerprint}]`
}

const notes = (m: ExportedMessage): string[] => [m.edited ? 'edited' : '', m.deleted ? 'deleted' : '', m.replyTo === undefined ? '' : `reply to ${m.replyTo.slice(0, 12)}`].filter((s) => s !== '')

/** A Markdown export. */
export async function * renderMarkdown (info: ExportInfo, messages: AsyncIterable<ExportedMessage>): AsyncGenerator<string> {
  yield `# ${md(KIND[info.kind])} ${md(displayName(info.title))}\n\nExported from Parley on ${time(info.exportedAt)}. Conversation \`${md(info.conversation)}\`. Fingerprints in brackets identify each author's key.\n\n`
  for await (const m of messages) {
    const extra = notes(m)
    yield `**${md(who(m.author, m.author.nick))}** · ${time(m.sentAt)}${extra.length > 0 ? ` · _${extra.join(', ')}_` : ''} · id \`${m.id.slice(0, 12)}\`\n\n`
    const lines = m.deleted ? ['_(deleted)_'] : displayLines(m.text).map((l) => `> ${md(l)}`)
    yield `${lines.join('  \n')}\n\n`
    if (m.reactions.length > 0) yield `Reactions: ${m.reactions.map((r) => `${md(displayName(r.reaction))} (${md(who(r.by))})`).join(', ')}\n\n`
  }
}

const STYLE = 'body{font:15px/1.45 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111;background:#fff}' +
  'article{border-top:1px solid #ddd;padding:.5rem 0}header{color:#555;font-size:.85rem}.fp{font-family:monospace}' +
  '.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0}.deleted{color:#888;font-style:italic}.reactions{font-size:.85rem;color:#333}'

/** A self-contained HTML export. */
export async function * renderHtml (info: ExportInfo, messages: AsyncIterable<ExportedMessage>): AsyncGenerator<string> {
  const title = `${KIND[info.kind]} ${displayName(info.title)}`
  yield '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n' +
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src \'none\'; script-src \'none\'; form-action \'none\'; base-uri \'none\'">\n' +
    '<meta name="referrer" content="no-referrer">\n' +
    `<title>${html(title)}</title><style>${STYLE}</style></head><body>\n` +
    `<h1>${html(title)}</h1>\n<p>Exported from Parley on ${html(time(info.exportedAt))}. Conversation <code>${html(info.conversation)}</code>. Fingerprints in brackets identify each author's key.</p>\n`
  for await (const m of messages) {
    const extra = notes(m)
    const text = m.deleted ? '<p class="text deleted">(deleted)</p>' : `<p class="text">${displayLines(m.text).map(html).join('<br>')}</p>`
    const reactions = m.reactions.length === 0 ? '' : `<p class="reactions">${m.reactions.map((r) => `${html(displayName(r.reaction))} <span class="fp">(${html(who(r.by))})</span>`).join(', ')}</p>`
    yield `<article id="m-${html(m.id)}"><header><strong>${html(who(m.author, m.author.nick))}</strong> · <time datetime="${html(new Date(validTime(m.sentAt) ? m.sentAt : 0).toISOString())}">${html(time(m.sentAt))}</time>${extra.length > 0 ? ` · <em>${html(extra.join(', '))}</em>` : ''}</header>${text}${reactions}</article>\n`
  }
  yield '</body></html>\n'
}
