// Machine readable zones (ICAO 9303) of passports (TD3) and of the mainland exit-entry permits for
// Hong Kong/Macau (CS) and Taiwan (CD), with their check digits. Pure functions, shared by OCR on the
// terminal and document checks on the platform. Facts: ../../../shared/reference/devices.md "Machine
// readable zones".
import { err, ok, type Result } from './result.js';

const MRZ_WEIGHTS = [7, 3, 1] as const;

/** Value of one MRZ character for the check digit: digits as is, A–Z = 10–35, `<` = 0; -1 otherwise. */
export function mrzCharValue(c: string): number {
  if (c === '<') return 0;
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/** ICAO 9303 check digit (weights 7-3-1 repeating, sum mod 10); null if a character is not MRZ. */
export function mrzCheckDigit(field: string): number | null {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = mrzCharValue(field[i]!);
    if (v < 0) return null;
    sum += v * MRZ_WEIGHTS[i % 3]!;
  }
  return sum % 10;
}

/** True when `check` (one character) is the check digit of `field`. A `<` check counts as 0 (ICAO allows it for an empty optional field). */
export function mrzCheckPasses(field: string, check: string): boolean {
  const expected = mrzCheckDigit(field);
  if (expected === null) return false;
  if (check === '<') return expected === 0;
  return check === String(expected);
}

export type MrzProblem =
  | 'length'
  | 'characters'
  | 'format'
  | 'document_number_check'
  | 'birth_date_check'
  | 'expiry_date_check'
  | 'personal_number_check'
  | 'composite_check';

