// One catalog item prepared for matching: normalised Chinese, pinyin syllables, English, keywords
// (the catalog's and the everyday words), and the scoring rules. Used by the index and by the linear scan.
import { isSubsequence, matchesSyllablePrefixes } from './match.js';
import { normalizeQuery, queryAsPinyin, scriptOf, syllablesOf, type QueryScript } from './normalize.js';
import { everydayWordsFor } from './synonyms.js';

export interface SearchableItem {
  readonly id: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly department: { readonly zh: string; readonly en: string };
  readonly keywords?: readonly string[];
  readonly code?: string;
}

export interface SearchEntry {
  readonly position: number;
  readonly id: string;
  readonly nameZh: string;
  readonly nameSyllables: readonly string[];
  /**
   * Small integers for the parts many entries share (RuleSpace): the name's syllables, each keyword, the
   * department. RuleMemo decides a rule once per part and keystroke, looked up by these numbers.
   */
  readonly nameRule: number;
  readonly keywordRules: readonly number[];
  readonly departmentRule: number;
  readonly nameEn: string;
  /** English name without spaces ("socialsecurity" matches "social security"). */
  readonly nameEnCompact: string;
  readonly keywords: readonly string[];
  readonly keywordSyllables: readonly (readonly string[])[];
  readonly departmentZh: string;
  readonly departmentSyllables: readonly string[];
  readonly departmentEnCompact: string;
  readonly code: string;
  /** Every character any rule can match: a query with a character outside this set cannot match. */
  readonly chars: ReadonlySet<string>;
  /**
   * Every pair of letters a Latin query matching this entry can start with: the first two letters of a
   * syllable, an initial followed by a later syllable's initial (same word), and every adjacent pair of
   * the texts matched as typed (English name, Latin keywords, code, English department).
   */
  readonly latinPairs: ReadonlySet<string>;
}

function addSyllablePairs(out: Set<string>, syllables: readonly string[]): void {
  for (let k = 0; k < syllables.length; k++) {
    const syl = syllables[k]!;
    if (syl.length >= 2) out.add(syl.slice(0, 2));
    for (let later = k + 1; later < syllables.length; later++) out.add(syl[0]! + syllables[later]![0]!);
  }
}

function addTextPairs(out: Set<string>, text: string): void {
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
}

/** Why an item matched, strongest first; the number is the rank score. */
export const SCORE = {
  nameStart: 100,
  nameContains: 90,
  keywordExact: 88,
  nameSyllablesFromStart: 86,
  keywordContains: 80,
  nameSyllables: 75,
  keywordSyllables: 70,
  englishName: 62,
  nameFuzzy: 60,
  keywordFuzzy: 50,
  code: 40,
  department: 30,
} as const;

