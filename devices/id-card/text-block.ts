// The 256-byte UCS-2LE text block of a card read, for all three card types, chosen by the type flag
// at offset 248 (devices.md). Pure. An unknown flag is an error, never a guess at a layout.
import type { CardType } from '../../sync/protocol/catalog.js';
import { residentIdCheckChar, validateResidentIdNumber } from '../../sync/protocol/id-numbers.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { TEXT_LENGTH } from './codec.js';
import { unknownCardType, unreadableCard, type CardError } from './errors.js';
import type { ParsedCard } from './reader.js';

/** Everything a card read yields except the photo and fingerprint. */
export type CardText = Omit<ParsedCard, 'photoWlt' | 'photoBmp' | 'fingerprint'> & {
  /** The raw type flag: ' ' resident, 'I' / 'Y' foreigner (old / 2023), 'J' HK/Macau/Taiwan. */
  readonly typeFlag: string;
};

export type Field = readonly [offset: number, length: number];

/** Field offsets in bytes. Resident card; the HK/Macau/Taiwan permit shares it and adds two fields. */
export const RESIDENT_LAYOUT = {
  name: [0, 30],
  gender: [30, 2],
  nation: [32, 4],
  birth: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuer: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
  permitNumber: [220, 18],
  issueCount: [238, 4],
} as const satisfies Record<string, Field>;

/** Foreigner's permanent residence card before 2023 (flag 'I'): English name first, 15-character number. */
export const FOREIGNER_OLD_LAYOUT = {
  englishName: [0, 120],
  gender: [120, 2],
  idNumber: [122, 30],
  nationality: [152, 6],
  name: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
  birth: [220, 16],
  cardVersion: [236, 4],
  authorityCode: [240, 8],
} as const satisfies Record<string, Field>;

/** Foreigner's permanent residence ID card, 2023 style (flag 'Y'): 18-digit number, English name in two parts. */
export const FOREIGNER_2023_LAYOUT = {
  name: [0, 30],
  gender: [30, 2],
  renewalCount: [32, 4],
  birth: [36, 16],
  englishName: [52, 70],
  idNumber: [122, 36],
  validFrom: [188, 16],
  validUntil: [204, 16],
  englishNameContinued: [220, 22],
  nationality: [242, 6],
  previousNumberLink: [250, 6],
} as const satisfies Record<string, Field>;

export const TYPE_FLAG_FIELD: Field = [248, 2];

/** The 2023 card's chip carries no issuer field; the card face names this authority. */
export const FOREIGNER_2023_ISSUER = '中华人民共和国国家移民管理局';

const NO_EXPIRY = '长期';

export interface ParseOptions {
  /** Injectable clock for `expired` and the ID number's birth-date check. */
  readonly now?: () => Date;
}

class FieldProblem extends Error {}

export function parseTextBlock(block: Uint8Array, opts: ParseOptions = {}): Result<CardText, CardError> {
  if (block.length !== TEXT_LENGTH) return err(unreadableCard(`text block of ${block.length} bytes, expected ${TEXT_LENGTH}`));
  const now = (opts.now ?? (() => new Date()))();
  const flag = readField(block, TYPE_FLAG_FIELD);
  try {
    switch (flag) {
      case '':
        return ok(parseResident(block, now));
      case 'J':
        return ok(parseHmtPermit(block, now));
      case 'I':
        return ok(parseForeignerOld(block, now));
      case 'Y':
        return ok(parseForeigner2023(block, now));
      default:
        // Report the flag's code unit, which is not personal data.
        return err(unknownCardType(`type flag U+${(block[248]! | (block[249]! << 8)).toString(16).toUpperCase().padStart(4, '0')} at offset 248`));
    }
  } catch (e) {
    if (e instanceof FieldProblem) return err(unreadableCard(`${flagName(flag)}: ${e.message}`));
    throw e;
  }
}

function flagName(flag: string): string {
  return flag === '' ? 'resident card' : `card type '${flag}'`;
}

/** UCS-2LE, padded with spaces (some readers pad with NUL); trailing padding removed. */
export function readField(block: Uint8Array, [offset, length]: Field): string {
  return decodePadded(block, [offset, length]).trim();
}

