// The form engine: turns a catalog item's declared fields into prefilled values, validation problems
// and display values. Pure functions (no React, no clock unless passed), so it is tested directly.
import type { CardIdentity } from '../../../main/api/devices.js';
import type { FormField, PrefillSource } from '../../../sync/protocol/catalog.js';
import {
  maskIdNumber,
  maskName,
  validateResidentIdNumber,
  validateUnifiedSocialCreditCode,
} from '../../../sync/protocol/id-numbers.js';
import type { MessageKey, MessageVars } from '../i18n/translate.js';
import { nationName } from './nations.js';

export type FormValues = Readonly<Record<string, string>>;

/** A problem with one field, as an i18n key and its placeholders: shown in plain words next to the field. */
export interface FieldProblem {
  readonly message: MessageKey;
  readonly vars?: MessageVars;
}

export type FormProblems = Readonly<Record<string, FieldProblem>>;

/** Default upper bound when a field declares none (the application schema allows 2000 per value). */
export const DEFAULT_MAX_LENGTH: Readonly<Record<FormField['type'], number>> = {
  text: 200,
  textarea: 2000,
  idNumber: 18,
  phone: 20,
  date: 10,
  select: 200,
  number: 30,
  uscc: 18,
};

function prefillFromCard(source: PrefillSource, card: CardIdentity): string {
  switch (source) {
    case 'card.name':
      return card.name;
    case 'card.idNumber':
      return card.idNumber;
    case 'card.gender':
      return card.gender;
    case 'card.birthDate':
      return card.birthDate;
    case 'card.address':
      return card.address;
    case 'card.nation':
      return nationName(card.nationCode);
  }
}

/** Only the card's chip knows these: an identity from a QR or typing leaves them for the person to fill in. */
const CHIP_ONLY: ReadonlySet<PrefillSource> = new Set(['card.address', 'card.nation']);

const GENDER_WORDS: Readonly<Record<CardIdentity['gender'], string>> = {
  male: '男',
  female: '女',
  unknown: '未知',
  unstated: '未说明',
};

/**
 * Initial values for a form: every field gets a string; fields with a prefill source take the card's
 * value. A select keeps the value only when it is one of its options; a free-text gender gets the word.
 */
export function prefillValues(fields: readonly FormField[], card: CardIdentity | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    let value = '';
    if (card && field.prefill && !(card.identifiedBy && CHIP_ONLY.has(field.prefill))) {
      value = prefillFromCard(field.prefill, card);
      if (field.type === 'select') {
        if (!field.options?.some((o) => o.value === value)) value = '';
      } else if (field.prefill === 'card.gender') {
        value = GENDER_WORDS[card.gender];
      }
    }
    values[field.key] = value;
  }
  return values;
}

/** Keys whose values came from the card (shown with a "read from your card" note). */
export function prefilledKeys(fields: readonly FormField[], card: CardIdentity | null, values: FormValues): Set<string> {
  const initial = prefillValues(fields, card);
  const keys = new Set<string>();
  for (const field of fields) {
    if (field.prefill && initial[field.key] && initial[field.key] === values[field.key]) keys.add(field.key);
  }
  return keys;
}

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}\d{7,8}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Spaces and dashes people type in phone numbers; '+86' / '86' country prefix. */
export function normalizePhone(value: string): string {
  let digits = value.replace(/[\s\-()（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return digits;
}

function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const ID_PROBLEM_MESSAGES = {
  length: 'form.error.idLength',
  characters: 'form.error.idCharacters',
  region: 'form.error.idRegion',
  birth_date: 'form.error.idBirthDate',
  check_digit: 'form.error.idCheckDigit',
} as const satisfies Record<string, MessageKey>;

const USCC_PROBLEM_MESSAGES = {
  length: 'form.error.usccLength',
  characters: 'form.error.usccCharacters',
  check_digit: 'form.error.usccCheckDigit',
} as const satisfies Record<string, MessageKey>;

function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    // A bad pattern in the catalog must not lock people out: the platform validates again.
    console.warn('catalog form field has an invalid pattern', pattern);
    return null;
  }
}

/** Validates one field. Returns null when the value is acceptable. */
export function validateField(field: FormField, rawValue: string, today: Date = new Date()): FieldProblem | null {
  const value = rawValue.trim();
  if (value === '') return field.required ? { message: 'form.error.required' } : null;

  const max = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
  if (Array.from(value).length > max) return { message: 'form.error.tooLong', vars: { max } };

  switch (field.type) {
    case 'idNumber': {
      const result = validateResidentIdNumber(value, today);
      if (!result.ok) return { message: ID_PROBLEM_MESSAGES[result.error] };
      break;
    }
    case 'uscc': {
      const result = validateUnifiedSocialCreditCode(value);
      if (!result.ok) return { message: USCC_PROBLEM_MESSAGES[result.error] };
      break;
    }
    case 'phone': {
      const digits = normalizePhone(value);
      if (!MOBILE.test(digits) && !LANDLINE.test(digits)) return { message: 'form.error.phone' };
      break;
    }
    case 'date':
      if (!isRealDate(value)) return { message: 'form.error.date' };
      break;
    case 'number':
      if (!NUMBER.test(value)) return { message: 'form.error.number' };
      break;
    case 'select':
      if (!field.options?.some((o) => o.value === value)) return { message: 'form.error.select' };
      break;
    case 'text':
    case 'textarea':
      break;
  }

  if (field.pattern) {
    const re = compilePattern(field.pattern);
    if (re && !re.test(value)) return { message: 'form.error.pattern' };
  }
  return null;
}

export function validateForm(fields: readonly FormField[], values: FormValues, today: Date = new Date()): FormProblems {
  const problems: Record<string, FieldProblem> = {};
  for (const field of fields) {
    const problem = validateField(field, values[field.key] ?? '', today);
    if (problem) problems[field.key] = problem;
  }
  return problems;
}

/** The values as they are stored: trimmed, ID numbers and codes upper-cased, phones without spaces. */
export function normalizeValues(fields: readonly FormField[], values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.key] ?? '').trim();
    switch (field.type) {
      case 'idNumber':
      case 'uscc':
        out[field.key] = value.toUpperCase();
        break;
      case 'phone':
        out[field.key] = normalizePhone(value);
        break;
      default:
        out[field.key] = value;
    }
  }
  return out;
}

/**
 * On the form, ID numbers are masked wherever they are not being edited; the person's own name is shown
 * in full there (they check it), and masked on the review and the receipt.
 */
export function isMaskedWhileNotEditing(field: FormField): boolean {
  return isMaskedField(field) === 'idNumber';
}

/** Whether a field holds personal identity data that the review screen masks. */
export function isMaskedField(field: FormField): 'idNumber' | 'name' | null {
  if (field.type === 'idNumber' || field.prefill === 'card.idNumber') return 'idNumber';
  if (field.prefill === 'card.name') return 'name';
  return null;
}

/** What the review (and a form field that is not being edited, for ID numbers) shows for a value. */
export function displayValue(field: FormField, value: string): string {
  switch (isMaskedField(field)) {
    case 'idNumber':
      return value ? maskIdNumber(value.trim().toUpperCase()) : '';
    case 'name':
      return value ? maskName(value.trim()) : '';
    default:
      return value;
  }
}
