// The matching rules, shared by the index and the plain linear scan it is measured against (and tested
// to agree with). Every rule is monotone: whatever matches "sbk" also matched "sb", which lets the index
// narrow the previous keystroke's matches instead of scanning again.

/** Every character of `query` appears in `text` in the same order (社保卡 in 社会保障卡申领). */
export function isSubsequence(query: string, text: string): boolean {
  let i = 0;
  for (let j = 0; j < text.length && i < query.length; j++) {
    if (text.charCodeAt(j) === query.charCodeAt(i)) i++;
  }
  return i === query.length;
}

/** Longest query handled by the syllable rule; longer input is cut (nobody types 64 letters into a kiosk). */
export const MAX_QUERY = 64;
const MAX_SYLLABLES = 64;
// A failure memo shared by all calls, cleared by bumping a generation number instead of allocating:
// this runs for every item on every keystroke.
const failedAt = new Uint32Array(MAX_QUERY * MAX_SYLLABLES);
let generation = 0;

/**
 * The query split into pieces, each the start of a syllable, syllables taken in order, some may be
 * skipped: sbk, shebao, shbzk, shebaoka all match she·hui·bao·zhang·ka. `contiguousFromStart` requires the
 * first piece on the first syllable and no syllable skipped (ranked higher: the person typed the name's start).
 */
export function matchesSyllablePrefixes(query: string, syllables: readonly string[], contiguousFromStart = false): boolean {
  if (query.length === 0) return true;
  if (syllables.length === 0 || query.length > MAX_QUERY) return false;
  generation = generation === 0xffffffff ? 1 : generation + 1;
  if (generation === 1) failedAt.fill(0);
  return go(query, syllables, contiguousFromStart, 0, 0);
}

function go(query: string, syllables: readonly string[], contiguous: boolean, qi: number, sj: number): boolean {
  if (qi === query.length) return true;
  const n = Math.min(syllables.length, MAX_SYLLABLES);
  if (sj >= n) return false;
  const memo = qi * MAX_SYLLABLES + sj;
  if (failedAt[memo] === generation) return false;
  const last = contiguous ? sj : n - 1;
  const first = query.charCodeAt(qi);
  for (let k = sj; k <= last; k++) {
    const syl = syllables[k]!;
    if (syl.charCodeAt(0) !== first) continue;
    let p = 1;
    while (p < syl.length && qi + p < query.length && syl.charCodeAt(p) === query.charCodeAt(qi + p)) p++;
    // Longest piece first: "shebao" prefers she|bao over s|h|e…
    for (let take = p; take >= 1; take--) {
      if (go(query, syllables, contiguous, qi + take, k + 1)) return true;
    }
  }
  failedAt[memo] = generation;
  return false;
}