/** An MRZ date YYMMDD as YYYY-MM-DD; birth dates never lie in the future, expiry dates may be up to 50 years ahead. */
export function mrzDate(yymmdd: string, kind: 'birth' | 'expiry', today: Date = new Date()): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  const thisYear = today.getUTCFullYear();
  const century = Math.floor(thisYear / 100) * 100;
  let year = century + yy;
  if (kind === 'birth' && year > thisYear) year -= 100;
  if (kind === 'expiry' && year < thisYear - 50) year += 100;
  const d = new Date(Date.UTC(year, mm - 1, dd));
  if (mm < 1 || mm > 12 || dd < 1 || d.getUTCMonth() !== mm - 1 || d.getUTCDate() !== dd) return null;
  return `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

const MRZ_LINE = /^[A-Z0-9<]+$/;

export interface PassportMrz {
  /** The two lines as read (44 characters each). */
  readonly lines: readonly [string, string];
  readonly documentType: string;
  readonly issuingState: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  readonly nationality: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly sex: 'M' | 'F' | 'X';
  /** YYYY-MM-DD */
  readonly expiryDate: string;
  readonly personalNumber: string;
}

const stripFiller = (s: string): string => s.replace(/<+$/, '').replace(/</g, ' ').trim();

/** The checked part of a passport MRZ: everything on line 2. */
export type PassportMrzLine2 = Pick<
  PassportMrz,
  'documentNumber' | 'nationality' | 'birthDate' | 'sex' | 'expiryDate' | 'personalNumber'
> & { readonly line: string };

/**
 * Parses and checks line 2 of a TD3 MRZ, which carries every check digit (document number, birth date,
 * expiry date, personal number, composite). Line 1 (type, state, names) has no check digit at all.
 */
export function parsePassportMrzLine2(line2: string, today: Date = new Date()): Result<PassportMrzLine2, MrzProblem> {
  if (line2.length !== 44) return err('length');
  if (!MRZ_LINE.test(line2)) return err('characters');
  const documentNumber = line2.slice(0, 9);
  if (!mrzCheckPasses(documentNumber, line2[9]!)) return err('document_number_check');
  if (!mrzCheckPasses(line2.slice(13, 19), line2[19]!)) return err('birth_date_check');
  if (!mrzCheckPasses(line2.slice(21, 27), line2[27]!)) return err('expiry_date_check');
  if (!mrzCheckPasses(line2.slice(28, 42), line2[42]!)) return err('personal_number_check');
  const composite = line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43);
  if (!mrzCheckPasses(composite, line2[43]!)) return err('composite_check');
  const birthDate = mrzDate(line2.slice(13, 19), 'birth', today);
  const expiryDate = mrzDate(line2.slice(21, 27), 'expiry', today);
  const sex = line2[20] === '<' ? 'X' : line2[20];
  if (!birthDate || !expiryDate || (sex !== 'M' && sex !== 'F' && sex !== 'X')) return err('format');
  return ok({
    line: line2,
    documentNumber: stripFiller(documentNumber),
    nationality: stripFiller(line2.slice(10, 13)),
    birthDate,
    sex,
    expiryDate,
    personalNumber: stripFiller(line2.slice(28, 42)),
  });
}

/** Parses and checks a TD3 (passport data page) MRZ: every check digit, including the composite, must pass. */
export function parsePassportMrz(line1: string, line2: string, today: Date = new Date()): Result<PassportMrz, MrzProblem> {
  if (line1.length !== 44 || line2.length !== 44) return err('length');
  if (!MRZ_LINE.test(line1) || !MRZ_LINE.test(line2)) return err('characters');
  if (line1[0] !== 'P') return err('format');
  const checked = parsePassportMrzLine2(line2, today);
  if (!checked.ok) return checked;
  const { line: _line, ...fields } = checked.value;
  const [surname = '', given = ''] = line1.slice(5).split('<<');
  return ok({
    lines: [line1, line2],
    documentType: stripFiller(line1.slice(0, 2)),
    issuingState: stripFiller(line1.slice(2, 5)),
    surname: stripFiller(surname),
    givenNames: stripFiller(given),
    ...fields,
  });
}

export interface ExitEntryPermitMrz {
  readonly line: string;
  /** CS = to Hong Kong and Macau (往来港澳通行证), CD = to Taiwan (往来台湾通行证). */
  readonly permitType: 'CS' | 'CD';
  readonly documentNumber: string;
  /** YYYY-MM-DD */
  readonly expiryDate: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

/**
 * Parses and checks the one-line, 30-character MRZ of an exit-entry permit: document number [2:11] + check
 * [11]; expiry [13:19] + check [19]; birth [21:27] + check [27]; composite [29] over [2:12]+[13:20]+[21:28].
 */
export function parseExitEntryPermitMrz(line: string, today: Date = new Date()): Result<ExitEntryPermitMrz, MrzProblem> {
  if (line.length !== 30) return err('length');
  if (!MRZ_LINE.test(line)) return err('characters');
  const permitType = line.slice(0, 2);
  if (permitType !== 'CS' && permitType !== 'CD') return err('format');
  if (!mrzCheckPasses(line.slice(2, 11), line[11]!)) return err('document_number_check');
  if (!mrzCheckPasses(line.slice(13, 19), line[19]!)) return err('expiry_date_check');
  if (!mrzCheckPasses(line.slice(21, 27), line[27]!)) return err('birth_date_check');
  const composite = line.slice(2, 12) + line.slice(13, 20) + line.slice(21, 28);
  if (!mrzCheckPasses(composite, line[29]!)) return err('composite_check');
  const expiryDate = mrzDate(line.slice(13, 19), 'expiry', today);
  const birthDate = mrzDate(line.slice(21, 27), 'birth', today);
  if (!expiryDate || !birthDate) return err('format');
  return ok({ line, permitType, documentNumber: stripFiller(line.slice(2, 11)), expiryDate, birthDate });
}

const digit = (field: string): string => String(mrzCheckDigit(field) ?? 0);
const pad = (s: string, n: number): string => (s + '<'.repeat(n)).slice(0, n);

/** Builds a valid TD3 MRZ (for synthetic test documents and simulators). Dates YYMMDD. */
export function buildPassportMrz(p: {
  readonly issuingState: string;
  readonly surname: string;
  readonly givenNames: string;
  readonly documentNumber: string;
  readonly nationality: string;
  readonly birth: string;
  readonly sex: 'M' | 'F' | '<';
  readonly expiry: string;
  readonly personalNumber?: string;
}): [string, string] {
  const names = `${p.surname.replace(/ /g, '<')}<<${p.givenNames.replace(/ /g, '<')}`;
  const line1 = pad(`P<${pad(p.issuingState, 3)}${names}`, 44);
  const doc = pad(p.documentNumber, 9);
  const personal = pad(p.personalNumber ?? '', 14);
  const personalCheck = /^<+$/.test(personal) ? '<' : digit(personal);
  const body =
    doc + digit(doc) + pad(p.nationality, 3) + p.birth + digit(p.birth) + p.sex + p.expiry + digit(p.expiry) + personal + personalCheck;
  const composite = body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43);
  return [line1, body + digit(composite)];
}

/** Builds a valid exit-entry permit MRZ line (for synthetic test documents and simulators). Dates YYMMDD. */
export function buildExitEntryPermitMrz(p: {
  readonly permitType: 'CS' | 'CD';
  readonly documentNumber: string;
  readonly expiry: string;
  readonly birth: string;
}): string {
  const doc = pad(p.documentNumber, 9);
  const a = doc + digit(doc);
  const b = p.expiry + digit(p.expiry);
  const c = p.birth + digit(p.birth);
  return `${p.permitType}${a}<${b}<${c}<${digit(a + b + c)}`;
}
