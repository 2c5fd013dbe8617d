// Key fields from OCR text: resident ID numbers (GB 11643), unified social credit codes (GB 32100),
// passport TD3 MRZ and exit-entry permit (CS/CD) MRZ. Pure: text in, fields out. OCR mixes up letters
// and digits that look alike, so each position is read in its own alphabet (a digit position turns O
// into 0, a letter position turns 0 into O) — but a field is returned ONLY when its check digits pass
// after that, which is what makes it safe to offer as prefill.
import {
  parseExitEntryPermitMrz,
  parsePassportMrzLine2,
} from '../../sync/protocol/document-numbers.js';
import { validateResidentIdNumber, validateUnifiedSocialCreditCode } from '../../sync/protocol/id-numbers.js';
import type { DocumentField } from '../api/devices.js';

export type DocumentFieldKind = DocumentField['kind'];

/** The API's field type: defined with the TerminalApi so the renderer sees the same shape. */
export type ExtractedField = DocumentField;

/** Read as a digit: the shapes OCR confuses with 0–9. */
const AS_DIGIT: Readonly<Record<string, string>> = {
  O: '0', Q: '0', D: '0', U: '0',
  I: '1', L: '1', '|': '1', '!': '1', T: '1', J: '1',
  Z: '2',
  S: '5', $: '5',
  G: '6', b: '6',
  B: '8',
  g: '9', q: '9',
};
/** Read as a letter: the shapes OCR confuses with A–Z. */
const AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
/** Read as MRZ filler: only shapes that are never MRZ characters (K is a real letter, so it is not here). */
const AS_FILLER: Readonly<Record<string, string>> = { '«': '<', '‹': '<', '(': '<', '[': '<', '{': '<', '£': '<' };

const digitAt = (c: string): string => (/\d/.test(c) ? c : (AS_DIGIT[c] ?? AS_DIGIT[c.toUpperCase()] ?? c));
const letterAt = (c: string): string => AS_LETTER[c] ?? c.toUpperCase();

