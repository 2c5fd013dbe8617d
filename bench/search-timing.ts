// The per-keystroke timing loop shared by bench/search.ts (Node) and bench/search-chromium.ts (browser).
import { generateCatalog, keystrokes } from '../renderer/src/search/generate.js';
import { buildSearchIndex, createSearcher, linearScan } from '../renderer/src/search/index.js';
import { percentile, round2, type BenchResult } from './types.js';

export interface SearchTimings {
  readonly buildMs: number;
  readonly indexMs: number[];
  readonly linearMs: number[];
  readonly keystrokes: number;
}

/** Types every sample query keystroke by keystroke, `rounds` times, timing both ways. */
export function timeSearch(size: number, rounds: number): SearchTimings {
  const t0 = performance.now();
  const index = buildSearchIndex(generateCatalog(size));
  const buildMs = performance.now() - t0;
  const indexMs: number[] = [];
  const linearMs: number[] = [];
  const typed = keystrokes();
  for (let r = 0; r < rounds; r++) {
    for (const sequence of typed) {
      const searcher = createSearcher(index);
      for (const q of sequence) {
        const a = performance.now();
        searcher.search(q);
        indexMs.push(performance.now() - a);
        const b = performance.now();
        linearScan(index, q);
        linearMs.push(performance.now() - b);
      }
    }
  }
  return { buildMs, indexMs, linearMs, keystrokes: indexMs.length };
}

export function summarise(t: SearchTimings, where: string): BenchResult {
  const idx = [...t.indexMs].sort((a, b) => a - b);
  const lin = [...t.linearMs].sort((a, b) => a - b);
  const p95 = percentile(idx, 95);
  const linP95 = percentile(lin, 95);
  return {
    figures: {
      where,
      items: 10_000,
      keystrokes: t.keystrokes,
      'index build ms': round2(t.buildMs),
      'index p50 ms': round2(percentile(idx, 50)),
      'index p95 ms': round2(p95),
      'linear scan p50 ms': round2(percentile(lin, 50)),
      'linear scan p95 ms': round2(linP95),
      'target (issue 5)': 'p95 < 4 ms in Chromium',
    },
    ratio: { name: 'per-keystroke p95, index / linear scan', value: round2(p95 / linP95), target: '< 1' },
  };
}