/** Numbers the shared parts of entries (see SearchEntry.nameRule); one per index. */
export class RuleSpace {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

export function prepareEntry(item: SearchableItem, position: number, space: RuleSpace = new RuleSpace()): SearchEntry {
  const nameZh = normalizeQuery(item.name.zh);
  const own = (item.keywords ?? []).map(normalizeQuery).filter((k) => k.length > 0);
  const keywords = [...new Set([...own, ...everydayWordsFor([nameZh, ...own]).map(normalizeQuery)])];
  const nameSyllables = syllablesOf(item.name.zh);
  const keywordSyllables = keywords.map(syllablesOf);
  const departmentZh = normalizeQuery(item.department.zh);
  const departmentSyllables = syllablesOf(item.department.zh);
  const nameEn = item.name.en.normalize('NFKC').toLowerCase();
  const departmentEn = item.department.en.normalize('NFKC').toLowerCase();
  const code = normalizeQuery(item.code ?? '');
  const chars = new Set<string>();
  const add = (s: string) => {
    for (const ch of s) chars.add(ch);
  };
  [nameZh, ...keywords, departmentZh, nameEn.replace(/\s+/g, ''), departmentEn.replace(/\s+/g, ''), code].forEach(add);
  [nameSyllables, ...keywordSyllables, departmentSyllables].forEach((syls) => syls.forEach(add));
  const latinPairs = new Set<string>();
  addSyllablePairs(latinPairs, nameSyllables);
  keywordSyllables.forEach((syls) => addSyllablePairs(latinPairs, syls));
  addSyllablePairs(latinPairs, departmentSyllables);
  keywords.forEach((k) => addTextPairs(latinPairs, k));
  [nameEn.replace(/\s+/g, ''), departmentEn.replace(/\s+/g, ''), code].forEach((t) => addTextPairs(latinPairs, t));
  return {
    position,
    id: item.id,
    nameZh,
    nameSyllables,
    nameRule: space.id(`n\u0000${nameSyllables.join(' ')}`),
    keywordRules: keywords.map((k) => space.id(`k\u0000${k}`)),
    departmentRule: space.id(`d\u0000${departmentZh}\u0000${departmentSyllables.join(' ')}\u0000${departmentEn.replace(/\s+/g, '')}`),
    nameEn,
    nameEnCompact: nameEn.replace(/\s+/g, ''),
    keywords,
    keywordSyllables,
    departmentZh,
    departmentSyllables,
    departmentEnCompact: departmentEn.replace(/\s+/g, ''),
    code,
    chars,
    latinPairs,
  };
}

export interface PreparedQuery {
  /** What the rules compare: the normalised query, or its pinyin for a mixed one (社bao → shebao). */
  readonly text: string;
  readonly script: QueryScript;
}

export function prepareQuery(raw: string): PreparedQuery {
  const normalized = normalizeQuery(raw);
  const script = scriptOf(normalized);
  return script === 'mixed' ? { text: queryAsPinyin(normalized), script: 'latin' } : { text: normalized, script };
}

/** What a keyword says about a query: the strongest rule it satisfies (decided once per keyword and query). */
const KEYWORD_NONE = 0;

function keywordRuleHan(k: string, q: string): number {
  if (k === q) return SCORE.keywordExact;
  if (k.includes(q)) return SCORE.keywordContains;
  return isSubsequence(q, k) ? SCORE.keywordFuzzy : KEYWORD_NONE;
}

function keywordRuleLatin(k: string, syllables: readonly string[], q: string): number {
  // Latin keywords in the catalog (sbk, jzz) are matched as typed.
  if (k === q) return SCORE.keywordExact;
  if (k.includes(q)) return SCORE.keywordContains;
  return matchesSyllablePrefixes(q, syllables) ? SCORE.keywordSyllables : KEYWORD_NONE;
}

/** One rule's answers by part number; a generation stamp (one per keystroke) marks what is known. */
class Answers {
  private stamp = new Uint32Array(64);
  private value = new Int8Array(64);
  /**
   * The answer for this keystroke, or a "no" from an earlier keystroke of the same run of typing on
   * (stamped at or after `runStart`): every rule is monotone, so what did not match a prefix of the query
   * cannot match the query.
   */
  get(id: number, generation: number, runStart: number): number | undefined {
    if (id >= this.stamp.length) return undefined;
    const stamp = this.stamp[id]!;
    if (stamp === generation) return this.value[id];
    return stamp >= runStart && this.value[id] === 0 ? 0 : undefined;
  }
  set(id: number, generation: number, answer: number): number {
    if (id >= this.stamp.length) {
      const size = Math.max(id + 1, this.stamp.length * 2);
      const stamp = new Uint32Array(size);
      stamp.set(this.stamp);
      const value = new Int8Array(size);
      value.set(this.value);
      this.stamp = stamp;
      this.value = value;
    }
    this.stamp[id] = generation;
    this.value[id] = answer;
    return answer;
  }
  clear(): void {
    this.stamp.fill(0);
  }
}

/**
 * Per-keystroke memo of the rules that depend only on a part many entries share: keywords (the everyday words
 * and a catalog's own keywords repeat across services), names (the same service offered by several offices),
 * departments (a few dozen for thousands of items). Each is decided once per keystroke instead of once per
 * item, then read back by the part's number; the answers are exactly those of the rules themselves. Kept
 * across keystrokes (one per index), a part's "no" also stands while the person types on.
 */
export class RuleMemo {
  private query = '';
  private generation = 0;
  /** The generation of the first keystroke of the current run, where each query extended the one before. */
  private runStart = 1;
  private readonly keywords = new Answers();
  private readonly namesFromStart = new Answers();
  private readonly names = new Answers();
  private readonly departments = new Answers();

  private forQuery(q: string): number {
    if (q !== this.query) {
      const extends_ = this.query.length > 0 && q.startsWith(this.query);
      this.query = q;
      if (this.generation === 0xffffffff) {
        this.generation = 0;
        for (const a of [this.keywords, this.namesFromStart, this.names, this.departments]) a.clear();
        this.runStart = 1;
      }
      this.generation++;
      if (!extends_) this.runStart = this.generation;
    }
    return this.generation;
  }

