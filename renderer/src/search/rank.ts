// Ranking a keystroke's candidates without sorting: scores take a dozen values (SCORE), and candidates come
// in catalog order, so counting matches per score and placing each at its score's next slot gives exactly
// "best first, equal scores in catalog order" in one pass. Hit objects are made once per entry and score
// and reused on later keystrokes: a short query matches most of the catalog, and allocating thousands of
// objects per keystroke showed up as collection pauses in the p95.
import { RuleMemo, SCORE, scoreEntry, type PreparedQuery, type SearchEntry } from './entry.js';

export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

export interface Ranked {
  readonly hits: readonly SearchHit[];
  /** Matching positions, ascending (the candidates for the next keystroke). */
  readonly positions: Int32Array;
}

/** Every score a rule gives, best first; a score's place in this list is its bucket. */
const SCORES_BEST_FIRST: readonly number[] = [...new Set(Object.values(SCORE))].sort((a, b) => b - a);
const BUCKET_OF = (() => {
  const out = new Int8Array(Math.max(...SCORES_BEST_FIRST) + 1).fill(-1);
  SCORES_BEST_FIRST.forEach((score, bucket) => (out[score] = bucket));
  return out;
})();
const BUCKETS = SCORES_BEST_FIRST.length;

/** Scratch space and shared hit objects for one index (ranking is synchronous: one keystroke at a time). */
export class Ranker {
  private readonly hitsByEntry: (SearchHit | undefined)[];
  private readonly matchBucket: Uint8Array;
  private readonly matchPosition: Int32Array;
  private readonly count = new Int32Array(BUCKETS);
  private readonly memo = new RuleMemo();

  constructor(private readonly entries: readonly SearchEntry[]) {
    this.hitsByEntry = new Array<SearchHit | undefined>(entries.length * BUCKETS);
    this.matchBucket = new Uint8Array(entries.length);
    this.matchPosition = new Int32Array(entries.length);
  }

  /** `candidates` must be ascending positions; best first, equal scores in catalog order. */
  rank(candidates: ArrayLike<number>, q: PreparedQuery): Ranked {
    const { memo, entries, matchBucket, matchPosition, count } = this;
    count.fill(0);
    let m = 0;
    for (let i = 0; i < candidates.length; i++) {
      const p = candidates[i]!;
      const score = scoreEntry(entries[p]!, q, memo);
      if (score === 0) continue;
      const bucket = BUCKET_OF[score]!;
      matchPosition[m] = p;
      matchBucket[m] = bucket;
      count[bucket]!++;
      m++;
    }
    const next = new Int32Array(BUCKETS);
    for (let b = 1; b < BUCKETS; b++) next[b] = next[b - 1]! + count[b - 1]!;
    const hits = new Array<SearchHit>(m);
    for (let i = 0; i < m; i++) {
      const bucket = matchBucket[i]!;
      hits[next[bucket]!++] = this.hit(matchPosition[i]!, bucket);
    }
    return { hits, positions: matchPosition.slice(0, m) };
  }

  private hit(position: number, bucket: number): SearchHit {
    const slot = position * BUCKETS + bucket;
    return (this.hitsByEntry[slot] ??= Object.freeze({ id: this.entries[position]!.id, score: SCORES_BEST_FIRST[bucket]! }));
  }
}

/** The plain way, kept for the baseline: score every candidate, then sort. */
export function rankBySorting(entries: readonly SearchEntry[], candidates: Iterable<number>, q: PreparedQuery): SearchHit[] {
  const memo = new RuleMemo();
  const scored: { position: number; score: number }[] = [];
  for (const p of candidates) {
    const score = scoreEntry(entries[p]!, q, memo);
    if (score > 0) scored.push({ position: p, score });
  }
  scored.sort((a, b) => b.score - a.score || a.position - b.position);
  return scored.map((s) => ({ id: entries[s.position]!.id, score: s.score }));
}
