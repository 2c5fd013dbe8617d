// The search index: items prepared once, a posting list per character, and a searcher that narrows the
// previous keystroke's matches when the person keeps typing (every rule is monotone, see match.ts).
// Pure: no DOM, no React, no clock; runs the same in the browser, in Node tests and in the benchmark.
import { RuleMemo, RuleSpace, prepareEntry, prepareQuery, scoreEntry, type PreparedQuery, type SearchableItem, type SearchEntry } from './entry.js';

export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

export interface SearchIndex {
  readonly entries: readonly SearchEntry[];
  /** Entry positions containing a character, ascending. */
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /**
   * Ranked results of every one-character query, worked out when the index is built: the first
   * keystroke matches the most items and would otherwise be the slowest.
   */
  readonly firstKeystroke: ReadonlyMap<string, Ranked>;
  /** Entry positions by the pair of letters a Latin query can start with (see SearchEntry.latinPairs). */
  readonly latinPairs: ReadonlyMap<string, readonly number[]>;
}

interface Ranked {
  readonly hits: SearchHit[];
  /** Matching positions, ascending (the candidates for the next keystroke). */
  readonly positions: number[];
}

export function buildSearchIndex(items: readonly SearchableItem[]): SearchIndex {
  const space = new RuleSpace();
  const entries = items.map((item, position) => prepareEntry(item, position, space));
  const lists = new Map<string, number[]>();
  for (const e of entries) {
    for (const ch of e.chars) {
      let list = lists.get(ch);
      if (!list) lists.set(ch, (list = []));
      list.push(e.position);
    }
  }
  const pairs = new Map<string, number[]>();
  for (const e of entries) {
    for (const pair of e.latinPairs) {
      let list = pairs.get(pair);
      if (!list) pairs.set(pair, (list = []));
      list.push(e.position);
    }
  }
  const firstKeystroke = new Map<string, Ranked>();
  for (const [ch, list] of lists) {
    const q = prepareQuery(ch);
    // Only characters a query can consist of on its own (mixed queries never have one character).
    if (q.text === ch) firstKeystroke.set(ch, rank(entries, list, q));
  }
  return { entries, postings: lists, firstKeystroke, latinPairs: pairs };
}

/** Best first; equal scores keep the catalog's order (high-frequency first). */
function rank(entries: readonly SearchEntry[], candidates: Iterable<number>, q: PreparedQuery): Ranked {
  const memo = new RuleMemo();
  const scored: { position: number; score: number }[] = [];
  for (const p of candidates) {
    const score = scoreEntry(entries[p]!, q, memo);
    if (score > 0) scored.push({ position: p, score });
  }
  scored.sort((a, b) => b.score - a.score || a.position - b.position);
  return {
    hits: scored.map((s) => ({ id: entries[s.position]!.id, score: s.score })),
    positions: scored.map((s) => s.position).sort((a, b) => a - b),
  };
}

/** Positions that could match: every character of the query present and, for Latin, its first pair (a superset of the matches). */
function candidatesFor(index: SearchIndex, q: PreparedQuery): readonly number[] {
  const distinct = [...new Set(q.text)];
  const pair = q.script === 'latin' && q.text.length >= 2 ? q.text.slice(0, 2) : null;
  let rarest: readonly number[] | undefined = pair === null ? undefined : (index.latinPairs.get(pair) ?? []);
  for (const ch of distinct) {
    const list = index.postings.get(ch);
    if (!list) return [];
    if (!rarest || list.length < rarest.length) rarest = list;
  }
  if (!rarest) return [];
  return rarest.filter((p) => {
    const e = index.entries[p]!;
    return distinct.every((ch) => e.chars.has(ch)) && (pair === null || e.latinPairs.has(pair));
  });
}

/** One-off search (no memory of earlier keystrokes). */
export function search(index: SearchIndex, query: string): SearchHit[] {
  const q = prepareQuery(query);
  if (q.text.length === 0) return [];
  return (index.firstKeystroke.get(q.text) ?? rank(index.entries, candidatesFor(index, q), q)).hits;
}

/** The baseline the index is measured against: every item, every rule, every keystroke. */
export function linearScan(index: SearchIndex, query: string): SearchHit[] {
  const q = prepareQuery(query);
  if (q.text.length === 0) return [];
  return rank(index.entries, index.entries.keys(), q).hits;
}

export interface Searcher {
  /** Results for what is in the box now; call on every keystroke. */
  search(query: string): SearchHit[];
}

/** Remembers the last keystroke: typing on narrows its matches; deleting or changing script starts over. */
export function createSearcher(index: SearchIndex): Searcher {
  let last: { q: PreparedQuery; positions: number[] } | null = null;
  return {
    search(query: string): SearchHit[] {
      const q = prepareQuery(query);
      if (q.text.length === 0) {
        last = null;
        return [];
      }
      // From the second Latin letter on, the pair postings are usually far fewer than the first keystroke's matches.
      const narrowing = last !== null && last.q.script === q.script && q.text.startsWith(last.q.text) && !(q.script === 'latin' && q.text.length === 2);
      const ranked = index.firstKeystroke.get(q.text) ?? rank(index.entries, narrowing ? last!.positions : candidatesFor(index, q), q);
      last = { q, positions: ranked.positions };
      return ranked.hits;
    },
  };
}
