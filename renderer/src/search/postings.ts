// Posting lists (ascending entry positions in typed arrays) and their intersection by merging: cheaper
// than testing each candidate's character set, and the result stays ascending for the ranker.

/** Builds ascending posting lists keyed by what `keysOf` yields for each position. */
export function buildPostings<T>(items: readonly T[], keysOf: (item: T) => Iterable<string>): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  items.forEach((item, position) => {
    for (const key of keysOf(item)) {
      let list = lists.get(key);
      if (!list) lists.set(key, (list = []));
      list.push(position);
    }
  });
  return new Map([...lists].map(([key, list]) => [key, Int32Array.from(list)]));
}

/** Positions in both ascending lists, ascending. */
export function intersect(a: ArrayLike<number>, b: ArrayLike<number>): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  // A few candidates against a long list (gjjt's 18 within a letter's thousands): look each one up.
  if (a.length * 16 < b.length) return intersectBySearch(a, b);
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

function intersectBySearch(short: ArrayLike<number>, long: ArrayLike<number>): Int32Array {
  const out = new Int32Array(short.length);
  let n = 0;
  let from = 0;
  for (let i = 0; i < short.length; i++) {
    const x = short[i]!;
    let lo = from;
    let hi = long.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (long[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === long.length) break;
    if (long[lo] === x) out[n++] = x;
    from = lo;
  }
  return out.subarray(0, n);
}

/** Positions in every list (shortest first keeps each step small); empty when there are none. */
export function intersectAll(lists: readonly ArrayLike<number>[]): ArrayLike<number> {
  if (lists.length === 0) return new Int32Array(0);
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let out: ArrayLike<number> = sorted[0]!;
  for (let k = 1; k < sorted.length && out.length > 0; k++) out = intersect(out, sorted[k]!);
  return out;
}
