// Number checks shared by the terminal (form validation, card parsing, OCR) and the platform
// (document validation). Pure functions; see ../../../shared/reference/devices.md "Number checks".
import { err, ok, type Result } from './result.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

export type IdNumberProblem = 'length' | 'characters' | 'region' | 'birth_date' | 'check_digit';

/** GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Province-level prefixes (GB/T 2260 first two digits) including 83 (Taiwan residents' permits), 81/82 (HK/Macau). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83', '91',
]);

function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Validates an 18-character resident ID number. Accepts a lowercase x and surrounding spaces
 * (people type them); returns the normalised number.
 */
export function validateResidentIdNumber(input: string, today: Date = new Date()): Result<string, IdNumberProblem> {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return err('length');
  if (!/^\d{17}[\dX]$/.test(id)) return err('characters');
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) return err('region');
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) return err('birth_date');
  const todayStamp = today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  if (Number(birth) > todayStamp) return err('birth_date');
  if (residentIdCheckChar(id) !== id[17]) return err('check_digit');
  return ok(id);
}

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 32100 unified social credit code. */
export function validateUnifiedSocialCreditCode(input: string): Result<string, 'length' | 'characters' | 'check_digit'> {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return err('length');
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    if (USCC_ALPHABET.indexOf(code[i]!) < 0) return err('characters');
  }
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
  return check === code[17] ? ok(code) : err('check_digit');
}

/** Masks an ID number for screens and receipts: first 3 and last 4 kept (110***********1234). */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}

/** Masks a Chinese name: keeps the first character (张**). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