/** Runs of characters that could belong to a code: spaces removed (OCR splits long numbers), everything else breaks a run. */
function codeRuns(text: string): string[] {
  const runs: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const squeezed = line.replace(/[\s\u3000]+/g, '').replace(/«/g, '<<');
    for (const m of squeezed.matchAll(/[A-Za-z0-9<|!$«‹([{£]+/g)) runs.push(m[0]);
  }
  return runs;
}

function* windows(run: string, size: number): Generator<string> {
  for (let i = 0; i + size <= run.length; i++) yield run.slice(i, i + size);
}

/**
 * Windows that touch the start or the end of the run. A printed number stands on its own; OCR may glue
 * noise to one side of it, but a window from the middle of a longer run (an MRZ line, say) is a different
 * number, and the mod-31 credit-code check alone would let one in thirty-one of those through.
 */
function* edgeWindows(run: string, size: number): Generator<string> {
  if (run.length < size || run.includes('<')) return;
  yield run.slice(0, size);
  if (run.length > size) yield run.slice(run.length - size);
}

function residentIds(run: string, today: Date): ExtractedField[] {
  const found: ExtractedField[] = [];
  for (const raw of edgeWindows(run, 18)) {
    const mapped = [...raw.slice(0, 17)].map(digitAt).join('') + (raw[17] === 'x' || raw[17] === '×' ? 'X' : digitAt(raw[17]!));
    const r = validateResidentIdNumber(mapped, today);
    if (r.ok) found.push({ kind: 'resident_id', value: r.value, corrected: mapped !== raw });
  }
  return found;
}

const USCC_FIRST = /^[1-9ANY]$/;
/** USCC has no I, O, S, V, Z: those are always misread digits. */
const USCC_NOT_LETTERS: Readonly<Record<string, string>> = { O: '0', I: '1', S: '5', Z: '2', o: '0', l: '1', '|': '1' };

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * GB 11714 check of the organisation code inside a credit code ([8:17]). A second, independent check
 * (mod 11 on top of GB 32100's mod 31) so that a misread ID number or a stray 18-character run is not
 * taken for a credit code by the one-in-31 chance.
 */
export function organisationCodeCheckPasses(code9: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code9)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code9[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return code9[8] === (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

function usccs(run: string): ExtractedField[] {
  const found: ExtractedField[] = [];
  for (const raw of edgeWindows(run, 18)) {
    // [2:8] is the administrative region code: digits only.
    const mapped = [...raw]
      .map((c, i) => (i >= 2 && i < 8 ? digitAt(c) : (USCC_NOT_LETTERS[c] ?? c.toUpperCase())))
      .join('');
    if (!USCC_FIRST.test(mapped[0]!) || !/^[1-9]$/.test(mapped[1]!) || !/^\d{6}$/.test(mapped.slice(2, 8))) continue;
    const r = validateUnifiedSocialCreditCode(mapped);
    if (r.ok && organisationCodeCheckPasses(r.value.slice(8, 17))) found.push({ kind: 'uscc', value: r.value, corrected: mapped !== raw });
  }
  return found;
}

/** Reads a TD3 line 2 position by position in its own alphabet. */
function td3Line2Candidates(raw: string): string[] {
  const c = [...raw];
  const at = (i: number, f: (ch: string) => string) => (c[i] = f(c[i]!));
  for (const i of [9, 19, 27, 43]) at(i, digitAt);
  for (let i = 13; i < 19; i++) at(i, digitAt);
  for (let i = 21; i < 27; i++) at(i, digitAt);
  for (const i of [10, 11, 12, 20]) at(i, (ch) => AS_FILLER[ch] ?? letterAt(ch));
  for (let i = 28; i < 43; i++) at(i, (ch) => AS_FILLER[ch] ?? ch.toUpperCase());
  // Empty personal number: its check is '<' and the field is all filler (the composite still checks this).
  if (c[42] === '<') for (let i = 28; i < 42; i++) c[i] = '<';
  for (let i = 0; i < 9; i++) at(i, (ch) => ch.toUpperCase());
  const asRead = c.join('');
  // Document numbers mix letters and digits (Chinese passports: one or two letters, then digits). Try as
  // read first, then with the tail read as digits; the check digit decides.
  const digitTail = asRead.slice(0, 1) + [...asRead.slice(1, 9)].map(digitAt).join('') + asRead.slice(9);
  const twoLetterTail = asRead.slice(0, 2) + [...asRead.slice(2, 9)].map(digitAt).join('') + asRead.slice(9);
  return [...new Set([asRead, digitTail, twoLetterTail])];
}

function passports(run: string, today: Date): ExtractedField[] {
  const found: ExtractedField[] = [];
  if (run.length < 44) return found;
  for (const raw of windows(run, 44)) {
    for (const candidate of td3Line2Candidates(raw)) {
      const r = parsePassportMrzLine2(candidate, today);
      if (!r.ok) continue;
      found.push({
        kind: 'passport_mrz',
        value: r.value.documentNumber,
        corrected: candidate !== raw,
        nationality: r.value.nationality,
        birthDate: r.value.birthDate,
        expiryDate: r.value.expiryDate,
        sex: r.value.sex,
        mrz: r.value.line,
      });
      break;
    }
  }
  return found;
}

function permits(run: string, today: Date): ExtractedField[] {
  const found: ExtractedField[] = [];
  for (const raw of windows(run, 30)) {
    if (raw[0] !== 'C' && raw[0] !== 'c') continue;
    const c = [...raw];
    c[0] = 'C';
    c[1] = /[S5$9s]/.test(c[1]!) ? 'S' : /[D0O]/.test(c[1]!) ? 'D' : c[1]!;
    c[2] = letterAt(c[2]!);
    for (let i = 3; i < 12; i++) c[i] = digitAt(c[i]!);
    for (const i of [12, 20, 28]) c[i] = '<';
    for (let i = 13; i < 20; i++) c[i] = digitAt(c[i]!);
    for (let i = 21; i < 28; i++) c[i] = digitAt(c[i]!);
    c[29] = digitAt(c[29]!);
    const candidate = c.join('');
    const r = parseExitEntryPermitMrz(candidate, today);
    if (!r.ok) continue;
    found.push({
      kind: 'exit_entry_permit_mrz',
      value: r.value.documentNumber,
      corrected: candidate !== raw,
      permitType: r.value.permitType,
      birthDate: r.value.birthDate,
      expiryDate: r.value.expiryDate,
      mrz: r.value.line,
    });
  }
  return found;
}

/**
 * Every check-digit-verified field in the text, once each (by kind and value), in reading order. A
 * resident ID number that happens to pass the credit-code check too is reported as an ID number only.
 */
export function extractDocumentFields(text: string, today: Date = new Date()): ExtractedField[] {
  const out: ExtractedField[] = [];
  const seen = new Set<string>();
  const add = (f: ExtractedField): void => {
    const key = `${f.kind}:${f.value}`;
    if (seen.has(key)) return;
    if (f.kind === 'uscc' && seen.has(`resident_id:${f.value}`)) return;
    seen.add(key);
    out.push(f);
  };
  for (const run of codeRuns(text)) {
    for (const f of passports(run, today)) add(f);
    for (const f of permits(run, today)) add(f);
    for (const f of residentIds(run, today)) add(f);
    for (const f of usccs(run)) add(f);
  }
  return out;
}
