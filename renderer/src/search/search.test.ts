import { describe, expect, it } from 'vitest';
import { isSubsequence, matchesSyllablePrefixes } from './match.js';
import { normalizeQuery, syllablesOf } from './normalize.js';
import sampleCatalog from '../../../kiosk-config/catalog/sample-catalog.json' with { type: 'json' };
import { generateCatalog, keystrokes } from './generate.js';
import { buildSearchIndex, createSearcher, linearScan, SCORE, search, type SearchableItem } from './index.js';
import { prepareQuery, RuleMemo, scoreEntry } from './entry.js';
import { intersect, intersectAll } from './postings.js';

const sample: SearchableItem[] = sampleCatalog;
const index = buildSearchIndex(sample);
const top = (query: string, n = 3) => search(index, query).slice(0, n).map((h) => h.id);

describe('forgiving search over the sample catalog', () => {
  it('finds the social security card by pinyin initials, full pinyin, Chinese and a fragment', () => {
    expect(top('sbk')).toContain('svc-social-security-card');
    expect(top('shebao')).toContain('svc-social-security-card');
    expect(top('shebaoka')).toContain('svc-social-security-card');
    expect(top('社保卡')).toContain('svc-social-security-card');
    expect(top('SHE BAO')).toContain('svc-social-security-card');
    // Initials of the official name, never listed as a keyword
    expect(top('shbzk', 5)).toContain('svc-social-security-card');
  });

  it('forgives skipped characters in Chinese (社保卡 for 社会保障卡) and mixed Chinese and pinyin', () => {
    expect(top('社障卡', 5)).toContain('svc-social-security-card');
    expect(top('社bao', 5)).toContain('svc-social-security-card');
  });

  it('knows everyday words the catalog left out (驾照, 公租房) and English', () => {
    const ids = (q: string) => search(index, q).map((h) => h.id);
    expect(ids('医保').length).toBeGreaterThan(2);
    expect(ids('social security')).toContain('svc-social-security-card');
    expect(ids('公租房').length).toBeGreaterThan(0);
  });

  it('ranks a name that starts with the query above a keyword or fuzzy match', () => {
    const hits = search(index, '医保');
    expect(hits[0]!.id).toBe('svc-medical-insurance-transfer');
    expect(hits[0]!.score).toBe(SCORE.nameStart);
    expect(hits.some((h) => h.score < SCORE.nameStart)).toBe(true);
  });

  it('returns nothing for an empty or punctuation-only query, and nothing for nonsense', () => {
    expect(search(index, '')).toEqual([]);
    expect(search(index, ' ，。 ')).toEqual([]);
    expect(search(index, 'qqqqzzzz')).toEqual([]);
    expect(search(index, '鑫鑫鑫')).toEqual([]);
  });
});

describe('matching rules', () => {
  it('syllable prefixes', () => {
    const syl = syllablesOf('社会保障卡');
    expect(syl).toEqual(['she', 'hui', 'bao', 'zhang', 'ka']);
    expect(matchesSyllablePrefixes('sbk', syl)).toBe(true);
    expect(matchesSyllablePrefixes('shehuibaozhangka', syl, true)).toBe(true);
    expect(matchesSyllablePrefixes('bao', syl, true)).toBe(false);
    expect(matchesSyllablePrefixes('kb', syl)).toBe(false);
    expect(matchesSyllablePrefixes('shex', syl)).toBe(false);
  });

  it('subsequence and normalisation', () => {
    expect(isSubsequence('社保卡', '社会保障卡申领')).toBe(true);
    expect(isSubsequence('卡社', '社会保障卡')).toBe(false);
    expect(normalizeQuery(' ＳＢＫ，')).toBe('sbk');
  });
});

describe('index and searcher', () => {
  const big = buildSearchIndex(generateCatalog(2_000));

  it('agree with the linear scan on every keystroke, typing on and deleting back', () => {
    const searcher = createSearcher(big);
    for (const typed of keystrokes()) {
      for (const q of [...typed, ...[...typed].reverse()]) {
        expect(searcher.search(q)).toEqual(linearScan(big, q));
      }
    }
  });

  it('the per-keystroke memo of shared names, keywords and departments answers exactly as each entry alone', () => {
    const queries = ['s', 'sb', 'sbk', 'she', 'shebao', 'gjj', 'hk', 'yb', 'ydjy', 'zheng', 'housing', '11100', '社', '社保', '户口', '医保', '公积金', '证', '登记', '局'];
    let matched = 0;
    for (const raw of queries) {
      const q = prepareQuery(raw);
      const shared = new RuleMemo();
      for (const e of big.entries) {
        const alone = scoreEntry(e, q);
        expect(scoreEntry(e, q, shared), `${raw} on ${e.id}`).toBe(alone);
        if (alone > 0) matched++;
      }
    }
    expect(matched).toBeGreaterThan(1_000); // the comparison covered matches, not only misses
  });

  it('agree with the linear scan over the 10,000-item benchmark catalog, and when the person wanders (mixed script, English, codes, backspace and a new branch)', () => {
    const bench = buildSearchIndex(generateCatalog(10_000));
    const wandering = ['s', 'sh', 'she', 'shen', 'she', 'sheb', '社', '社b', '社ba', '社bao', 'h', 'ho', 'hou', 'housing', '1', '11', '111', '11100', '1110', '1', 'gj', 'gjj', 'gjjt', 'gjjtq', 'gjjtqx', 'gjjtq', '医', '医保', '医保转', '医'];
    for (const sequence of [...keystrokes(), wandering]) {
      const searcher = createSearcher(bench);
      for (const q of sequence) expect(searcher.search(q), q).toEqual(linearScan(bench, q));
    }
  }, 60_000);

  it('starts over when the script changes (Chinese after pinyin) instead of narrowing wrongly', () => {
    const searcher = createSearcher(big);
    searcher.search('she');
    expect(searcher.search('社')).toEqual(linearScan(big, '社'));
    expect(searcher.search('社b')).toEqual(linearScan(big, '社b'));
  });
});

describe('posting lists', () => {
  const naive = (a: number[], b: number[]) => a.filter((x) => b.includes(x));
  it('intersect by merging and, for a few against many, by looking each up; ascending either way', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => i * 3);
    for (const few of [[0, 3, 4, 5_997, 6_000], [1, 2], [], [5_997], [3, 9, 27, 81, 243, 729, 2_187]]) {
      expect([...intersect(few, many)]).toEqual(naive(few, many));
      expect([...intersect(many, few)]).toEqual(naive(few, many));
    }
    const evens = Array.from({ length: 500 }, (_, i) => i * 2);
    const fives = Array.from({ length: 200 }, (_, i) => i * 5);
    expect([...intersect(evens, fives)]).toEqual(naive(evens, fives));
    expect(Array.from(intersectAll([evens, fives, many]))).toEqual(naive(naive(evens, fives), many));
  });
});