function required(block: Uint8Array, field: Field, name: string): string {
  const value = readField(block, field);
  if (value === '') throw new FieldProblem(`${name} at offset ${field[0]} is empty`);
  return value;
}

/** 'YYYYMMDD' → 'YYYY-MM-DD', rejecting impossible dates. Errors name the field, never the value. */
function date(block: Uint8Array, field: Field, name: string): string {
  const raw = required(block, field, name);
  const iso = isoDate(raw);
  if (iso === null) throw new FieldProblem(`${name} at offset ${field[0]} is not a YYYYMMDD date`);
  return iso;
}

export function isoDate(raw: string): string | null {
  if (!/^\d{8}$/.test(raw)) return null;
  const y = Number(raw.slice(0, 4));
  const m = Number(raw.slice(4, 6));
  const d = Number(raw.slice(6, 8));
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (y < 1880 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
}

function validUntil(block: Uint8Array, field: Field): string | null {
  const raw = required(block, field, 'validUntil');
  if (raw === NO_EXPIRY) return null;
  const iso = isoDate(raw);
  if (iso === null) throw new FieldProblem(`validUntil at offset ${field[0]} is neither YYYYMMDD nor 长期`);
  return iso;
}

/** Cards expire by the calendar in China (UTC+8, no daylight saving), whatever the machine's zone. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function isExpired(until: string | null, now: Date): boolean {
  // The card is valid through its last day.
  return until !== null && until < chinaToday(now);
}

function gender(block: Uint8Array, field: Field): ParsedCard['gender'] {
  const code = readField(block, field);
  switch (code) {
    case '0':
      return 'unknown';
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '9':
      return 'unstated';
    default:
      throw new FieldProblem(`gender at offset ${field[0]} is not 0, 1, 2 or 9`);
  }
}

function nationCode(block: Uint8Array, field: Field): string {
  const code = required(block, field, 'nation');
  const n = Number(code);
  if (!/^\d{2}$/.test(code) || !((n >= 1 && n <= 56) || n === 97 || n === 98)) {
    throw new FieldProblem(`nation at offset ${field[0]} is not a code 01–56, 97 or 98`);
  }
  return code;
}

function birthDigits(iso: string): string {
  return iso.replaceAll('-', '');
}

/** GB 11643 number whose birth date also matches the card's birth field. */
function residentNumberValid(id: string, birth: string, now: Date): boolean {
  return validateResidentIdNumber(id, now).ok && id.slice(6, 14) === birthDigits(birth);
}

function parseResident(block: Uint8Array, now: Date): CardText {
  const L = RESIDENT_LAYOUT;
  const birthDate = date(block, L.birth, 'birthDate');
  const idNumber = required(block, L.idNumber, 'idNumber');
  const until = validUntil(block, L.validUntil);
  return {
    typeFlag: ' ',
    cardType: 'resident' satisfies CardType,
    name: required(block, L.name, 'name'),
    gender: gender(block, L.gender),
    nationCode: nationCode(block, L.nation),
    birthDate,
    address: required(block, L.address, 'address'),
    idNumber,
    idNumberValid: residentNumberValid(idNumber, birthDate, now),
    issuer: required(block, L.issuer, 'issuer'),
    validFrom: date(block, L.validFrom, 'validFrom'),
    validUntil: until,
    expired: isExpired(until, now),
  };
}

function parseHmtPermit(block: Uint8Array, now: Date): CardText {
  const L = RESIDENT_LAYOUT;
  const birthDate = date(block, L.birth, 'birthDate');
  const idNumber = required(block, L.idNumber, 'idNumber');
  const until = validUntil(block, L.validUntil);
  const issueCountText = required(block, L.issueCount, 'issueCount');
  if (!/^\d{1,2}$/.test(issueCountText)) throw new FieldProblem(`issueCount at offset ${L.issueCount[0]} is not a number`);
  // Residence permit numbers start 810000 (Hong Kong), 820000 (Macau), 830000 (Taiwan).
  const hmtPrefix = /^8[123]0000/.test(idNumber);
  return {
    typeFlag: 'J',
    cardType: 'hmt_residence',
    name: required(block, L.name, 'name'),
    gender: gender(block, L.gender),
    birthDate,
    address: required(block, L.address, 'address'),
    idNumber,
    idNumberValid: hmtPrefix && residentNumberValid(idNumber, birthDate, now),
    issuer: required(block, L.issuer, 'issuer'),
    validFrom: date(block, L.validFrom, 'validFrom'),
    validUntil: until,
    expired: isExpired(until, now),
    permitNumber: required(block, L.permitNumber, 'permitNumber'),
    issueCount: Number(issueCountText),
  };
}

function nationality(block: Uint8Array, field: Field): string {
  const code = required(block, field, 'nationality');
  if (!/^[A-Z]{3}$/.test(code)) throw new FieldProblem(`nationality at offset ${field[0]} is not an ISO 3166 alpha-3 code`);
  return code;
}

function parseForeignerOld(block: Uint8Array, now: Date): CardText {
  const L = FOREIGNER_OLD_LAYOUT;
  const birthDate = date(block, L.birth, 'birthDate');
  const idNumber = required(block, L.idNumber, 'idNumber');
  const englishName = required(block, L.englishName, 'englishName');
  const until = validUntil(block, L.validUntil);
  // Old numbers: nationality (3 letters), region (2 digits), birth YYMMDD, then 4 digits. There is no
  // published check digit, so validity is the shape and the birth date agreeing with the card.
  const idNumberValid = /^[A-Z]{3}\d{12}$/.test(idNumber) && idNumber.slice(5, 11) === birthDigits(birthDate).slice(2);
  return {
    typeFlag: 'I',
    cardType: 'foreign_permanent',
    name: readField(block, L.name) || englishName,
    englishName,
    gender: gender(block, L.gender),
    nationCode: nationality(block, L.nationality),
    birthDate,
    address: '',
    idNumber,
    idNumberValid,
    issuer: required(block, L.authorityCode, 'authorityCode'),
    validFrom: date(block, L.validFrom, 'validFrom'),
    validUntil: until,
    expired: isExpired(until, now),
  };
}

function parseForeigner2023(block: Uint8Array, now: Date): CardText {
  const L = FOREIGNER_2023_LAYOUT;
  const birthDate = date(block, L.birth, 'birthDate');
  const idNumber = required(block, L.idNumber, 'idNumber');
  // A name longer than 35 characters runs on at offset 220; then the first part is full, not padded.
  const continued = readRaw(block, L.englishNameContinued);
  const englishName = continued === '' ? required(block, L.englishName, 'englishName') : readRaw(block, L.englishName) + continued;
  const until = validUntil(block, L.validUntil);
  // 2023 numbers: '9', region (2), nationality (3 digits), birth YYYYMMDD, sequence (3), GB 11643 check.
  const idNumberValid =
    /^9\d{16}[\dX]$/.test(idNumber) && residentIdCheckChar(idNumber) === idNumber[17] && idNumber.slice(6, 14) === birthDigits(birthDate);
  return {
    typeFlag: 'Y',
    cardType: 'foreign_permanent',
    name: readField(block, L.name) || englishName,
    englishName,
    gender: gender(block, L.gender),
    nationCode: nationality(block, L.nationality),
    birthDate,
    address: '',
    idNumber,
    idNumberValid,
    issuer: FOREIGNER_2023_ISSUER,
    validFrom: date(block, L.validFrom, 'validFrom'),
    validUntil: until,
    expired: isExpired(until, now),
  };
}

/** The continuation of a long English name keeps its leading space (names split mid-word or at one). */
function readRaw(block: Uint8Array, [offset, length]: Field): string {
  return decodePadded(block, [offset, length]).trimEnd();
}

/** Some readers pad with NUL instead of spaces; both are padding. */
function decodePadded(block: Uint8Array, [offset, length]: Field): string {
  return new TextDecoder('utf-16le').decode(block.subarray(offset, offset + length)).replaceAll('\u0000', ' ');
}