  keywordHan(e: SearchEntry, i: number, q: string): number {
    const g = this.forQuery(q);
    const id = e.keywordRules[i]!;
    return this.keywords.get(id, g, this.runStart) ?? this.keywords.set(id, g, KEYWORD_RULE_CODE[keywordRuleHan(e.keywords[i]!, q)]!);
  }

  keywordLatin(e: SearchEntry, i: number, q: string): number {
    const g = this.forQuery(q);
    const id = e.keywordRules[i]!;
    return this.keywords.get(id, g, this.runStart) ?? this.keywords.set(id, g, KEYWORD_RULE_CODE[keywordRuleLatin(e.keywords[i]!, e.keywordSyllables[i]!, q)]!);
  }

  nameSyllables(e: SearchEntry, q: string, fromStart: boolean): boolean {
    const g = this.forQuery(q);
    const answers = fromStart ? this.namesFromStart : this.names;
    const known = answers.get(e.nameRule, g, this.runStart);
    if (known !== undefined) return known === 1;
    return answers.set(e.nameRule, g, matchesSyllablePrefixes(q, e.nameSyllables, fromStart) ? 1 : 0) === 1;
  }

  department(e: SearchEntry, q: string): boolean {
    const g = this.forQuery(q);
    const known = this.departments.get(e.departmentRule, g, this.runStart);
    if (known !== undefined) return known === 1;
    const answer = matchesSyllablePrefixes(q, e.departmentSyllables) || e.departmentEnCompact.includes(q);
    return this.departments.set(e.departmentRule, g, answer ? 1 : 0) === 1;
  }
}

/** Keyword rule scores stored as small codes in the memo (Int8Array), and back. */
const KEYWORD_RULE_CODE: Readonly<Record<number, number>> = {
  [KEYWORD_NONE]: 0,
  [SCORE.keywordFuzzy]: 1,
  [SCORE.keywordSyllables]: 2,
  [SCORE.keywordContains]: 3,
  [SCORE.keywordExact]: 4,
};
const KEYWORD_RULE_SCORE = [KEYWORD_NONE, SCORE.keywordFuzzy, SCORE.keywordSyllables, SCORE.keywordContains, SCORE.keywordExact] as const;

/** For one-off scoring (tests): a memo that lives for one call. */
const fresh = () => new RuleMemo();

function scoreHan(e: SearchEntry, q: string, memo: RuleMemo): number {
  if (e.nameZh.startsWith(q)) return SCORE.nameStart;
  if (e.nameZh.includes(q)) return SCORE.nameContains;
  let best = 0;
  let fuzzyKeyword = false;
  for (let i = 0; i < e.keywords.length; i++) {
    const rule = KEYWORD_RULE_SCORE[memo.keywordHan(e, i, q)]!;
    if (rule === SCORE.keywordExact) return rule;
    if (rule === SCORE.keywordContains) best = rule;
    else if (rule === SCORE.keywordFuzzy) fuzzyKeyword = true;
  }
  if (best) return best;
  if (isSubsequence(q, e.nameZh)) return SCORE.nameFuzzy;
  if (fuzzyKeyword) return SCORE.keywordFuzzy;
  if (e.departmentZh.includes(q)) return SCORE.department;
  return 0;
}

function scoreLatin(e: SearchEntry, q: string, memo: RuleMemo): number {
  if (memo.nameSyllables(e, q, true)) return SCORE.nameSyllablesFromStart;
  let best = 0;
  for (let i = 0; i < e.keywords.length; i++) {
    const rule = KEYWORD_RULE_SCORE[memo.keywordLatin(e, i, q)]!;
    if (rule === SCORE.keywordExact) return rule;
    if (rule > best) best = rule;
  }
  if (best >= SCORE.keywordContains) return best;
  if (memo.nameSyllables(e, q, false)) return SCORE.nameSyllables;
  if (best) return best;
  if (e.nameEnCompact.includes(q)) return SCORE.englishName;
  if (e.code.length > 0 && e.code.includes(q)) return SCORE.code;
  if (memo.department(e, q)) return SCORE.department;
  return 0;
}

/** 0 when the entry does not match. Pass one memo for all entries of a keystroke. */
export function scoreEntry(e: SearchEntry, q: PreparedQuery, memo: RuleMemo = fresh()): number {
  if (q.text.length === 0) return 0;
  return q.script === 'han' ? scoreHan(e, q.text, memo) : scoreLatin(e, q.text, memo);
}
