/**
 * @packageDocumentation
 * The Markdown subset of messages, parsed into a tree both hosts render without HTML:
 * {@link parseFormatted} (message-format.ts).
 */
export { MAX_FORMAT_DEPTH, parseFormatted, type FormattedBlock, type FormattedInline } from './message-format.js'
