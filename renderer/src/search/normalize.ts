// Turning catalog text and what a person types into comparable strings. Pinyin comes from pinyin-pro's
// built-in dictionary (context-aware for common polyphones such as 长辈 → zhang bei); it runs once per item
// when the index is built, and once per keystroke only when a query mixes Chinese and Latin letters.
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[a-z0-9]/;

/** Lower case, full-width → half-width, spaces and punctuation dropped (people type 社保 卡 or "sbk "). */
export function normalizeQuery(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

export type QueryScript = 'han' | 'latin' | 'mixed' | 'empty';

export function scriptOf(query: string): QueryScript {
  if (query.length === 0) return 'empty';
  let han = false;
  let latin = false;
  for (const ch of query) {
    if (HAN.test(ch)) han = true;
    else latin = true;
  }
  return han && latin ? 'mixed' : han ? 'han' : 'latin';
}

/**
 * Syllables of a text in reading order, without tones: 社会保障卡 → she hui bao zhang ka. Latin letters and
 * digits stay as they are (one token per run), punctuation is dropped.
 */
export function syllablesOf(text: string): string[] {
  const clean = normalizeQuery(text);
  if (clean.length === 0) return [];
  const raw = pinyin(clean, { toneType: 'none', type: 'array', v: true });
  const out: string[] = [];
  for (const s of raw) {
    const t = s.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (t.length > 0) out.push(t);
  }
  return out;
}

/** A mixed query (社bao) read entirely as pinyin: she bao. */
export function queryAsPinyin(query: string): string {
  return syllablesOf(query).join('');
}

export function isLatinOrDigit(ch: string): boolean {
  return LATIN_OR_DIGIT.test(ch);
}
