// The search index: items prepared once, posting lists per character and per starting letter pair, and a
// searcher that narrows the previous keystroke's matches when the person keeps typing (every rule is
// monotone, see match.ts). Candidates come from intersecting ascending posting lists; ranking places them
// by score without sorting (rank.ts).
// Pure: no DOM, no React, no clock; runs the same in the browser, in Node tests and in the benchmark.
import { RuleSpace, prepareEntry, prepareQuery, type PreparedQuery, type SearchableItem, type SearchEntry } from './entry.js';
import { buildPostings, intersectAll } from './postings.js';
import { Ranker, rankBySorting, type Ranked, type SearchHit } from './rank.js';

export type { SearchHit } from './rank.js';

export interface SearchIndex {
  readonly entries: readonly SearchEntry[];
  /** Entry positions containing a character, ascending. */
  readonly postings: ReadonlyMap<string, Int32Array>;
  /**
   * Ranked results of every one-character query, worked out when the index is built: the first
   * keystroke matches the most items and would otherwise be the slowest.
   */
  readonly firstKeystroke: ReadonlyMap<string, Ranked>;
  /** Entry positions by the pair of letters a Latin query can start with (see SearchEntry.latinPairs). */
  readonly latinPairs: ReadonlyMap<string, Int32Array>;
  readonly ranker: Ranker;
}

export function buildSearchIndex(items: readonly SearchableItem[]): SearchIndex {
  const space = new RuleSpace();
  const entries = items.map((item, position) => prepareEntry(item, position, space));
  const postings = buildPostings(entries, (e) => e.chars);
  const latinPairs = buildPostings(entries, (e) => e.latinPairs);
  const ranker = new Ranker(entries);
  const firstKeystroke = new Map<string, Ranked>();
  for (const [ch, list] of postings) {
    const q = prepareQuery(ch);
    // Only characters a query can consist of on its own (mixed queries never have one character).
    if (q.text === ch) firstKeystroke.set(ch, ranker.rank(list, q));
  }
  return { entries, postings, firstKeystroke, latinPairs, ranker };
}

const NONE = new Int32Array(0);

/** The previous keystroke's matches and what was typed then (the query now extends it). */
interface Narrowing {
  readonly text: string;
  readonly positions: ArrayLike<number>;
}

/**
 * Positions that could match (a superset of the matches, ascending): every character of the query present
 * and, for Latin, its first pair. When narrowing, the previous matches already passed those tests for what
 * was typed then, so only the new characters (and a pair not yet complete then) are intersected.
 */
function candidatesFor(index: SearchIndex, q: PreparedQuery, previous?: Narrowing): ArrayLike<number> {
  const known = previous?.text ?? '';
  const lists: ArrayLike<number>[] = previous ? [previous.positions] : [];
  if (q.script === 'latin' && q.text.length >= 2 && known.length < 2) lists.push(index.latinPairs.get(q.text.slice(0, 2)) ?? NONE);
  for (const ch of new Set(q.text)) if (!known.includes(ch)) lists.push(index.postings.get(ch) ?? NONE);
  return intersectAll(lists);
}

function searchPrepared(index: SearchIndex, q: PreparedQuery, previous?: Narrowing): Ranked {
  return index.firstKeystroke.get(q.text) ?? index.ranker.rank(candidatesFor(index, q, previous), q);
}

/** One-off search (no memory of earlier keystrokes). */
export function search(index: SearchIndex, query: string): SearchHit[] {
  const q = prepareQuery(query);
  if (q.text.length === 0) return [];
  return [...searchPrepared(index, q).hits];
}

/** The baseline the index is measured against: every item, every rule, every keystroke, then a sort. */
export function linearScan(index: SearchIndex, query: string): SearchHit[] {
  const q = prepareQuery(query);
  if (q.text.length === 0) return [];
  return rankBySorting(index.entries, index.entries.keys(), q);
}

export interface Searcher {
  /** Results for what is in the box now; call on every keystroke. */
  search(query: string): readonly SearchHit[];
}

/** Remembers the last keystroke: typing on narrows its matches; deleting or changing script starts over. */
export function createSearcher(index: SearchIndex): Searcher {
  let last: { q: PreparedQuery; positions: Int32Array } | null = null;
  return {
    search(query: string): readonly SearchHit[] {
      const q = prepareQuery(query);
      if (q.text.length === 0) {
        last = null;
        return [];
      }
      const narrowing = last !== null && last.q.script === q.script && q.text.startsWith(last.q.text);
      const ranked = searchPrepared(index, q, narrowing ? { text: last!.q.text, positions: last!.positions } : undefined);
      last = { q, positions: ranked.positions };
      return ranked.hits;
    },
  };
}
