// Search as the person types: per-keystroke time over a generated 10,000-item catalog, the index (prefix
// narrowing + character postings + precomputed first keystrokes) against a linear scan applying the same
// rules to every item, in Node. bench/search-chromium.ts runs the same module in Debian Chromium, where
// the target (p95 < 4 ms) applies.
import { summarise, timeSearch } from './search-timing.js';
import type { Bench } from './types.js';

export const benches: Bench[] = [
  {
    name: 'search: per-keystroke p95 over 10,000 items (Node)',
    run: async ({ quick }) => {
      // A warm-up round first: the kiosk has been running; JIT and pinyin tables are warm.
      timeSearch(1_000, 1);
      return summarise(timeSearch(10_000, quick ? 1 : 5), 'node');
    },
  },
];
