// Bundled by bench/search-chromium.ts and run inside Debian Chromium: the same timing loop as in Node.
import { summarise, timeSearch } from './search-timing.js';

(globalThis as unknown as { runSearchBench: (rounds: number) => unknown }).runSearchBench = (rounds: number) => {
  timeSearch(1_000, 1);
  return summarise(timeSearch(10_000, rounds), 'chromium');
};
