import { describe, expect, it } from 'vitest';
import { applyKey, layoutFor } from './layouts.js';
import { pinyinCandidates } from './pinyin-ime.js';

describe('on-screen keyboard', () => {
  it('ID numbers: digits, and X only as the 18th character', () => {
    expect(applyKey('id', '1101011956041212', 'X')).toBe('1101011956041212');
    expect(applyKey('id', '11010119560412123', 'X')).toBe('11010119560412123X');
    expect(applyKey('id', '11010119560412123X', '1')).toBe('11010119560412123X');
  });
  it('respects a field maximum and knows only its layouts', () => {
    expect(applyKey('numeric', '138', '0', 3)).toBe('138');
    expect(layoutFor('id')).toBe('id');
    expect(layoutFor('emoji')).toBeNull();
  });
  it('pinyin candidates: full syllables, prefixes and initials of words', () => {
    expect(pinyinCandidates('jie')).toContain('街');
    expect(pinyinCandidates('jiedao')[0]).toBe('街道');
    expect(pinyinCandidates('jd')).toContain('街道');
    expect(pinyinCandidates('zhang')).toContain('张');
    expect(pinyinCandidates('')).toEqual([]);
    // Outside the built-in list: nothing (an honest limit).
    expect(pinyinCandidates('xxxxq')).toEqual([]);
  });
});
