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

export function prepareEntry(item: SearchableItem, position: number): SearchEntry {
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

function scoreHan(e: SearchEntry, q: string): number {
  if (e.nameZh.startsWith(q)) return SCORE.nameStart;
  if (e.nameZh.includes(q)) return SCORE.nameContains;
  let best = 0;
  for (const k of e.keywords) {
    if (k === q) return SCORE.keywordExact;
    if (k.includes(q)) best = SCORE.keywordContains;
  }
  if (best) return best;
  if (isSubsequence(q, e.nameZh)) return SCORE.nameFuzzy;
  if (e.keywords.some((k) => isSubsequence(q, k))) return SCORE.keywordFuzzy;
  if (e.departmentZh.includes(q)) return SCORE.department;
  return 0;
}

function scoreLatin(e: SearchEntry, q: string, departments?: DepartmentMemo): number {
  if (matchesSyllablePrefixes(q, e.nameSyllables, true)) return SCORE.nameSyllablesFromStart;
  let best = 0;
  for (let i = 0; i < e.keywords.length; i++) {
    const k = e.keywords[i]!;
    // Latin keywords in the catalog (sbk, jzz) are matched as typed.
    if (k === q) return SCORE.keywordExact;
    if (k.includes(q)) best = Math.max(best, SCORE.keywordContains);
    else if (best < SCORE.keywordSyllables && matchesSyllablePrefixes(q, e.keywordSyllables[i]!)) best = SCORE.keywordSyllables;
  }
  if (best >= SCORE.keywordContains) return best;
  if (matchesSyllablePrefixes(q, e.nameSyllables)) return SCORE.nameSyllables;
  if (best) return best;
  if (e.nameEnCompact.includes(q)) return SCORE.englishName;
  if (e.code.length > 0 && e.code.includes(q)) return SCORE.code;
  const department = departments ? departments.matches(e, q) : matchesSyllablePrefixes(q, e.departmentSyllables) || e.departmentEnCompact.includes(q);
  if (department) return SCORE.department;
  return 0;
}

/**
 * Per-query memo of the department rule: a catalog has a few dozen departments shared by thousands of
 * items, so the rule is decided once per department and keystroke, not once per item.
 */
export class DepartmentMemo {
  private query = '';
  private readonly answers = new Map<string, boolean>();
  matches(e: SearchEntry, q: string): boolean {
    if (q !== this.query) {
      this.query = q;
      this.answers.clear();
    }
    let answer = this.answers.get(e.departmentZh);
    if (answer === undefined) {
      answer = matchesSyllablePrefixes(q, e.departmentSyllables) || e.departmentEnCompact.includes(q);
      this.answers.set(e.departmentZh, answer);
    }
    return answer;
  }
}

/** 0 when the entry does not match. */
export function scoreEntry(e: SearchEntry, q: PreparedQuery, departments?: DepartmentMemo): number {
  if (q.text.length === 0) return 0;
  return q.script === 'han' ? scoreHan(e, q.text) : scoreLatin(e, q.text, departments);
}
