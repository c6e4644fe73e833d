/**
 * @packageDocumentation
 * Full-text search over the profile's history, with the index kept sealed in
 * the profile: {@link SearchIndex} (search-index.ts).
 */
export { SearchIndex, type SearchIndexInit, type SearchQueryOptions, type SearchResult } from './search-index.js'
export type { SearchableMessage } from './documents.js'
export { InvalidSearchError } from './errors.js'
export { DEFAULT_SEARCH_LIMIT, MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT } from './constants.js'
