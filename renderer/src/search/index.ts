export { buildSearchIndex, createSearcher, linearScan, search, type SearchHit, type SearchIndex, type Searcher } from './search-index.js';
export { SCORE, type SearchableItem } from './entry.js';
export { normalizeQuery } from './normalize.js';
